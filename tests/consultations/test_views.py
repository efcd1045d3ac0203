import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from gongkai.consultations import services
from gongkai.consultations.models import Comment, Moderation
from tests.consultations.factories import comment, open_consultation

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def _monday():
    with time_machine.travel(NOW, tick=False):
        yield


def url(name, agency, **kw):
    return reverse(f"consultations:{name}", kwargs={"agency": agency.slug, **kw})


def test_consultation_page_shows_period_days_left_and_anchor_links(client, agency):
    c = open_consultation(agency, days=10)
    page = client.get(url("detail", agency, pk=c.pk)).content.decode()
    assert "还剩 11 天" in page and "对第二条第二款提出意见" in page
    assert "起草说明" in page and "021-00000000" in page


def test_draft_consultation_is_not_public(client, agency):
    from tests.consultations.factories import consultation

    c = consultation(agency)
    assert client.get(url("detail", agency, pk=c.pk)).status_code == 404


def test_comment_form_without_javascript_gives_a_tracking_code(client, agency):
    c = open_consultation(agency)
    form = client.get(url("comment", agency, pk=c.pk) + "?anchor=a3")
    assert 'value="a3" selected' in form.content.decode()
    response = client.post(url("comment", agency, pk=c.pk), {
        "anchor": "a3", "text": "<b>加粗</b>建议增加时限", "display_name": "",
        "email": "", "idempotency_key": "key-1"}, follow=True)
    page = response.content.decode()
    code = Comment.objects.get().case_number
    assert code in page and "经审核后公开" in page
    # Shown once: the receipt page again sends back to the consultation.
    again = client.get(url("comment_done", agency, pk=c.pk))
    assert again.status_code == 302


def test_bad_comment_is_shown_with_its_error_and_nothing_stored(client, agency):
    c = open_consultation(agency)
    response = client.post(url("comment", agency, pk=c.pk), {"anchor": "", "text": " "})
    assert response.status_code == 400 and "请填写意见内容" in response.content.decode()
    assert not Comment.objects.exists()


def test_honeypot_creates_nothing(client, agency):
    c = open_consultation(agency)
    response = client.post(url("comment", agency, pk=c.pk), {"text": "意见", "website": "x"})
    assert response.status_code == 400 and not Comment.objects.exists()


def test_after_the_closing_moment_the_form_says_so_and_stores_nothing(client, agency):
    c = open_consultation(agency, days=3)
    with time_machine.travel(NOW + dt.timedelta(days=5), tick=False):
        response = client.post(url("comment", agency, pk=c.pk), {"text": "迟到的意见"})
    assert response.status_code == 409
    assert "截止" in response.content.decode() and not Comment.objects.exists()


def test_flood_from_one_address_is_429(client, agency, settings):
    settings.GONGKAI_RATELIMIT_RATES = {"consultations.comment": "2/h"}
    c = open_consultation(agency)
    for _ in range(2):
        client.post(url("comment", agency, pk=c.pk), {"text": "意见"})
    assert client.post(url("comment", agency, pk=c.pk), {"text": "意见"}).status_code == 429


def test_published_comment_html_is_escaped_and_identity_hidden(client, agency, editor):
    c = open_consultation(agency)
    sub = comment(c, text="<script>alert('x')</script>", display_name="老张", email="z@example.com")
    pending = comment(c, text="待审核的意见")
    services.comment_moderate(actor=editor, comment=sub.comment, publish=True)
    page = client.get(url("detail", agency, pk=c.pk)).content.decode()
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    assert "老张" in page and "z@example.com" not in page
    assert pending.comment.text not in page


def test_tracking_lookup_shows_hidden_reason_and_answer_only_after_report(client, agency, editor):
    c = open_consultation(agency)
    sub = comment(c)
    services.comment_moderate(actor=editor, comment=sub.comment, publish=False, reason="含有个人信息")
    page = client.post(url("track", agency), {"tracking_code": sub.tracking_code}).content.decode()
    assert "含有个人信息" in page
    wrong = client.post(url("track", agency), {"tracking_code": sub.comment.case_number + "-XXXXXXXXXX"})
    assert wrong.status_code == 400 and "查询码不正确" in wrong.content.decode()


def test_version_page_shows_the_diff(client, agency, editor):
    c = open_consultation(agency)
    services.version_add(actor=editor, consultation=c, text="第一条 新的第一条。", note="重写")
    page = client.get(url("version", agency, pk=c.pk, number=2)).content.decode()
    assert "diff-added" in page and "diff-removed" in page


def test_directory_by_year(client, agency, editor):
    services.decision_create(actor=editor, agency=agency, year=2026, title="法治政府建设规划")
    services.decision_create(actor=editor, agency=agency, year=2025, title="往年事项")
    page = client.get(url("decisions", agency)).content.decode()
    assert "法治政府建设规划" in page and "往年事项" not in page
    assert "往年事项" in client.get(url("decisions", agency) + "?year=2025").content.decode()


def test_feed_lists_open_consultations(client, agency):
    c = open_consultation(agency)
    response = client.get(url("feed", agency))
    assert response["Content-Type"].startswith("application/atom+xml")
    from defusedxml import ElementTree

    root = ElementTree.fromstring(response.content)
    titles = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert c.title in titles


def test_open_data_is_de_identified_and_keeps_the_thread(client, agency, editor):
    c = open_consultation(agency)
    sub = comment(c, anchor="a3", display_name="老张", email="z@example.com")
    services.comment_moderate(actor=editor, comment=sub.comment, publish=True)
    hidden = comment(c, text="骂人的话")
    services.comment_moderate(actor=editor, comment=hidden.comment, publish=False, reason="不文明")
    data = client.get(url("open_data", agency, pk=c.pk, ext="json")).json()
    assert [r["anchor"] for r in data["comments"]] == ["a3", ""]
    assert data["comments"][1]["moderation"] == Moderation.HIDDEN and data["comments"][1]["text"] == ""
    body = client.get(url("open_data", agency, pk=c.pk, ext="csv")).content.decode()
    assert "z@example.com" not in body and "老张" not in body and "第三条" in body
