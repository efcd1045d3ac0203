"""Staff pages: queues with masked ID numbers, registering a postal application with its
true receipt date, the case page (clock, warning, history) and each action through the
forms, the letter template editor, conversion proposals, and agency isolation."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Application, LetterTemplate, NoticeKind
from tests.applications.conftest import VALID_ID, person

pytestmark = pytest.mark.django_db


def travel(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(10)), tick=False)


def login(client, user):
    client.force_login(user)
    return client


def case_url(application: Application, action: str = "") -> str:
    name = f"staff:applications_{action}" if action else "staff:applications_case"
    return reverse(name, kwargs={"pk": application.pk})


def test_queues_mask_the_applicant(client, officer, make_case):
    application = make_case(dt.date(2020, 4, 23))
    login(client, officer)
    with travel(dt.date(2020, 4, 24)):
        for queue in ("new", "open", "due_soon", "overdue", "mine", "waiting_applicant",
                      "waiting_third_party", "closed"):
            page = client.get(reverse("staff:applications_queue"), {"queue": queue})
            assert page.status_code == 200
            html = page.content.decode()
            assert VALID_ID not in html and "13800000000" not in html
            assert "演示张三" not in html
        html = client.get(reverse("staff:applications_queue"), {"queue": "new"}).content.decode()
    assert application.case_number in html
    assert "110105********002X" in html and "演**三" in html
    assert "2020-05-22" in html


def test_due_soon_and_overdue_queues(client, officer, make_case):
    application = make_case(dt.date(2020, 4, 23))
    login(client, officer)
    queue = reverse("staff:applications_queue")
    with travel(dt.date(2020, 5, 18)):
        assert application.case_number in client.get(queue, {"queue": "due_soon"}).content.decode()
        assert application.case_number not in client.get(queue, {"queue": "overdue"}).content.decode()
    with travel(dt.date(2020, 5, 26)):
        html = client.get(queue, {"queue": "overdue"}).content.decode()
    assert application.case_number in html and "逾期 2" in html


def test_register_postal_application_back_dated(client, officer, agency):
    login(client, officer)
    data = {f"{k}": v for k, v in person(receipt_method="post").items()}
    data.update(agency=str(agency.pk), channel="post", received_on="2024-09-27",
                idempotency_key="reg-1", website="")
    with travel(dt.date(2024, 10, 10)):
        page = client.get(reverse("staff:applications_register"))
        assert page.status_code == 200 and "签收之日" in page.content.decode()
        response = client.post(reverse("staff:applications_register"), data)
        assert response.status_code == 302
        application = Application.objects.get()
        assert application.received_on == dt.date(2024, 9, 27)
        assert application.channel == "post" and application.registered_by == officer
        case_page = client.get(response["Location"]).content.decode()
    code = re.search(r'data-testid="access-code">([^<]+)<', case_page).group(1)
    assert application.check_access_code(code)
    assert application.due_on.isoformat() in case_page
    assert "2024-09-27收到申请(邮寄" in case_page


def test_register_refuses_future_receipt_date(client, officer, agency):
    login(client, officer)
    data = person()
    data.update(agency=str(agency.pk), channel="in_person", received_on="2024-10-11",
                idempotency_key="reg-2")
    with travel(dt.date(2024, 10, 10)):
        response = client.post(reverse("staff:applications_register"), data)
    assert response.status_code == 400
    assert "不能晚于今天" in response.content.decode()
    assert not Application.objects.exists()


def test_case_page_shows_full_data_clock_and_correction_warning(client, officer, make_case):
    application = make_case(dt.date(2020, 4, 23))
    login(client, officer)
    with travel(dt.date(2020, 4, 30)):
        html = client.get(case_url(application)).content.decode()
    assert VALID_ID in html and "演示张三" in html  # the case page is for the agency's staff
    assert "20个工作日 → 2020-05-22" in html
    assert 'data-testid="correction-warning"' in html and "剩余" in html


def test_full_handling_through_the_forms(client, officer, head, make_case, department):
    """Assign → correction → corrected → consultation → extension (approved by the head) →
    preview → partial disclosure (reviewed by the head) → archive → ZIP; the due date moves
    as the law says."""
    application = make_case(dt.date(2020, 4, 23))
    login(client, officer)
    with travel(dt.date(2020, 4, 24)):
        assert client.post(case_url(application, "assign"),
                           {"department": department.pk, "assignee": officer.pk}).status_code == 302
        assert client.post(case_url(application, "correction"),
                           {"what_to_correct": "请写明年份"}).status_code == 302
        again = client.post(case_url(application, "correction"), {"what_to_correct": "再次"})
        assert again.status_code == 302  # refused as a message: only once (Art. 30)
    with travel(dt.date(2020, 4, 28)):
        assert client.post(case_url(application, "correction_received"),
                           {"received_on": "2020-04-28",
                            "corrected_description": "2019年度"}).status_code == 302
    application.refresh_from_db()
    assert application.due_on == dt.date(2020, 5, 28)  # 20 working days from 2020-04-28
    with travel(dt.date(2020, 4, 29)):
        assert client.post(case_url(application, "third_party_consultation"), {
            "kind": "third_party", "party_name": "演示科技有限公司", "party_address": "",
            "started_on": "2020-04-29"}).status_code == 302
    with travel(dt.date(2020, 5, 8)):
        assert client.post(case_url(application, "third_party_consultation_end"), {
            "ended_on": "2020-05-08", "consented": "no",
            "response": "不同意公开联系方式"}).status_code == 302
        application.refresh_from_db()
        paused_due = application.due_on
        assert paused_due > dt.date(2020, 5, 28)
        assert client.post(case_url(application, "extension"), {
            "working_days": "20", "reason": "需调取档案"}).status_code == 302
        # The officer cannot approve; the department head can.
        page = client.get(case_url(application)).content.decode()
        assert "待处室负责人或机构管理员审批" in page
        login(client, head)
        assert client.post(case_url(application, "extension_decide"),
                           {"approve": "yes", "note": "同意"}).status_code == 302
        application.refresh_from_db()
        assert application.extension_working_days == 20 and application.due_on > paused_due
        login(client, officer)
        preview = client.post(case_url(application, "reply"), {
            "reply_type": "partially_disclosed", "reply_text": "",
            "withheld_parts": "第3页联系方式|third_party", "action": "preview"})
        assert preview.status_code == 200
        html = preview.content.decode()
        assert "第三十七条" in html and "第十五条" in html and "行政复议" in html
        application.refresh_from_db()
        assert application.status == "in_progress"  # the preview saved nothing
        from django.core.files.uploadedfile import SimpleUploadedFile

        replied = client.post(case_url(application, "reply"), {
            "reply_type": "partially_disclosed", "reply_text": "见附件。",
            "withheld_parts": "第3页联系方式|third_party", "action": "reply",
            "file": SimpleUploadedFile("可公开部分.txt", "公开内容".encode())})
        assert replied.status_code == 302
        application.refresh_from_db()
        assert application.status == "awaiting_reply_review"  # a partial refusal is reviewed
        login(client, head)
        assert client.post(case_url(application, "reply_review"),
                           {"decision": "approve", "comment": "同意"}).status_code == 302
        login(client, officer)
        application.refresh_from_db()
        assert application.status == "replied" and application.reply_type == "partially_disclosed"
        assert client.post(case_url(application, "note"), {"text": "已电话告知"}).status_code == 302
        assert client.post(case_url(application, "archive")).status_code == 302
        page = client.get(case_url(application)).content.decode()
    application.refresh_from_db()
    assert application.status == "archived"
    for label in ("告知补正", "收到补正", "征求意见", "批准延期", "答复", "归档"):
        assert label in page
    assert "已电话告知" in page


def test_reply_form_errors_are_shown(client, officer, make_case):
    application = make_case(dt.date(2020, 4, 23))
    login(client, officer)
    with travel(dt.date(2020, 4, 24)):
        response = client.post(case_url(application, "reply"), {
            "reply_type": "partially_disclosed", "withheld_parts": "第3页|no_such_code",
            "action": "reply"})
    assert response.status_code == 400
    assert "不在法定列表中" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "received"


def test_another_agency_sees_nothing(client, other_officer, make_case):
    application = make_case(dt.date(2020, 4, 23))
    login(client, other_officer)
    assert application.case_number not in client.get(
        reverse("staff:applications_queue"), {"queue": "open"}).content.decode()
    for url in (case_url(application), case_url(application, "export"),
                reverse("staff:applications_notice",
                        kwargs={"pk": application.pk, "notice_pk": application.notices.get().pk})):
        assert client.get(url).status_code == 404
    assert client.post(case_url(application, "note"), {"text": "x"}).status_code == 404


def test_public_user_is_sent_to_login_and_editor_is_refused(client, editor, make_case):
    application = make_case(dt.date(2020, 4, 23))
    assert client.get(case_url(application)).status_code == 302
    login(client, editor)
    assert client.get(case_url(application)).status_code == 403


def test_letter_template_editor_previews_and_saves(client, agency_admin, agency):
    login(client, agency_admin)
    listing = client.get(reverse("staff:applications_templates")).content.decode()
    assert "答复书:不予公开" in listing
    url = reverse("staff:applications_template",
                  kwargs={"kind": NoticeKind.REPLY_LETTER, "reply_type": "withheld"})
    page = client.get(url)
    assert page.status_code == 200 and "《中华人民共和国行政复议法》" in page.content.decode()
    broken = client.post(url, {"title": "告知书", "body": "{% if %}", "action": "save",
                               "agency": agency.pk})
    assert broken.status_code == 400 and "模板语法错误" in broken.content.decode()
    saved = client.post(url, {"title": "不予公开告知书", "body": "<p>{{ case_number }}</p>",
                              "action": "save", "agency": agency.pk})
    assert saved.status_code == 302
    template = LetterTemplate.objects.get(agency=agency, kind="reply_letter", reply_type="withheld")
    assert template.title == "不予公开告知书"


def test_officer_cannot_edit_templates(client, officer):
    login(client, officer)
    assert client.get(reverse("staff:applications_templates")).status_code == 403


def test_conversion_proposal_completes_in_one_click(client, agency, officer, editor):
    from gongkai.catalogue.models import Record
    from gongkai.catalogue.services import genre_get_or_create, topic_get_or_create

    topic_get_or_create(code="general", name="综合政务")
    genre_get_or_create(code="notice", name="通知")
    with travel(dt.date(2020, 4, 23)):
        for n, number in enumerate((VALID_ID, "110105194912310038")):
            application = services.register(
                actor=officer, agency=agency, channel="in_person", received_on=dt.date(2020, 4, 23),
                **person(id_number=number, applicant_name=f"申请人{n}",
                         description="请公开2019年度法律援助案件统计表")).application
            services.reply(actor=officer, application=application, reply_type="disclosed",
                           reply_type_reason="provided", files=[("统计表.txt", b"1")])
    login(client, editor)
    page = client.get(reverse("staff:applications_proposals")).content.decode()
    assert "请公开2019年度法律援助案件统计表" in page
    proposal_pk = re.search(r"/staff/applications/proposals/(\d+)/complete/", page).group(1)
    done = client.post(reverse("staff:applications_proposal_complete", kwargs={"pk": proposal_pk}))
    assert done.status_code == 302
    record = Record.objects.get()
    assert done["Location"] == reverse("staff:catalogue_record", kwargs={"pk": record.pk})
    assert record.status == "draft"


def test_admin_exports_and_anonymises_applicant(client, agency_admin, officer, make_case):
    application = make_case(dt.date(2020, 4, 23))
    with travel(dt.date(2020, 4, 24)):
        services.withdraw(actor=officer, application=application, reason="申请人来电撤回")
    login(client, officer)
    assert client.get(case_url(application, "applicant_export")).status_code == 403
    login(client, agency_admin)
    exported = client.get(case_url(application, "applicant_export"))
    assert exported.status_code == 200 and exported.json()["id_number"] == VALID_ID
    assert client.post(case_url(application, "anonymise")).status_code == 302
    application.refresh_from_db()
    assert application.id_number == "" and application.anonymised_at is not None


def test_queue_page_queries_do_not_grow_with_cases(client, officer, make_case,
                                                   django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, officer)
    make_case(dt.date(2020, 4, 23))
    with travel(dt.date(2020, 4, 24)), CaptureQueriesContext(connection) as few:
        assert client.get(reverse("staff:applications_queue")).status_code == 200
    for n in range(15):
        make_case(dt.date(2020, 4, 23), id_number=VALID_ID, applicant_name=f"申请人{n}")
    with travel(dt.date(2020, 4, 24)), django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("staff:applications_queue"))
    assert page.content.decode().count('href="/staff/applications/') >= 16


def test_unavailable_reply_names_the_responsible_agency(client, officer, make_case):
    application = make_case(dt.date(2020, 4, 23))
    login(client, officer)
    with travel(dt.date(2020, 4, 24)):
        preview = client.post(case_url(application, "reply"), {
            "reply_type": "unavailable:not_held", "other_agency": "上海市徐汇区司法局",
            "action": "preview"})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "由上海市徐汇区司法局负责公开" in html and "第三十六条第（四）项" in html
