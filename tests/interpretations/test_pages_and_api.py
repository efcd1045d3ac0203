import datetime as dt

import pytest
from django.urls import reverse

from gongkai.core.models import Role
from gongkai.interpretations.models import Interpretation, Status
from tests.factories import staff
from tests.interpretations.factories import (
    SECTIONS_FILLED,
    approve,
    interpretation,
    policy,
    require_sync,
    submit,
)

pytestmark = pytest.mark.django_db


def _record_url(record):
    return reverse("catalogue:record", kwargs={"agency": record.agency.slug, "pk": record.pk})


def test_policy_page_shows_its_interpretations_and_they_lead_back(agency, client):
    record = submit(policy(agency))
    chart = interpretation(record, form="chart", prepared=True)
    record = approve(record)
    chart.refresh_from_db()
    page = client.get(_record_url(record)).content.decode()
    assert 'data-testid="interpretations-panel"' in page
    assert page.index("interpretations-panel") < page.index("版本记录")
    assert _record_url(chart.record) in page and "图表图解" in page
    back = client.get(_record_url(chart.record)).content.decode()
    assert 'data-testid="interpreted-policy"' in back and _record_url(record) in back
    index = client.get(reverse("interpretations:index", kwargs={"agency": agency.slug}))
    assert chart.title in index.content.decode()


def test_draft_interpretations_are_not_public(agency, client):
    record = approve(submit(policy(agency)))
    item = interpretation(record, form="text", title="尚未发布的解读XYZ")
    assert "尚未发布的解读XYZ" not in client.get(_record_url(record)).content.decode()
    assert item.status == Status.DRAFT


def test_staff_approval_is_refused_with_the_reason_on_the_page(agency, client):
    require_sync(agency)
    reviewer = staff(Role.REVIEWER, agency, "rev-sync")
    record = submit(policy(agency))
    client.force_login(reviewer)
    response = client.post(reverse("staff:catalogue_record_approve", kwargs={"pk": record.pk}),
                           {"comment": ""})
    assert response.status_code == 400
    assert "三同步" in response.content.decode()


def test_editor_drafts_and_prepares_through_the_pages(agency, client, editor):
    record = policy(agency)
    client.force_login(editor)
    response = client.post(reverse("staff:interpretations_new"), {
        "policy": record.pk, "title": "图解：公证执业管理办法", "form": "chart",
        "media_url": "https://example.org/c.png", **SECTIONS_FILLED})
    assert response.status_code == 302
    item = Interpretation.objects.get()
    prepare = reverse("staff:interpretations_prepare", kwargs={"pk": item.pk})
    page = client.get(client.post(prepare).url).content.decode()
    assert "文字说明" in page  # refused: a chart needs its text alternative
    item.refresh_from_db()
    assert item.status == Status.DRAFT
    client.post(reverse("staff:interpretations_edit", kwargs={"pk": item.pk}), {
        "title": item.title, "form": "chart", "media_url": "https://example.org/c.png",
        "text_alternative": "图解分三部分。", **SECTIONS_FILLED})
    client.post(prepare)
    item.refresh_from_db()
    assert item.status == Status.PREPARED


def test_new_interpretation_of_another_agencys_policy_is_refused(agency, other_agency, client,
                                                                 editor):
    record = policy(other_agency)
    client.force_login(editor)
    response = client.post(reverse("staff:interpretations_new"), {
        "policy": record.pk, "title": "x", "form": "text"})
    assert response.status_code == 400 and not Interpretation.objects.exists()


def test_waiver_page_records_who_and_why(agency, client):
    require_sync(agency)
    head = staff(Role.DEPARTMENT_HEAD, agency, "head-w")
    record = submit(policy(agency))
    client.force_login(head)
    url = reverse("staff:interpretations_waiver", kwargs={"pk": record.pk})
    assert client.post(url, {"kind": "deferred", "reason": ""}).status_code == 400
    assert client.post(url, {"kind": "deferred", "reason": "视频制作中"}).status_code == 302
    page = client.get(reverse("staff:interpretations_sync")).content.decode()
    assert "视频制作中" in page and "head-w" in page


def test_dashboard_figures_link_to_their_lists(agency, client, editor):
    from tests.interpretations.test_services import _published

    _published(agency, "video", when=dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC))
    _published(agency, "text", when=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC))
    client.force_login(editor)
    page = client.get(reverse("staff:interpretations_dashboard"), {"year": 2026}).content.decode()
    assert "50.0%" in page and "达到不低于" in page
    listed = client.get(reverse("staff:interpretations_share_list"),
                        {"year": 2026, "form": "non_text"}).content.decode()
    assert "video解读" in listed and "text解读" not in listed


def test_api_lists_interpretations_with_interprets_and_form(agency, client):
    record = submit(policy(agency))
    video = interpretation(record, form="video", prepared=True)
    record = approve(record)
    video.refresh_from_db()
    body = client.get(f"/api/v1/records/{record.pk}/interpretations").json()
    assert [(i["id"], i["interprets"], i["form"]) for i in body] == [
        (video.record_id, record.pk, "video")]
    own = client.get(f"/api/v1/records/{video.record_id}/interpretations").json()
    assert own[0]["interprets"] == record.pk
    assert client.get("/api/v1/records/999999/interpretations").status_code == 404


def test_agency_admin_sets_the_genres_that_need_an_interpretation(agency, client, agency_admin,
                                                                  editor):
    from gongkai.interpretations.models import SyncRule
    from tests.interpretations.factories import measures_genre

    genre = measures_genre()
    client.force_login(editor)
    assert client.get(reverse("staff:interpretations_rules")).status_code == 403
    rules_link = reverse("staff:interpretations_rules")
    assert rules_link not in client.get(reverse("staff:interpretations_list")).content.decode()
    client.force_login(agency_admin)
    assert rules_link in client.get(reverse("staff:interpretations_list")).content.decode()
    response = client.post(reverse("staff:interpretations_rules"), {
        "agency": agency.pk, "genre": genre.pk, "applies_from": "2026-06-01"})
    assert response.status_code == 302
    rule = SyncRule.objects.get()
    assert (rule.genre, rule.applies_from) == (genre, dt.date(2026, 6, 1))
    assert "办法" in client.get(reverse("staff:interpretations_rules")).content.decode()


def test_the_reviewer_sees_the_interpretations_on_the_policys_staff_page(agency, client):
    require_sync(agency)
    reviewer = staff(Role.REVIEWER, agency, "rev-panel")
    record = submit(policy(agency))
    client.force_login(reviewer)
    page = client.get(reverse("staff:catalogue_record", kwargs={"pk": record.pk})).content.decode()
    assert 'data-testid="sync-panel"' in page and "三同步" in page and "登记例外" in page
    interpretation(record, form="video", prepared=True, title="视频解读ABC")
    page = client.get(reverse("staff:catalogue_record", kwargs={"pk": record.pk})).content.decode()
    assert "视频解读ABC" in page and "已备妥" in page and "登记例外" not in page
