"""The catalogue API: public reads show only public records; staff writes go through the
same services, with the stable error shape."""

import datetime as dt
from urllib.parse import quote

import pytest

from gongkai.catalogue.models import DisclosureAttribute, Record
from gongkai.catalogue.services import (
    genre_get_or_create,
    record_approve,
    record_create,
    record_submit,
    record_update,
)
from gongkai.core.services import api_token_create
from tests.factories import record_fields


def publish(editor, reviewer, agency, **overrides):
    record = record_create(actor=editor, agency=agency, **record_fields(**overrides))
    record_submit(actor=editor, record=record)
    return record_approve(actor=reviewer, record=record)


@pytest.fixture
def published(editor, reviewer, agency):
    return publish(editor, reviewer, agency)


@pytest.mark.django_db
def test_list_shape_and_fields(client, published):
    body = client.get("/api/v1/records", {"agency": "sfj"}).json()
    assert body["total"] == 1 and body["page"] == 1
    item = body["results"][0]
    assert {"id", "index_number", "document_number", "title", "agency", "formed_on",
            "published_on", "disclosure_attribute", "topic", "genre", "url"} <= set(item)
    assert item["index_number"] == "002420455M/2020-00001"
    assert item["document_number"] == "沪司办〔2020〕6号"
    assert item["disclosure_attribute"] == "proactive"
    assert item["url"] == f"/sfj/disclosure/records/{published.pk}/"


@pytest.mark.django_db
def test_filters_and_newest_first(client, editor, reviewer, agency):
    import time_machine

    with time_machine.travel(dt.datetime(2024, 3, 1, 10, tzinfo=dt.UTC)):
        a = publish(editor, reviewer, agency, document_number="", title="甲",
                    formed_on=dt.date(2024, 2, 1))
    with time_machine.travel(dt.datetime(2024, 6, 1, 10, tzinfo=dt.UTC)):
        b = publish(editor, reviewer, agency, document_number="", title="乙",
                    formed_on=dt.date(2024, 5, 1),
                    genre=genre_get_or_create(code="report", name="报告"))
    ids = [r["id"] for r in client.get("/api/v1/records").json()["results"]]
    assert ids == [b.pk, a.pk]
    assert [r["id"] for r in client.get("/api/v1/records", {"genre": "report"}).json()[
        "results"]] == [b.pk]
    assert client.get("/api/v1/records", {"year": 2023}).json()["total"] == 0
    bad = client.get("/api/v1/records", {"agency": "nope"})
    assert bad.status_code == 422 and "agency" in bad.json()["error"]["fields"]


@pytest.mark.django_db
def test_detail_and_by_index_with_encoded_slash(client, published):
    assert client.get(f"/api/v1/records/{published.pk}").json()["title"].startswith("关于印发")
    encoded = quote(published.index_number, safe="")
    assert "%2F" in encoded
    body = client.get(f"/api/v1/records/by-index/{encoded}").json()
    assert body["id"] == published.pk
    assert client.get("/api/v1/records/by-index/002420455M%2F2020-09999").status_code == 404


@pytest.mark.django_db
def test_public_api_shows_the_published_version_not_the_working_copy(client, editor,
                                                                      published):
    record_update(actor=editor, record=published, title="尚未审查的新标题")
    assert client.get(f"/api/v1/records/{published.pk}").json()["title"] != "尚未审查的新标题"


@pytest.mark.django_db
def test_non_public_records_never_appear(client, editor, reviewer, agency):
    draft = record_create(actor=editor, agency=agency, **record_fields(document_number=""))
    private = publish(editor, reviewer, agency, document_number="",
                      disclosure_attribute=DisclosureAttribute.ON_REQUEST,
                      withholding_reason="涉及第三方权益")
    assert client.get("/api/v1/records").json()["total"] == 0
    for record in (draft, private):
        assert client.get(f"/api/v1/records/{record.pk}").status_code == 404
    encoded = quote(private.index_number, safe="")
    assert client.get(f"/api/v1/records/by-index/{encoded}").status_code == 404


@pytest.mark.django_db
def test_staff_flow_over_the_api_with_a_token(client, editor, reviewer):
    _t, editor_token = api_token_create(actor=editor, user=editor)
    _t, reviewer_token = api_token_create(actor=reviewer, user=reviewer)
    as_editor = {"HTTP_AUTHORIZATION": f"Bearer {editor_token}"}
    as_reviewer = {"HTTP_AUTHORIZATION": f"Bearer {reviewer_token}"}
    payload = {"agency": "sfj", "title": "关于调整法律援助经济困难标准的通知",
               "document_number": "沪司发[2024]3号", "formed_on": "2024-03-01",
               "topic": "legal-aid", "genre": "notice", "body": "正文。"}
    created = client.post("/api/v1/records", payload, content_type="application/json",
                          **as_editor)
    assert created.status_code == 201, created.content
    record_id = created.json()["id"]
    assert created.json()["document_number"] == "沪司发〔2024〕3号"
    assert client.post(f"/api/v1/records/{record_id}/approve", {}, content_type="application/json",
                       **as_reviewer).status_code == 409  # still a draft
    assert client.post(f"/api/v1/records/{record_id}/submit", **as_editor).json()["status"] == \
        "in_review"
    assert client.post(f"/api/v1/records/{record_id}/approve", {},
                       content_type="application/json", **as_editor).status_code == 403
    approved = client.post(f"/api/v1/records/{record_id}/approve", {},
                           content_type="application/json", **as_reviewer).json()
    assert approved["status"] == "published" and approved["is_public"] is True
    assert client.get(f"/api/v1/records/{record_id}").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"document_number": "沪司办2020年6号"}, "document_number"),
        ({"formed_on": "2099-01-01"}, "formed_on"),
        ({"formed_on": "2024-02-30"}, "formed_on"),
        ({"topic": "nope"}, "topic"),
        ({"disclosure_attribute": "withheld"}, "withholding_reason"),
        ({"disclosure_attribute": "secret"}, "disclosure_attribute"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_staff_input_gets_field_errors_and_writes_nothing(client, editor, change, field):
    client.force_login(editor)
    payload = {"agency": "sfj", "title": "标题", "formed_on": "2024-03-01",
               "topic": "general", "genre": "notice", **change}
    response = client.post("/api/v1/records", payload, content_type="application/json")
    assert response.status_code == 422, response.content
    assert field in response.json()["error"]["fields"]
    assert not Record.objects.exists()


@pytest.mark.django_db
def test_malformed_json_is_a_4xx(client, editor):
    client.force_login(editor)
    response = client.post("/api/v1/records", "{not json", content_type="application/json")
    assert 400 <= response.status_code < 500
    assert "error" in response.json()


@pytest.mark.django_db
def test_other_agency_staff_cannot_see_or_change(client, other_editor, published):
    client.force_login(other_editor)
    assert client.post(f"/api/v1/records/{published.pk}/withdraw", {"reason": "x"},
                       content_type="application/json").status_code == 404
    assert client.get("/api/v1/staff/records").json()["total"] == 0
