"""Services of the mailbox: validation, numbers and codes, idempotency, attachments, the
answer limits, every transition and refusal, review, rating, reopening, publication."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from gongkai.audit.models import AuditEvent
from gongkai.core import intake
from gongkai.core.policies import PermissionDeniedError
from gongkai.interaction import services
from gongkai.interaction.models import AgencyLimits, Message, MessageStatus, Publication
from gongkai.interaction.workflow import InvalidTransition
from tests.interaction.conftest import at, fields
from tests.security.hostile import PDF_BYTES

MONDAY = dt.date(2026, 3, 2)  # an ordinary working week


def test_submit_gives_number_code_and_due_date(submit):
    submission = submit(MONDAY)
    message = submission.message
    assert submission.created
    assert message.case_number == "XX-2026-000001"
    assert message.check_access_code(submission.access_code)
    # 3 working days, the day of receipt not counted: Monday → Thursday.
    assert message.due_on == dt.date(2026, 3, 5)
    assert message.limit_days == 3
    assert message.status == MessageStatus.RECEIVED
    assert AuditEvent.objects.filter(verb="interaction.message_submit").count() == 1
    assert submit(MONDAY).message.case_number == "XX-2026-000002"


def test_due_date_skips_the_holiday(submit):
    # Received on 2026-09-30 (Wed): National Day holiday 10-01..10-07 does not count.
    message = submit(dt.date(2026, 9, 30)).message
    assert message.due_on > dt.date(2026, 10, 7)


@pytest.mark.parametrize("change, field", [
    ({"type": "praise"}, "type"),
    ({"subject": "太短"}, "subject"),
    ({"subject": "很长" * 20}, "subject"),
    ({"text": ""}, "text"),
    ({"text": "字" * 601}, "text"),
    ({"name": ""}, "name"),
    ({"email": "not-an-address"}, "email"),
    ({"email": "", "reply_by_email": True}, "email"),
    ({"phone": "call me maybe"}, "phone"),
])
def test_bad_input_is_refused_by_field(agency, change, field):
    with pytest.raises(ValidationError) as caught:
        services.message_submit(agency=agency, **fields(**change))
    assert field in caught.value.message_dict
    assert Message.objects.count() == 0


def test_text_limit_is_a_setting(agency, settings):
    settings.GONGKAI_INTERACTION_TEXT_MAX = 20
    with pytest.raises(ValidationError):
        services.message_submit(agency=agency, **fields(text="字" * 21))


def test_idempotent_replay_and_conflict(agency):
    first = services.message_submit(agency=agency, idempotency_key="k1", **fields())
    again = services.message_submit(agency=agency, idempotency_key="k1", **fields())
    assert not again.created and again.message.pk == first.message.pk
    assert again.access_code == first.access_code
    with pytest.raises(intake.IdempotencyConflict):
        services.message_submit(agency=agency, idempotency_key="k1", **fields(text="另一封不同内容的来信"))
    assert Message.objects.count() == 1


def test_attachment_accepted_and_checked(agency):
    ok = services.message_submit(agency=agency, attachment=services.Upload("材料.pdf", PDF_BYTES),
                                 **fields())
    assert ok.message.attachment and ok.message.attachment_type == "application/pdf"
    with pytest.raises(ValidationError) as disguised:
        services.message_submit(agency=agency, attachment=services.Upload(
            "照片.jpg", b"MZ\x90\x00" + b"\x00" * 100), **fields())
    assert "attachment" in disguised.value.message_dict
    with pytest.raises(ValidationError) as renamed:
        services.message_submit(agency=agency, attachment=services.Upload("照片.png", PDF_BYTES),
                                **fields())
    assert "attachment" in renamed.value.message_dict
    with pytest.raises(ValidationError) as big:
        services.message_submit(agency=agency, attachment=services.Upload(
            "big.pdf", PDF_BYTES + b"0" * (1024 * 1024)), **fields())
    assert "KB" in big.value.message_dict["attachment"][0]


def test_route_answer_rate_close(submit, officer, department):
    message = submit(MONDAY).message
    with at(MONDAY + dt.timedelta(days=1)):
        message = services.message_route(actor=officer, message=message, department=department)
        assert message.status == MessageStatus.ROUTED
        message = services.message_answer(actor=officer, message=message, reply="请携带身份证到窗口补办。")
    assert message.status == MessageStatus.ANSWERED and message.answered_in_time is True
    assert message.publication == Publication.PENDING  # consent: the writer confirms first
    message = services.message_rate(message=message, rating="satisfied")
    assert message.status == MessageStatus.CLOSED
    with pytest.raises(InvalidTransition):
        services.message_rate(message=message, rating="mostly")
    verbs = list(message.events.values_list("verb", flat=True))
    assert verbs == ["submit", "route", "answer", "rate"]


def test_late_answer_is_marked_late(submit, officer):
    message = submit(MONDAY).message
    with at(MONDAY + dt.timedelta(days=10)):
        message = services.message_answer(actor=officer, message=message, reply="答复")
    assert message.answered_in_time is False


def test_invalid_transitions_and_permissions(submit, officer, other_officer, department):
    message = submit(MONDAY).message
    with pytest.raises(InvalidTransition) as caught:
        services.message_close(actor=officer, message=message)
    assert "已收到" in caught.value.message
    with pytest.raises(PermissionDeniedError):
        services.message_route(actor=other_officer, message=message, department=department)
    with pytest.raises(InvalidTransition):
        services.message_rate(message=message, rating="satisfied")
    with pytest.raises(ValidationError):
        services.message_answer(actor=officer, message=message, reply="  ")


def test_complex_gets_ten_working_days(submit, officer):
    message = submit(MONDAY).message
    message = services.message_mark_complex(actor=officer, message=message, reason="涉及多个处室")
    assert message.limit_days == 10
    assert message.due_on == dt.date(2026, 3, 16)


def test_agency_limits_apply(agency, submit, officer):
    AgencyLimits.objects.create(agency=agency, complaint_days=5)
    assert submit(MONDAY, type="complaint").message.due_on == dt.date(2026, 3, 9)
    assert submit(MONDAY, type="consult").message.due_on == dt.date(2026, 3, 5)


def test_waiting_for_the_public_restarts_the_clock(submit, officer):
    message = submit(MONDAY).message
    message = services.message_ask(actor=officer, message=message, question="请提供执业证号。")
    assert message.status == MessageStatus.WAITING
    with at(dt.date(2026, 3, 9)):
        message = services.message_supply(message=message, text="执业证号为 1310…")
    assert message.status == MessageStatus.RECEIVED
    assert message.due_on == dt.date(2026, 3, 12)


def test_reply_review(agency, submit, officer, head):
    AgencyLimits.objects.create(agency=agency, reply_review=True)
    message = submit(MONDAY).message
    message = services.message_answer(actor=officer, message=message, reply="草稿答复")
    assert message.status == MessageStatus.REVIEWING and message.reply == ""
    with pytest.raises(PermissionDeniedError):
        services.message_review(actor=officer, message=message, approve=True)
    with pytest.raises(ValidationError):
        services.message_review(actor=head, message=message, approve=False)
    message = services.message_review(actor=head, message=message, approve=False, comment="请补充依据")
    assert message.status == MessageStatus.ROUTED
    message = services.message_answer(actor=officer, message=message, reply="修改后的答复")
    message = services.message_review(actor=head, message=message, approve=True)
    assert message.status == MessageStatus.ANSWERED and message.reply == "修改后的答复"


def test_reviewer_never_approves_own_draft(agency, submit, head):
    AgencyLimits.objects.create(agency=agency, reply_review=True)
    message = services.message_answer(actor=head, message=submit(MONDAY).message, reply="自拟")
    with pytest.raises(InvalidTransition):
        services.message_review(actor=head, message=message, approve=True)


def test_reopen_once_within_the_period(submit, officer):
    message = submit(MONDAY).message
    with at(MONDAY):
        message = services.message_answer(actor=officer, message=message, reply="答复")
    message = services.message_rate(message=message, rating="dissatisfied")
    assert message.status == MessageStatus.ANSWERED  # dissatisfied: stays open to reopening
    with at(MONDAY + dt.timedelta(days=3)):
        message = services.message_reopen(message=message, reason="没有回答补办时限")
        assert message.status == MessageStatus.REOPENED and message.due_on == dt.date(2026, 3, 10)
        message = services.message_answer(actor=officer, message=message, reply="补充答复")
        with pytest.raises(InvalidTransition) as twice:
            services.message_reopen(message=message, reason="再次")
    assert "一次" in twice.value.message


def test_reopen_after_the_period_is_refused(submit, officer):
    message = submit(MONDAY).message
    with at(MONDAY):
        message = services.message_answer(actor=officer, message=message, reply="答复")
    with at(MONDAY + dt.timedelta(days=16)), pytest.raises(InvalidTransition) as late:
        services.message_reopen(message=message, reason="太晚了")
    assert "超过期限" in late.value.message


def test_publication_redacts_and_waits_for_the_writer(submit, officer):
    text = "我叫张三，电话13912345678，住在上海市虚构路12号，邮箱 zhang.san@example.org。"
    message = submit(MONDAY, text=text).message
    message = services.message_answer(actor=officer, message=message, reply="已联系张三。")
    for text in (message.published_text, message.published_reply):
        assert "张三" not in text and "13912345678" not in text and "example.org" not in text
    assert "虚构路12号" not in message.published_text
    assert message.publication == Publication.PENDING and message.published_at is None
    message = services.publication_decide(message=message, approve=True)
    assert message.publication == Publication.APPROVED and message.published_at
    with pytest.raises(InvalidTransition):
        services.publication_decide(message=message, approve=False)


def test_no_consent_no_publication(submit, officer):
    message = submit(MONDAY, publish_consent=False).message
    message = services.message_answer(actor=officer, message=message, reply="答复")
    assert message.publication == Publication.NONE
    with pytest.raises(InvalidTransition):
        services.publication_edit(actor=officer, message=message, subject="a", text="b", reply="c")


def test_dismiss_needs_a_reason(submit, officer):
    message = submit(MONDAY).message
    with pytest.raises(ValidationError):
        services.message_dismiss(actor=officer, message=message, reason="")
    message = services.message_dismiss(actor=officer, message=message, reason="内容与本机关无关")
    assert message.status == MessageStatus.DISMISSED


def test_bulk_route_reports_refusals(submit, officer, department):
    one, two = submit(MONDAY).message, submit(MONDAY).message
    services.message_dismiss(actor=officer, message=two, reason="重复来信")
    done, refused = services.message_route_bulk(actor=officer, messages=[one, two],
                                                department=department)
    assert [m.pk for m in done] == [one.pk]
    assert refused[0][0].pk == two.pk and "不予受理" in refused[0][1]


def test_writer_is_mailed_when_asked(submit, officer, django_capture_on_commit_callbacks):
    message = submit(MONDAY, reply_by_email=True).message
    with django_capture_on_commit_callbacks(execute=True):
        services.message_answer(actor=officer, message=message, reply="答复")
    assert len(mail.outbox) == 1 and message.case_number in mail.outbox[0].subject
