import datetime as dt
import json

import pytest
import time_machine
from django.urls import reverse

from gongkai.consultations import services
from gongkai.consultations.models import Comment, Consultation, Moderation
from gongkai.core.models import Role
from tests.consultations.factories import DRAFT_TEXT, comment, consultation, open_consultation
from tests.factories import staff

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def _monday():
    with time_machine.travel(NOW, tick=False):
        yield


def test_staff_create_schedule_and_refusal_shown(client, agency, editor):
    client.force_login(editor)
    response = client.post(reverse("staff:consultations_new"), {
        "kind": "major_decision", "title": "重大决策草案", "text": DRAFT_TEXT})
    c = Consultation.objects.get()
    assert response.status_code == 302 and c.agency == agency
    # 10 days for a major decision without a reason: refused, with the rule's words.
    response = client.post(reverse("staff:consultations_schedule", kwargs={"pk": c.pk}), {
        "opens_on": "2026-03-02", "closes_on": "2026-03-12"}, follow=True)
    assert "须说明理由" in response.content.decode()
    c.refresh_from_db()
    assert c.status == "draft"
    client.post(reverse("staff:consultations_schedule", kwargs={"pk": c.pk}), {
        "opens_on": "2026-03-02", "closes_on": "2026-04-01"})
    c.refresh_from_db()
    assert c.status == "open"  # opening today: at once


def test_other_agencys_consultation_is_404(client, agency, other_agency):
    c = open_consultation(agency)
    client.force_login(staff(Role.AGENCY_ADMIN, other_agency, "badmin"))
    assert client.get(reverse("staff:consultations_detail", kwargs={"pk": c.pk})).status_code == 404


def test_staff_moderate_and_bulk_answer_by_group(client, agency, editor):
    c = open_consultation(agency)
    subs = [comment(c, text="我们坚决反对在本小区附近设立垃圾中转站,请重新选址,保护居民健康。")
            for _ in range(3)]
    client.force_login(editor)
    page = client.get(reverse("staff:consultations_detail", kwargs={"pk": c.pk}))
    assert page.status_code == 200 and subs[0].comment.case_number in page.content.decode()
    client.post(reverse("staff:consultations_moderate_bulk", kwargs={"pk": c.pk}), {
        "publish": "1", "comment_ids": [s.comment.pk for s in subs]})
    assert Comment.objects.filter(moderation=Moderation.PUBLISHED).count() == 3
    client.post(reverse("staff:consultations_group", kwargs={"pk": c.pk}))
    group = c.groups.get()
    client.post(reverse("staff:consultations_answer_bulk", kwargs={"pk": c.pk}), {
        "scope": "group", "group": group.pk, "disposition": "not_adopted",
        "answer": "选址已经论证。"})
    assert set(Comment.objects.values_list("disposition", flat=True)) == {"not_adopted"}


def test_staff_list_query_count_does_not_grow(client, agency, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(editor)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("staff:consultations_list")).status_code == 200
        return len(queries)

    open_consultation(agency, title="草案0")
    few = count()
    for n in range(1, 6):
        open_consultation(agency, title=f"草案{n}")
    assert count() == few


def test_public_page_query_count_is_bounded(client, agency, editor, django_assert_max_num_queries):
    c = open_consultation(agency)
    for n in range(30):
        services.comment_moderate(actor=editor, comment=comment(c, text=f"意见{n}").comment,
                                  publish=True)
    with django_assert_max_num_queries(12):
        client.get(reverse("consultations:detail", kwargs={"agency": agency.slug, "pk": c.pk}))


# API ----------------------------------------------------------------------------------


def api(client, method, path, body=None, **headers):
    return getattr(client, method)(f"/api/v1{path}", json.dumps(body or {}),
                                   content_type="application/json", **headers)


def test_api_comment_is_idempotent_and_refused_after_closing(client, agency):
    c = open_consultation(agency, days=3)
    first = api(client, "post", f"/consultations/{c.pk}/comments",
                {"text": "意见", "anchor": "a1"}, HTTP_IDEMPOTENCY_KEY="abc")
    assert first.status_code == 201 and first.json()["tracking_code"].startswith("YJ-")
    again = api(client, "post", f"/consultations/{c.pk}/comments",
                {"text": "意见", "anchor": "a1"}, HTTP_IDEMPOTENCY_KEY="abc")
    assert again.status_code == 200 and again.json() == first.json()
    bad = api(client, "post", f"/consultations/{c.pk}/comments", {"text": "意见", "anchor": "a9"})
    assert bad.status_code == 422 and "anchor" in bad.json()["error"]["fields"]
    with time_machine.travel(NOW + dt.timedelta(days=5), tick=False):
        late = api(client, "post", f"/consultations/{c.pk}/comments", {"text": "迟到"})
    assert late.status_code == 409 and "截止" in late.json()["error"]["message"]
    assert Comment.objects.count() == 1


def test_api_lists_and_detail(client, agency, editor):
    d = services.decision_create(actor=editor, agency=agency, year=2026, title="规划")
    c = open_consultation(agency, decision=d)
    consultation(agency, title="草稿不公开")
    listed = client.get("/api/v1/consultations", {"agency": agency.slug, "status": "open"}).json()
    assert [r["id"] for r in listed["results"]] == [c.pk]
    detail = client.get(f"/api/v1/consultations/{c.pk}").json()
    assert detail["minimum_days"] == 7 and detail["minimum_unit"] == "working_days"
    assert [a["key"] for a in detail["versions"][0]["anchors"]] == ["a1", "a2", "a2p2", "a3"]
    decisions = client.get("/api/v1/decisions", {"agency": agency.slug, "year": 2026}).json()
    assert decisions["results"][0]["consultations"] == [c.pk]
    assert len(client.get(f"/api/v1/decisions/{d.pk}").json()["stages"]) == 7
    assert client.get(f"/api/v1/consultations/{c.pk}/report").status_code == 404


def test_api_answers_hidden_until_report(client, agency, editor):
    c = open_consultation(agency)
    sub = comment(c)
    services.comment_moderate(actor=editor, comment=sub.comment, publish=True)
    services.comment_answer(actor=editor, comment=sub.comment, disposition="adopted", answer="采纳")
    rows = client.get(f"/api/v1/consultations/{c.pk}/comments").json()["results"]
    assert rows[0]["answer"] is None and rows[0]["display_name"] == "匿名"


def test_api_staff_invalid_transition_is_409(client, agency, editor):
    c = consultation(agency)
    client.force_login(editor)
    response = api(client, "post", f"/staff/consultations/{c.pk}/close")
    assert response.status_code == 409 and response.json()["error"]["code"] == "invalid_transition"


def test_api_staff_review_needs_a_head(client, agency, editor):
    c = open_consultation(agency)
    client.force_login(editor)
    assert api(client, "post", f"/staff/consultations/{c.pk}/report/review").status_code == 403


def test_dashboard_per_department_on_the_staff_list(client, agency, editor):
    from tests.factories import DepartmentFactory

    office = DepartmentFactory(agency=agency, name="法规处")
    c = open_consultation(agency, department=office)
    services.comment_moderate(actor=editor, comment=comment(c).comment, publish=True)
    client.force_login(editor)
    page = client.get(reverse("staff:consultations_list")).content.decode()
    assert "法规处" in page and "合计" in page


def test_link_the_adopted_rule_from_the_catalogue(client, agency, editor):
    from gongkai.catalogue import services as catalogue
    from tests.factories import record_fields

    reviewer = staff(Role.REVIEWER, agency, "rev")
    record = catalogue.record_create(actor=editor, agency=agency, **record_fields())
    record = catalogue.record_approve(actor=reviewer, record=catalogue.record_submit(
        actor=editor, record=record))
    c = open_consultation(agency)
    client.force_login(editor)
    url = reverse("staff:consultations_link_outcome", kwargs={"pk": c.pk})
    assert "已发布信息" in client.post(url, {"record": "999999"}, follow=True).content.decode()
    client.post(url, {"record": str(record.pk)})
    c.refresh_from_db()
    assert c.outcome_record == record
    page = client.get(reverse("consultations:detail", kwargs={"agency": agency.slug, "pk": c.pk}))
    assert record.title in page.content.decode()


def test_staff_hide_one_comment_with_a_reason(client, agency, editor):
    c = open_consultation(agency)
    sub = comment(c)
    client.force_login(editor)
    page = client.get(reverse("staff:consultations_detail", kwargs={"pk": c.pk})).content.decode()
    assert f'id="hide-{sub.comment.pk}"' in page
    url = reverse("staff:consultations_moderate", kwargs={"pk": c.pk, "comment_pk": sub.comment.pk})
    refused = client.post(url, {"publish": "0", "reason": ""}, follow=True)
    assert "请填写不予公开的理由" in refused.content.decode()
    client.post(url, {"publish": "0", "reason": "含有个人信息"})
    sub.comment.refresh_from_db()
    assert sub.comment.moderation == Moderation.HIDDEN and sub.comment.hidden_reason == "含有个人信息"
