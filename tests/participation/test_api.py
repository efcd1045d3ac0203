import datetime as dt

import pytest
import time_machine

from gongkai.participation import services
from gongkai.participation.models import Registration, SurveyResponse
from tests.participation.factories import open_day, questions, survey_with_questions

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _answers(qs):
    q1, q2, q3, q4, q5 = qs
    return {str(q1.pk): 0, str(q2.pk): [1], str(q3.pk): 3, str(q4.pk): {"0": 1, "1": 2},
            str(q5.pk): "文字"}


def test_survey_get_and_respond(client, agency, editor):
    survey = survey_with_questions(agency, editor)
    qs = questions(survey)
    body = client.get(f"{API}/surveys/{agency.slug}/{survey.number}").json()
    assert body["phase"] == "open" and len(body["questions"]) == 5
    assert body["questions"][1]["show_if"] == qs[0].pk
    url = f"{API}/surveys/{agency.organisation_code}/{survey.number}/responses"
    created = client.post(url, {"answers": _answers(qs)}, content_type="application/json",
                          headers={"Idempotency-Key": "abc"})
    assert created.status_code == 201
    again = client.post(url, {"answers": _answers(qs)}, content_type="application/json",
                        headers={"Idempotency-Key": "abc"})
    assert again.status_code == 200 and again.json()["response_id"] == created.json()["response_id"]
    bad = client.post(url, {"answers": {str(qs[0].pk): 9}}, content_type="application/json")
    assert bad.status_code == 422
    assert set(bad.json()["error"]["fields"]) == {f"q{qs[0].pk}", f"q{qs[2].pk}"}
    assert SurveyResponse.objects.count() == 1


def test_closed_survey_409_nothing_stored(client, agency, editor):
    survey = survey_with_questions(agency, editor)
    with time_machine.travel(survey.closes_at + dt.timedelta(seconds=1)):
        response = client.post(f"{API}/surveys/{agency.slug}/{survey.number}/responses",
                               {"answers": _answers(questions(survey))},
                               content_type="application/json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "survey_closed"
    assert SurveyResponse.objects.count() == 0


def test_results_only_when_published(client, agency, editor):
    survey = survey_with_questions(agency, editor)
    qs = questions(survey)
    services.response_submit(survey=survey, answers=_answers(qs))
    url = f"{API}/surveys/{agency.slug}/{survey.number}/results"
    assert client.get(url).status_code == 404
    with time_machine.travel(survey.closes_at + dt.timedelta(seconds=1)):
        services.survey_results_publish(actor=editor, survey=survey, question_ids=[qs[0].pk, qs[3].pk])
        body = client.get(url).json()
    assert body["responses"] == 1
    assert [r["position"] for r in body["results"]] == [1, 4]
    assert body["results"][0]["bars"][0] == {"label": "是", "count": 1, "share": 100.0}
    assert body["results"][1]["matrix"][0]["row"] == "准点"


def test_events_and_registrations(client, agency, editor):
    od = open_day(agency, editor, capacity=1)
    open_day(agency, editor, publish=False, theme="草稿活动")
    listing = client.get(f"{API}/events", {"agency": agency.slug}).json()
    assert listing["total"] == 1 and listing["results"][0]["places_left"] == 1
    url = f"{API}/events/{agency.slug}/{od.number}/registrations"
    first = client.post(url, {"name": "甲", "phone": "13800000001"}, content_type="application/json")
    assert first.status_code == 201 and first.json()["status"] == "confirmed"
    assert len(first.json()["checkin_code"]) == 8
    second = client.post(url, {"name": "乙", "email": "b@example.org"}, content_type="application/json")
    assert second.json()["status"] == "waitlisted" and second.json()["waitlist_position"] == 1
    twice = client.post(url, {"name": "乙", "email": "B@example.org"}, content_type="application/json")
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "already_registered"
    empty = client.post(url, {}, content_type="application/json")
    assert empty.status_code == 422 and "name" in empty.json()["error"]["fields"]
    assert Registration.objects.count() == 2
    assert client.post(f"{API}/events/{agency.slug}/99/registrations", {"name": "丙"},
                       content_type="application/json").status_code == 404


def test_openapi_lists_operations(client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    assert "/api/v1/surveys/{agency}/{number}/responses" in paths
    assert "/api/v1/events/{agency}/{number}/registrations" in paths


def test_one_per_person_through_the_api_by_email(client, agency, editor, mailoutbox,
                                                 django_capture_on_commit_callbacks):
    survey = survey_with_questions(agency, editor, one_per_person=True)
    url = f"{API}/surveys/{agency.slug}/{survey.number}/responses"
    refused = client.post(url, {"answers": _answers(questions(survey))},
                          content_type="application/json")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "sign_in_required"
    with django_capture_on_commit_callbacks(execute=True):
        pending = client.post(url, {"answers": _answers(questions(survey)),
                                    "confirm_email": "api@example.org"},
                              content_type="application/json")
    assert pending.status_code == 202 and pending.json()["confirmation_sent"] is True
    assert SurveyResponse.objects.count() == 0 and len(mailoutbox) == 1
    bad = client.post(url, {"answers": _answers(questions(survey)), "confirm_email": "x"},
                      content_type="application/json")
    assert bad.status_code == 422 and "confirm_email" in bad.json()["error"]["fields"]
