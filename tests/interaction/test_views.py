"""Public pages (form without JavaScript, acknowledgement, status, rating, reopening,
publication preview, the published list) and staff pages (inbox, steps, bulk routing,
templates, limits, figures, hotline import)."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.core.models import Role
from gongkai.interaction import services
from gongkai.interaction.models import AgencyLimits, Message, MessageStatus, Publication, ReplyTemplate
from tests.factories import staff
from tests.interaction.conftest import fields

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {k: v for k, v in fields(**overrides).items() if v is not False}
    data.setdefault("idempotency_key", "form-key-1")
    return data


def _write(client, agency, **overrides):
    return client.post(reverse("interaction:write", kwargs={"agency": agency.slug}),
                       _form(**overrides))


def test_write_acknowledge_and_follow(agency, client):
    page = client.get(reverse("interaction:write", kwargs={"agency": agency.slug}))
    assert page.status_code == 200 and "<script" not in page.content.decode().split("<main", 1)[-1]
    response = _write(client, agency)
    assert response.status_code == 302
    receipt = client.get(response["Location"]).content.decode()
    message = Message.objects.get()
    code = re.search(r'data-testid="access-code">([A-Z0-9]+)<', receipt).group(1)
    assert message.case_number in receipt and message.check_access_code(code)
    assert message.due_on.strftime("%Y-%m-%d") in receipt
    # The acknowledgement is shown once.
    assert client.get(response["Location"]).status_code == 302
    # A fresh browser proves the code on the status page.
    other = Client()
    url = reverse("interaction:case", kwargs={"agency": agency.slug, "case_number": message.case_number})
    assert other.get(url).status_code == 404
    wrong = other.post(reverse("interaction:status", kwargs={"agency": agency.slug}),
                       {"case_number": message.case_number, "access_code": "WRONGCODE2"})
    assert wrong.status_code == 400 and "不正确" in wrong.content.decode()
    found = other.post(reverse("interaction:status", kwargs={"agency": agency.slug}),
                       {"case_number": message.case_number, "access_code": code})
    assert found["Location"] == url
    page = other.get(url).content.decode()
    assert "来信已收到" in page and message.subject in page


def test_form_errors_are_listed_and_nothing_is_saved(agency, client):
    response = _write(client, agency, subject="短", text="")
    body = response.content.decode()
    assert response.status_code == 400 and 'data-testid="form-errors"' in body
    assert "标题应为10至25个字" in body and "请填写来信内容" in body
    assert Message.objects.count() == 0


def test_disguised_attachment_is_refused(agency, client):
    data = _form()
    data["attachment"] = SimpleUploadedFile("照片.jpg", b"MZ\x90\x00" + b"\x00" * 64)
    response = client.post(reverse("interaction:write", kwargs={"agency": agency.slug}), data)
    assert response.status_code == 400 and "附件" in response.content.decode()
    assert Message.objects.count() == 0


def test_honeypot_creates_nothing(agency, client):
    response = _write(client, agency, website="http://spam.example")
    assert response.status_code == 400 and Message.objects.count() == 0


def test_rate_limit(agency, client, settings):
    settings.GONGKAI_RATELIMIT_RATES = {**settings.GONGKAI_RATELIMIT_RATES,
                                        "interaction.submit": "2/h"}
    for n in range(2):
        assert _write(client, agency, idempotency_key=f"k{n}").status_code == 302
    assert _write(client, agency, idempotency_key="k9").status_code == 429
    assert Message.objects.count() == 2


def _proved_client(agency, message, code):
    client = Client()
    client.post(reverse("interaction:status", kwargs={"agency": agency.slug}),
                {"case_number": message.case_number, "access_code": code})
    return client


def test_writer_approves_publication_rates_and_the_exchange_appears(agency, officer):
    submission = services.message_submit(agency=agency, **fields(
        text="我是张三，手机13912345678，请问公证费用怎么算？"))
    message = services.message_answer(actor=officer, message=submission.message,
                                      reply="张三您好，公证费用按收费标准执行。")
    client = _proved_client(agency, message, submission.access_code)
    kwargs = {"agency": agency.slug, "case_number": message.case_number}
    page = client.get(reverse("interaction:case", kwargs=kwargs)).content.decode()
    assert 'data-testid="preview"' in page and "[个人信息已隐去]" in page
    index = reverse("interaction:index", kwargs={"agency": agency.slug})
    assert message.published_subject not in Client().get(index).content.decode()
    client.post(reverse("interaction:case_publication", kwargs=kwargs), {"decision": "approve"})
    client.post(reverse("interaction:case_rate", kwargs=kwargs), {"rating": "satisfied"})
    message.refresh_from_db()
    assert message.publication == Publication.APPROVED and message.status == MessageStatus.CLOSED
    listing = Client().get(index).content.decode()
    assert message.published_subject in listing and "100.0%" in listing
    detail = Client().get(reverse("interaction:published", kwargs={
        "agency": agency.slug, "pk": message.pk})).content.decode()
    assert "公证费用按收费标准执行" in detail
    for personal in ("张三", "13912345678", "zhang.san@example.org"):
        assert personal not in listing and personal not in detail


def test_reopen_and_supply_pages(agency, officer):
    submission = services.message_submit(agency=agency, **fields(publish_consent=False))
    message = services.message_ask(actor=officer, message=submission.message, question="请提供证号")
    client = _proved_client(agency, message, submission.access_code)
    kwargs = {"agency": agency.slug, "case_number": message.case_number}
    page = client.get(reverse("interaction:case", kwargs=kwargs)).content.decode()
    assert 'data-testid="waiting-until"' in page and "前补充" in page
    assert client.post(reverse("interaction:case_supply", kwargs=kwargs), {"text": ""}).status_code == 400
    client.post(reverse("interaction:case_supply", kwargs=kwargs), {"text": "证号 123"})
    message.refresh_from_db()
    assert message.status == MessageStatus.RECEIVED
    message = services.message_answer(actor=officer, message=message, reply="答复")
    client.post(reverse("interaction:case_reopen", kwargs=kwargs), {"reason": "没有回答"})
    message.refresh_from_db()
    assert message.status == MessageStatus.REOPENED
    services.message_answer(actor=officer, message=message, reply="再答复")
    again = client.post(reverse("interaction:case_reopen", kwargs=kwargs), {"reason": "再次"})
    assert again.status_code == 409 and "一次" in again.content.decode()


# Staff --------------------------------------------------------------------------------------


def test_inbox_queues_and_counts(agency, officer, department, client, django_assert_max_num_queries):
    for _ in range(3):
        services.message_submit(agency=agency, **fields())
    late = services.message_submit(agency=agency, **fields()).message
    Message.objects.filter(pk=late.pk).update(due_on=dt.date(2020, 1, 1))
    client.force_login(officer)
    url = reverse("staff:interaction_inbox")
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert 'data-testid="count-new">4<' in page and 'data-testid="count-overdue">1<' in page
    overdue = client.get(url, {"queue": "overdue"}).content.decode()
    assert late.case_number in overdue


def test_query_count_does_not_grow_with_the_inbox(agency, officer, client, django_assert_max_num_queries):
    client.force_login(officer)
    for _ in range(30):
        services.message_submit(agency=agency, **fields())
    with django_assert_max_num_queries(12):
        client.get(reverse("staff:interaction_inbox"), {"queue": "open"})


def test_bulk_route_and_steps(agency, officer, department, client):
    ids = [services.message_submit(agency=agency, **fields()).message.pk for _ in range(3)]
    client.force_login(officer)
    client.post(reverse("staff:interaction_bulk_route"),
                {"message": ids[:2], "department": department.pk, "queue": "new"})
    routed = Message.objects.filter(status=MessageStatus.ROUTED).values_list("pk", flat=True)
    assert set(routed) == set(ids[:2])
    act = reverse("staff:interaction_act", kwargs={"pk": ids[0]})
    assert client.post(act, {"action": "answer", "reply": "答复内容"}).status_code == 302
    assert Message.objects.get(pk=ids[0]).status == MessageStatus.ANSWERED
    refused = client.post(act, {"action": "dismiss", "reason": "x"})
    assert refused.status_code == 409
    page = client.get(reverse("staff:interaction_message", kwargs={"pk": ids[0]})).content.decode()
    assert "张三" in page  # staff see the contact; the public never does


def test_templates_fill_the_answer(agency, head, client):
    message = services.message_submit(agency=agency, **fields()).message
    client.force_login(head)
    client.post(reverse("staff:interaction_templates"),
                {"agency": agency.pk, "title": "通用答复", "body": "感谢您的来信，答复如下："})
    template = ReplyTemplate.objects.get()
    page = client.get(reverse("staff:interaction_message", kwargs={"pk": message.pk}),
                      {"template": template.pk}).content.decode()
    assert "感谢您的来信，答复如下：" in page


def test_limits_page_sets_the_agency_figures(agency, agency_admin, client):
    client.force_login(agency_admin)
    response = client.post(reverse("staff:interaction_limits"),
                           {"agency": agency.pk, "consult_days": 5, "reply_review": "on"})
    assert response.status_code == 302
    row = AgencyLimits.objects.get(agency=agency)
    assert row.consult_days == 5 and row.reply_review and row.complaint_days is None


def test_other_agency_staff_cannot_open_the_message(agency, other_officer, client):
    message = services.message_submit(agency=agency, **fields()).message
    client.force_login(other_officer)
    assert client.get(reverse("staff:interaction_message", kwargs={"pk": message.pk})).status_code == 404
    assert message.case_number not in client.get(reverse("staff:interaction_inbox")).content.decode()


def test_figures_by_channel_and_department(agency, officer, department, client):
    message = services.message_submit(agency=agency, **fields()).message
    services.message_route(actor=officer, message=message, department=department)
    services.message_answer(actor=officer, message=message, reply="答复")
    client.force_login(officer)
    page = client.get(reverse("staff:interaction_figures")).content.decode()
    assert "律师工作处" in page and "局长信箱" in page and "100.0%" in page


def test_hotline_file_import_page(agency, agency_admin, client):
    client.force_login(agency_admin)
    csv_text = ("service_request_id,service_name,description,requested_datetime,agency\n"
                "H-1,噪音,夜间施工噪音扰民,2026-03-02T09:00:00+08:00,002420455M\n"
                "H-2,噪音,,2026-03-02T09:00:00+08:00,002420455M\n")
    upload = SimpleUploadedFile("orders.csv", csv_text.encode())
    page = client.post(reverse("staff:interaction_hotline_import"), {"file": upload})
    body = page.content.decode()
    assert page.status_code == 200 and "新导入 1 条" in body and "第 2 行" in body
    assert Message.objects.get().external_id == "H-1"
    staff(Role.EDITOR, agency, "editor-x")


def test_reply_export_downloads_are_safe_to_open(agency, agency_admin, client):
    from gongkai.interaction import hotline

    result = hotline.import_orders(actor=agency_admin, rows=[{
        "service_request_id": "H-9", "description": "路灯损坏", "agency": agency.slug,
        "requested_datetime": "2026-03-02T09:00:00+08:00"}])
    services.message_answer(actor=agency_admin, message=result.created[0],
                            reply='=HYPERLINK("http://evil.example","点击")')
    client.force_login(agency_admin)
    import csv
    import io

    csv_body = client.get(reverse("staff:interaction_hotline_replies")).content.decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(csv_body)))
    assert row["service_request_id"] == "H-9" and row["status_notes"].startswith("'=HYPERLINK")
    rows = client.get(reverse("staff:interaction_hotline_replies"), {"format": "json"}).json()
    assert rows[0]["status_notes"].startswith("=HYPERLINK")  # JSON is data, left as written
    assert client.get(reverse("staff:interaction_hotline_replies"), {"since": "x"}).status_code == 400


def test_year_summary_for_the_annual_report(agency, officer, client):
    message = services.message_submit(agency=agency, **fields()).message
    message = services.message_answer(actor=officer, message=message, reply="答复")
    services.message_rate(message=message, rating="mostly")
    client.force_login(officer)
    year = message.received_at.year
    page = client.get(reverse("staff:interaction_figures"), {"year": year}).content.decode()
    assert (f"{year}年共收到来信和热线工单1件（局长信箱1件），已答复1件，"
            "其中按期答复1件，按期答复率100.0%") in page
    assert "满意和基本满意1件，占100.0%" in page


def test_sitemap_lists_published_exchanges_only(agency, officer, client):
    shown = services.message_submit(agency=agency, **fields()).message
    shown = services.message_answer(actor=officer, message=shown, reply="答复")
    services.publication_decide(message=shown, approve=True)
    hidden = services.message_submit(agency=agency, **fields()).message
    body = client.get("/sitemap-interaction.xml").content.decode()
    assert f"/interaction/published/{shown.pk}/" in body
    assert f"/published/{hidden.pk}/" not in body and "/interaction/write/" in body


def test_history_reads_in_chinese(agency, officer, department, client):
    message = services.message_submit(agency=agency, **fields()).message
    services.message_route(actor=officer, message=message, department=department)
    client.force_login(officer)
    page = client.get(reverse("staff:interaction_message", kwargs={"pk": message.pk})).content.decode()
    history = page.split('data-testid="history"', 1)[1].split("</ol>", 1)[0]
    assert "已转交承办处室办理（已收到 → 办理中）" in history and "route" not in history


@pytest.mark.django_db
def test_the_inbox_lists_solicitation_ideas_waiting_for_an_answer(client, agency, other_agency):
    """One inbox (issue 19): the mailbox, hotline orders and the ideas sent to
    solicitations; ideas link to the solicitation's page, where they are answered."""
    from django.utils import timezone

    from gongkai.participation import services as participation

    admin = staff(Role.AGENCY_ADMIN, agency, "inbox-admin")
    now = timezone.now()
    calls = []
    for owner, who in ((agency, admin), (other_agency, staff(Role.AGENCY_ADMIN, other_agency,
                                                             "inbox-admin-b"))):
        call = participation.solicitation_create(
            actor=who, agency=owner, title="收件箱测试征集", description="欢迎建言献策。",
            opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=5))
        calls.append(participation.solicitation_publish(actor=who, solicitation=call))
    mine, _code, _new = participation.idea_submit(solicitation=calls[0], title="河边建公园",
                                                  text="建议在河边建公园。")
    participation.idea_submit(solicitation=calls[1], title="乙局的意见", text="乙局。")
    client.force_login(admin)
    inbox = client.get(reverse("staff:interaction_inbox")).content.decode()
    assert 'data-testid="count-ideas">1<' in inbox
    page = client.get(reverse("staff:interaction_inbox"), {"queue": "ideas"}).content.decode()
    table = page.split('data-testid="ideas-table"')[1]
    assert mine.case_number in table and "乙局的意见" not in table
    assert f"/staff/participation/solicitations/{calls[0].pk}/#idea-{mine.pk}" in table
    participation.idea_answer(actor=admin, idea=mine, answer="感谢建议，已纳入规划研究。")
    page = client.get(reverse("staff:interaction_inbox"), {"queue": "ideas"}).content.decode()
    assert "没有待答复的征集意见" in page
