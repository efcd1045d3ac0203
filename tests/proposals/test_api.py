"""The API: the public list and summary, and one staff operation per step with due_on
(invalid transition → 409, missing outcome → 422)."""

import datetime as dt
import json

import pytest

from gongkai.proposals import services
from tests.proposals.factories import register

D = dt.date
pytestmark = pytest.mark.django_db


def post(client, url, body=None):
    return client.post("/api/v1" + url, json.dumps(body or {}), content_type="application/json")


def test_staff_steps_return_due_on(client, agency, officer, lead):
    client.force_login(officer)
    response = post(client, "/staff/proposals", {
        "agency": agency.slug, "kind": "deputy_suggestion", "session": "市十五届人大三次会议",
        "number": "0088", "proposers": "张代表", "subject": "关于法律援助的建议",
        "registered_on": "2020-01-20"})
    assert response.status_code == 201, response.content
    data = response.json()
    base = f"/staff/proposals/{agency.slug}/{data['year']}/{data['serial']}"
    response = post(client, base + "/assign", {"lead_department": lead.name,
                                               "assigned_on": "2020-11-30"})
    assert response.status_code == 200 and response.json()["due_on"] == "2021-02-28"
    response = post(client, base + "/reply", {"text": "答复。", "replied_on": "2020-12-20"})
    assert response.status_code == 422 and "outcome" in response.json()["error"]["fields"]
    response = post(client, base + "/redo")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invalid_transition"
    response = post(client, base + "/reply", {"outcome": "A", "text": "答复。",
                                              "replied_on": "2020-12-20"})
    # Dec 21–31 (9 working days; 1 Jan a holiday), Jan 4–15 (19), 18 Jan (20).
    assert response.json()["replies"][0]["publish_by"] == "2021-01-18"
    response = post(client, base + "/publish")
    assert response.status_code == 200 and response.json()["replies"][0]["published_on"]
    response = post(client, base + "/feedback", {"satisfaction": "satisfied"})
    assert response.json()["status"] == "closed"
    assert client.get("/api/v1" + base).json()["status"] == "closed"


def test_public_list_shows_published_replies_only(client, agency, officer, lead):
    shown = register(agency, officer)
    services.proposal_assign(actor=officer, proposal=shown, lead_department=lead,
                             assigned_on=D(2020, 2, 1))
    reply = services.proposal_reply(actor=officer, proposal=shown, outcome="C",
                                    text="以后解决。联系电话：13812345678", replied_on=D(2020, 3, 2))
    services.reply_publish(actor=officer, reply=reply, today=D(2020, 3, 10))
    register(agency, officer)
    response = client.get("/api/v1/proposals", {"agency": agency.slug, "year": 2020})
    data = response.json()
    assert data["total"] == 1
    assert data["results"][0]["replies"][0]["outcome"] == "C"
    assert "13812345678" not in response.content.decode()
    summary = client.get(f"/api/v1/proposals/summary/{agency.slug}/2020").json()
    assert summary["total"] == 2 and summary["published_on_time"] == 1


def test_staff_api_refuses_anonymous_and_other_agencies(client, agency, other_agency, officer):
    from gongkai.core.models import Role
    from tests.factories import staff

    proposal = register(agency, officer)
    url = f"/api/v1/staff/proposals/{agency.slug}/{proposal.year}/{proposal.serial}"
    assert client.get(url).status_code == 401
    client.force_login(staff(Role.AGENCY_ADMIN, other_agency, "p-api-b"))
    assert client.get(url).status_code == 404


def test_api_corrects_an_unpublished_answer(client, agency, officer, lead):
    proposal = register(agency, officer)
    services.proposal_assign(actor=officer, proposal=proposal, lead_department=lead,
                             assigned_on=D(2020, 2, 1))
    services.proposal_reply(actor=officer, proposal=proposal, outcome="A",
                            text="身份证11010519491231002X", replied_on=D(2020, 3, 2))
    client.force_login(officer)
    base = f"/staff/proposals/{agency.slug}/{proposal.year}/{proposal.serial}"
    assert post(client, base + "/publish").status_code == 422  # the scan refuses
    assert post(client, base + "/reply/correct", {"text": "已答复。"}).status_code == 200
    assert post(client, base + "/publish").status_code == 200
    assert post(client, base + "/reply/correct", {"text": "再改"}).status_code == 409
