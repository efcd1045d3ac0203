import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from gongkai.core.models import Role
from gongkai.core.services import api_token_create
from gongkai.opinion import services
from gongkai.opinion.models import Concern, Stage
from tests.factories import staff
from tests.opinion.factories import SH, concern

pytestmark = pytest.mark.django_db


def test_staff_register_and_see_time_left(agency, client, editor):
    client.force_login(editor)
    with time_machine.travel(dt.datetime(2026, 12, 2, 23, 0, tzinfo=SH), tick=False):
        future = client.post(reverse("staff:opinion_new"), {
            "agency": agency.pk, "title": "网传监狱探视暂停", "level": "major_emergency",
            "registered_at": "2026-12-03T01:00"})
        assert future.status_code == 400 and "不能晚于当前时间" in future.content.decode()
        response = client.post(reverse("staff:opinion_new"), {
            "agency": agency.pk, "title": "网传监狱探视暂停", "level": "major_emergency",
            "registered_at": "2026-12-02T22:30"})
        assert response.status_code == 302
        page = client.get(reverse("staff:opinion_list")).content.decode()
    assert "剩余4小时30分钟" in page
    c = Concern.objects.get()
    assert c.registered_at == dt.datetime(2026, 12, 2, 22, 30, tzinfo=SH)


def test_public_timeline_only_after_the_response_and_without_names(agency, client):
    head = staff(Role.DEPARTMENT_HEAD, agency, "head-pub")
    at = dt.datetime(2026, 12, 2, 8, 0, tzinfo=SH)
    c = concern(agency, at=at, now=at)
    url = reverse("opinion:timeline", kwargs={"agency": agency.slug, "pk": c.pk})
    assert client.get(url).status_code == 404
    services.concern_step(actor=head, concern=c, stage=Stage.ASSESSED, note="内部研判记录",
                          now=at + dt.timedelta(hours=1))
    services.concern_respond(actor=head, concern=c, title="关于收费问题的说明", body="经核查……",
                             summary="有网友反映律所收费问题", now=at + dt.timedelta(hours=3))
    page = client.get(url).content.decode()
    assert "有网友反映律所收费问题" in page and "关于收费问题的说明" in page
    assert "内部研判记录" not in page and "head-pub" not in page
    assert "研判" in page and "回应" in page


def test_staff_respond_page_flow(agency, client):
    head = staff(Role.DEPARTMENT_HEAD, agency, "head-flow")
    at = dt.datetime(2026, 12, 2, 8, 0, tzinfo=dt.UTC)
    c = concern(agency, at=at, now=at)
    client.force_login(head)
    bad = client.post(reverse("staff:opinion_respond", kwargs={"pk": c.pk}),
                      {"title": "t", "summary": "s", "body": "b"})
    assert bad.status_code == 400 and "不能进入" in bad.content.decode()
    client.post(reverse("staff:opinion_step", kwargs={"pk": c.pk}),
                {"stage": "assessed", "note": "研判"})
    done = client.post(reverse("staff:opinion_respond", kwargs={"pk": c.pk}),
                       {"title": "说明", "summary": "摘要", "body": "正文"})
    assert done.status_code == 302
    c.refresh_from_db()
    assert c.status == Stage.RESPONDED and c.response_record.is_public


def test_hot_topics_page_is_staff_only_and_lists_items(agency, client, editor):
    from tests.opinion.factories import inbound

    now = dt.datetime.now(dt.UTC)
    for i in range(4):
        inbound(agency, f"公证处排队太久{i}", now - dt.timedelta(hours=i))
    assert client.get(reverse("staff:opinion_hot")).status_code == 302  # to the login
    client.force_login(editor)
    page = client.get(reverse("staff:opinion_hot")).content.decode()
    assert 'data-testid="hot-topic"' in page and "公证处排队太久0" in page


def _auth(user):
    _, token = api_token_create(actor=user, user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_api_register_and_filter(agency, editor, client):
    auth = _auth(editor)
    with time_machine.travel(dt.datetime(2026, 12, 2, 19, 0, tzinfo=dt.UTC), tick=False):
        response = client.post("/api/v1/staff/opinion/concerns", {
            "agency": agency.slug, "title": "夜间突发", "level": "major_emergency",
            "registered_at": "2026-12-02T18:30:00Z"}, content_type="application/json", **auth)
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["registered_at"] == "2026-12-03T02:30:00+08:00"
        assert body["deadlines"][0] == {**body["deadlines"][0], "kind": "first_response",
                                        "due_at": "2026-12-03T07:30:00+08:00"}
        assert body["deadlines"][1]["due_at"] == "2026-12-04T02:30:00+08:00"
        future = client.post("/api/v1/staff/opinion/concerns", {
            "agency": agency.slug, "title": "x", "level": "general",
            "registered_at": "2026-12-03T12:00:00+08:00"}, content_type="application/json",
            **auth)
        assert future.status_code == 422
        assert "registered_at" in future.json()["error"]["fields"]
        listed = client.get("/api/v1/staff/opinion/concerns", {"overdue": "false"}, **auth).json()
        assert listed["total"] == 1
    with time_machine.travel(dt.datetime(2026, 12, 3, 0, 0, tzinfo=dt.UTC), tick=False):
        overdue = client.get("/api/v1/staff/opinion/concerns", {"overdue": "true"}, **auth).json()
        assert [c["title"] for c in overdue["results"]] == ["夜间突发"]
        assert overdue["results"][0]["deadlines"][0]["overdue"] is True


def test_api_refuses_other_agencies_and_non_handlers(agency, other_agency, editor, client):
    reviewer = staff(Role.REVIEWER, agency, "rev-api")
    assert client.post("/api/v1/staff/opinion/concerns", {"agency": agency.slug},
                       content_type="application/json", **_auth(reviewer)).status_code == 403
    assert client.post("/api/v1/staff/opinion/concerns", {
        "agency": other_agency.slug, "title": "x", "level": "general"},
        content_type="application/json", **_auth(editor)).status_code == 403
