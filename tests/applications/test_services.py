"""Services: intake, the clock through correction, consultation, extension and fees,
replies, conversion to proactive disclosure, calendar changes and anonymisation."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gongkai.applications import services
from gongkai.applications.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    ConversionProposal,
    DisclosureItem,
    Notice,
)
from gongkai.applications.workflow import InvalidTransition
from gongkai.audit.models import AuditEvent
from gongkai.core.policies import PermissionDeniedError
from tests.applications.conftest import organisation, person

D = dt.date
pytestmark = pytest.mark.django_db


def test_register_postal_application_back_dated(make_case):
    case = make_case(D(2020, 4, 23), channel="post", now=D(2020, 4, 28))
    assert case.case_number == "YSQ-2020-000001"
    assert case.due_on == D(2020, 5, 22) and not case.due_on_provisional
    assert case.status == ApplicationStatus.RECEIVED
    assert case.events.get().verb == "register"
    assert Notice.objects.get(application=case).kind == "acknowledgement"
    assert AuditEvent.objects.filter(verb="application.register").count() == 1


def test_case_numbers_are_per_agency_and_year(make_case):
    first = make_case(D(2024, 3, 1))
    second = make_case(D(2024, 3, 4), description="另一条信息")
    third = make_case(D(2025, 1, 6), description="第三条信息")
    assert [first.case_number, second.case_number, third.case_number] == [
        "YSQ-2024-000001", "YSQ-2024-000002", "YSQ-2025-000001"]


@pytest.mark.parametrize(("received", "message"), [
    (D(2030, 1, 1), "晚于今天"), (D(2001, 1, 1), "早于"),
])
def test_register_refuses_impossible_receipt_dates(agency, officer, received, message):
    with pytest.raises(ValidationError, match=message):
        services.register(actor=officer, agency=agency, channel="post", received_on=received,
                          **person())
    assert not Application.objects.exists()


@pytest.mark.parametrize(("fields", "field"), [
    ({"id_number": "110105194912310021"}, "id_number"),
    ({"applicant_name": ""}, "applicant_name"),
    ({"description": ""}, "description"),
    ({"receipt_method": "email", "email": ""}, "email"),
    ({"phone": "", "email": "", "address": "", "receipt_method": "collection"}, "phone"),
])
def test_bad_input_writes_nothing(agency, fields, field):
    with pytest.raises(ValidationError) as err:
        services.submit_online(agency=agency, **person(**fields))
    assert field in err.value.message_dict
    assert not Application.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="application").exists()


def test_organisation_needs_valid_credit_code(agency):
    with pytest.raises(ValidationError) as err:
        services.submit_online(agency=agency, **organisation(credit_code="91110000802100433C"))
    assert "credit_code" in err.value.message_dict
    ok = services.submit_online(agency=agency, **organisation()).application
    assert ok.organisation_category == "legal_service"


def test_submit_online_idempotent(agency, at):
    with at(D(2025, 6, 3)):
        first = services.submit_online(agency=agency, idempotency_key="k-1", **person())
        again = services.submit_online(agency=agency, idempotency_key="k-1", **person())
    assert first.created and not again.created
    assert again.application.pk == first.application.pk
    assert again.access_code == first.access_code  # a lost response is not a lost code
    assert Application.objects.count() == 1
    assert first.application.check_access_code(first.access_code)
    assert first.access_code not in first.application.access_code_hash
    with pytest.raises(services.IdempotencyConflict):
        services.submit_online(agency=agency, idempotency_key="k-1",
                               **person(description="别的内容"))


def test_replay_gets_the_code_back_from_any_worker_within_a_day(agency, settings):
    """The code of a replay does not depend on a process's memory: with the cache emptied
    (another worker, a restart) the replay still answers with the first response's code."""
    import time_machine
    from django.core.cache import cache

    def at(hours: int):
        start = dt.datetime(2025, 6, 3, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))
        return time_machine.travel(start + dt.timedelta(hours=hours), tick=False)

    with at(0):
        first = services.submit_online(agency=agency, idempotency_key="k-2", **person())
    cache.clear()
    with at(23):
        again = services.submit_online(agency=agency, idempotency_key="k-2", **person())
    assert again.access_code == first.access_code and not again.created
    other = services.submit_online(agency=agency, idempotency_key="k-3", **person(
        description="另一项信息"))
    assert other.access_code != first.access_code
    with at(25):  # past the day: no code on a replay
        assert services.submit_online(agency=agency, idempotency_key="k-2",
                                      **person()).access_code is None
    settings.SECRET_KEY = "rotated-" + settings.SECRET_KEY
    with at(1):  # a rotated secret never gives a wrong code
        assert services.submit_online(agency=agency, idempotency_key="k-2",
                                      **person()).access_code is None


def test_staff_of_another_agency_cannot_act(make_case, other_officer):
    case = make_case(D(2024, 3, 1))
    with pytest.raises(PermissionDeniedError):
        services.assign(actor=other_officer, application=case)
    with pytest.raises(PermissionDeniedError):
        services.reply(actor=other_officer, application=case, reply_type="disclosed",
                       reply_text="见附件")


def test_full_walk_correction_consultation_extension_partial_reply(
        make_case, officer, head, department, at, send_reply):
    case = make_case(D(2020, 4, 23))
    with at(D(2020, 4, 27)):
        services.assign(actor=officer, application=case, department=department,
                        assignee=officer)
        correction = services.request_correction(
            actor=officer, application=case, what_to_correct="请写明文件名称或文号")
        with pytest.raises(InvalidTransition, match="只能告知一次"):
            services.request_correction(actor=officer, application=case, what_to_correct="again")
    assert correction.reply_by > D(2020, 4, 27)
    with at(D(2020, 5, 11)):
        case = services.receive_correction(actor=officer, application=case,
                                           received_on=D(2020, 5, 11),
                                           corrected_description="沪司办〔2020〕6号")
    assert case.clock_start_on == D(2020, 5, 11) and case.due_on == D(2020, 6, 8)
    with at(D(2020, 5, 13)):
        services.third_party_consultation_start(actor=officer, application=case, kind="third_party",
                                    party_name="演示科技有限公司")
    case.refresh_from_db()
    assert case.status == ApplicationStatus.IN_THIRD_PARTY_CONSULTATION
    with at(D(2020, 5, 20)):
        services.third_party_consultation_end(actor=officer, application=case, response="不同意公开第3页",
                                  consented=False)
    case.refresh_from_db()
    assert case.paused_working_days == 5 and case.due_on == D(2020, 6, 15)
    with at(D(2020, 6, 1)):
        extension = services.extension_request(actor=officer, application=case,
                                               working_days=20, reason="材料较多")
        with pytest.raises(PermissionDeniedError):  # officers cannot approve their own
            services.extension_approve(actor=officer, application=case)
        services.extension_approve(actor=head, application=case, note="同意")
    extension.refresh_from_db()
    case.refresh_from_db()
    assert extension.status == "approved"
    assert case.due_on == D(2020, 7, 14)  # 25–27 Jun off, Sun 28 Jun worked
    moved = list(case.events.exclude(old_due_on=None).exclude(old_due_on=dt.date.min)
                 .values_list("verb", "old_due_on", "new_due_on"))
    assert ("extension_approve", D(2020, 6, 15), D(2020, 7, 14)) in moved
    with at(D(2020, 7, 10)):
        case = send_reply(
            actor=officer, application=case, reply_type="partially_disclosed",
            reply_text="提供第1–2页", files=[("要点.pdf", b"%PDF-1.4 demo")],
            withheld=[{"description": "第3页第三方商业信息", "reason": "third_party"}])
    assert case.status == ApplicationStatus.REPLIED and case.replied_on == D(2020, 7, 10)
    assert "第三十七条" in case.legal_basis
    kinds = list(case.notices.values_list("kind", flat=True))
    assert kinds == ["acknowledgement", "correction_request", "third_party_consultation_letter",
                     "extension_notice", "reply_letter"]
    withheld = DisclosureItem.objects.get(application=case, kind="withheld")
    assert "第十五条" in withheld.legal_basis
    steps = [s["kind"] for s in case.clock_steps]
    assert steps == ["received", "corrected", "limit", "pause", "extension"]
    with at(D(2020, 7, 20)):
        services.archive(actor=officer, application=case)
        with pytest.raises(InvalidTransition):
            services.withdraw(actor=officer, application=case, reason="太晚了")


def test_correction_window_is_seven_working_days(make_case, officer, at):
    case = make_case(D(2024, 9, 27))
    with at(D(2024, 10, 10)):
        assert "剩余2个工作日" in services.correction_warning(case)
    with at(D(2024, 10, 14)), pytest.raises(InvalidTransition, match="2024-10-12"):
        services.request_correction(actor=officer, application=case, what_to_correct="x")
    assert case.events.count() == 1


def test_correction_not_supplied_deemed_withdrawn(make_case, officer, at):
    case = make_case(D(2024, 3, 1))
    with at(D(2024, 3, 4)):
        correction = services.request_correction(actor=officer, application=case,
                                                 what_to_correct="请补充")
    with at(correction.reply_by), pytest.raises(InvalidTransition, match="尚未届满"):
        services.correction_deemed_withdrawn(actor=officer, application=case)
    with at(correction.reply_by + dt.timedelta(days=1)):
        case = services.correction_deemed_withdrawn(actor=officer, application=case)
    assert (case.status, case.reply_type, case.reply_type_reason) == (
        ApplicationStatus.WITHDRAWN, "other", "no_correction")


def test_extension_limited_to_twenty_days_in_total(make_case, officer, head, at):
    case = make_case(D(2024, 3, 1))
    with at(D(2024, 3, 20)):
        services.extension_request(actor=officer, application=case, working_days=15, reason="多")
        services.extension_approve(actor=head, application=case)
        with pytest.raises(ValidationError, match="1至5"):
            services.extension_request(actor=officer, application=case, working_days=6,
                                       reason="再多")
        services.extension_request(actor=officer, application=case, working_days=5, reason="再")
        services.extension_deny(actor=head, application=case, note="不同意")
    case.refresh_from_db()
    assert case.extension_working_days == 15


def test_extension_after_the_maximum_says_it_is_used_up(make_case, officer, head, at):
    """Issue 14/9: once 20 working days were granted, the refusal said
    "延长期限应为1至0个工作日"; it must say the maximum is used."""
    case = make_case(D(2024, 3, 1))
    with at(D(2024, 3, 20)):
        services.extension_request(actor=officer, application=case, working_days=20, reason="多")
        services.extension_approve(actor=head, application=case)
        with pytest.raises(InvalidTransition) as caught:
            services.extension_request(actor=officer, application=case, working_days=1,
                                       reason="再多")
    assert "已用满" in caught.value.message and "1至0" not in caught.value.message


def test_fee_pause_and_deemed_withdrawal(make_case, officer, at):
    case = make_case(D(2023, 9, 25))
    base_due = case.due_on
    with at(D(2023, 9, 26)):
        with pytest.raises(ValidationError, match="免费额度"):
            services.fee_issue(actor=officer, application=case, method="per_volume", quantity=30)
        fee = services.fee_issue(actor=officer, application=case, method="per_volume",
                                 quantity=150)
    assert fee.amount == Decimal(1700) and fee.pay_by == D(2023, 10, 30)
    case.refresh_from_db()
    assert case.status == ApplicationStatus.AWAITING_FEE and case.due_on > base_due
    with at(D(2023, 10, 31)):
        case = services.fee_deemed_withdrawn(actor=officer, application=case)
    assert case.reply_type_reason == "fee_unpaid"


def test_fee_paid_resumes_the_clock(make_case, officer, at):
    case = make_case(D(2023, 9, 25))
    with at(D(2023, 9, 26)):
        services.fee_issue(actor=officer, application=case, method="per_volume", quantity=40)
    with at(D(2023, 10, 9)):
        services.fee_paid(actor=officer, application=case)
    case.refresh_from_db()
    # 26 Sep → 9 Oct 2023 pauses 5 working days (27, 28 Sep; 7, 8, 9 Oct).
    assert case.status == ApplicationStatus.IN_PROGRESS and case.paused_working_days == 5


def test_reply_requires_statutory_outcome_and_grounds(make_case, officer, at):
    case = make_case(D(2024, 3, 1))
    with at(D(2024, 3, 5)):
        for kwargs in [{"reply_type": "nonsense"}, {"reply_type": "withheld"},
                       {"reply_type": "partially_disclosed", "reply_text": "x"},
                       {"reply_type": "disclosed"}]:
            with pytest.raises(ValidationError):
                services.reply(actor=officer, application=case, **kwargs)
    case.refresh_from_db()
    assert case.status == ApplicationStatus.RECEIVED and not case.notices.filter(
        kind="reply_letter").exists()


def test_withdraw_by_applicant_with_code_only(agency, at):
    with at(D(2025, 6, 3)):
        sub = services.submit_online(agency=agency, **person())
        with pytest.raises(PermissionDeniedError):
            services.withdraw_by_applicant(case_number=sub.application.case_number,
                                           access_code="WRONGCODE1")
        case = services.withdraw_by_applicant(case_number=sub.application.case_number,
                                              access_code=sub.access_code.lower())
    assert case.status == ApplicationStatus.WITHDRAWN and case.reply_type_reason == "other"


def test_repeat_and_conversion_to_proactive(agency, officer, editor, at):
    from gongkai.catalogue.models import Record
    from tests.factories import record_fields

    def apply(name, number, on):
        with at(on):
            return services.register(actor=officer, agency=agency, channel="in_person",
                                     received_on=on, **person(
                                         applicant_name=name, id_number=number,
                                         description="请公开 2024年 行政复议 案件统计",
                                     )).application

    first = apply("演示王五", "11010519491231002X", D(2024, 5, 6))
    with at(D(2024, 5, 7)):
        services.reply(actor=officer, application=first, reply_type="disclosed", reply_text="附件")
    repeat = apply("演示王五", "11010519491231002X", D(2024, 6, 3))
    assert repeat.is_repeated and repeat.repeat_of_id == first.pk
    # Same information, different applicant (punctuation and spacing ignored).
    from gongkai.applications.identity import resident_id_check_char

    second_id = "11010119900307001" + resident_id_check_char("11010119900307001")
    other = apply("演示赵六", second_id, D(2024, 6, 4))
    assert not other.is_repeated and other.similar_count == 1
    assert not ConversionProposal.objects.exists()
    with at(D(2024, 6, 5)):
        services.reply(actor=officer, application=other, reply_type="disclosed", reply_text="附件")
    proposal = ConversionProposal.objects.get()
    assert set(proposal.applications.values_list("pk", flat=True)) == {first.pk, other.pk}
    fields = record_fields()
    with pytest.raises(PermissionDeniedError):
        services.conversion_complete(actor=officer, proposal=proposal, topic=fields["topic"],
                                     genre=fields["genre"])
    record = services.conversion_complete(actor=editor, proposal=proposal,
                                          topic=fields["topic"], genre=fields["genre"])
    assert Record.objects.get(pk=record.pk).status == "draft"
    proposal.refresh_from_db()
    assert proposal.status == "completed" and proposal.record_id == record.pk


def test_asking_for_a_non_public_record_opens_attribute_review(agency, officer, editor, at):
    from gongkai.catalogue.models import AttributeReview
    from gongkai.catalogue.services import record_create
    from tests.factories import record_fields

    record = record_create(actor=editor, agency=agency, **record_fields(
        disclosure_attribute="on_request", withholding_reason="涉及个人信息",
        withholding_basis="条例第十五条"))
    with at(D(2025, 3, 3)):
        services.submit_online(agency=agency, requested_record=record, **person())
    review = AttributeReview.objects.get(record=record)
    assert review.reason == "application"


def run_calendar_jobs():
    from gongkai.jobs.models import JobRun
    from gongkai.jobs.registry import JOBS

    for run in JobRun.objects.filter(name="workdays.recalculate_deadlines", status="enqueued"):
        JOBS[run.name].call(run_id=run.pk)


def test_calendar_change_moves_due_dates_and_says_why(make_case, platform_admin,
                                                      django_capture_on_commit_callbacks):
    from gongkai.workdays.services import calendar_day_set

    case = make_case(D(2026, 11, 20), now=D(2026, 11, 27))
    untouched = make_case(D(2024, 3, 1), description="早已到期的另一件")
    before = case.due_on
    # An administrator declares a (fictitious) holiday inside the limit.
    with django_capture_on_commit_callbacks(execute=True):
        calendar_day_set(actor=platform_admin, date=before - dt.timedelta(days=1),
                         is_working_day=False, name="演示调休")
    run_calendar_jobs()  # the recalculation runs in the background job, not in the request
    case.refresh_from_db()
    assert case.due_on > before
    event = ApplicationEvent.objects.filter(application=case,
                                            verb="due_date_recalculated").get()
    assert event.old_due_on == before and event.new_due_on == case.due_on
    assert "calendar.day_set" in event.comment and str(before) in event.comment
    assert not untouched.events.filter(verb="due_date_recalculated").exists()


def test_anonymise_after_retention(make_case, officer, settings, at):
    case = make_case(D(2020, 4, 23))
    with at(D(2020, 5, 6)):
        services.reply(actor=officer, application=case, reply_type="unavailable",
                       reply_type_reason="not_held")
    settings.GONGKAI_APPLICATIONS_RETENTION_DAYS = 365
    assert services.anonymise_expired(today=D(2021, 5, 1)) == 0
    assert services.anonymise_expired(today=D(2021, 5, 7)) == 1
    case.refresh_from_db()
    assert case.applicant_name == services.ANONYMOUS and case.id_number == "" and case.phone == ""
    assert case.reply_type == "unavailable" and case.applicant_type == "natural_person"
    assert services.anonymise_expired(today=D(2021, 5, 8)) == 0


def test_applicant_export(make_case, officer, other_officer):
    case = make_case(D(2024, 3, 1))
    data = services.applicant_export(actor=officer, application=case)
    assert data["id_number"] == "11010519491231002X" and data["case_number"] == case.case_number
    with pytest.raises(PermissionDeniedError):
        services.applicant_export(actor=other_officer, application=case)


def test_receipt_method_not_chosen_comes_from_the_contact_given(agency):
    """Issue 13: an applicant who chose no receipt method is not refused for a postal
    address; e-mail given → e-mail, address given → post, neither → say what is missing."""
    by_email = services.submit_online(agency=agency, **person(receipt_method="", address=""))
    assert by_email.application.receipt_method == "email"
    by_post = services.submit_online(agency=agency, **person(
        receipt_method="", email="", description="另一项信息"))
    assert by_post.application.receipt_method == "post"
    with pytest.raises(ValidationError) as err:
        services.submit_online(agency=agency, **person(receipt_method="", email="", address="",
                                                       description="第三项信息"))
    assert list(err.value.message_dict) == ["receipt_method"]
    assert "没有填写电子邮箱或通信地址" in err.value.message_dict["receipt_method"][0]


def test_one_message_per_field_from_the_service(agency):
    with pytest.raises(ValidationError) as err:
        services.submit_online(agency=agency, **person(
            applicant_name="", id_number="", description="", phone="", email="", address="",
            receipt_method="collection"))
    messages = err.value.message_dict
    assert all(len(v) == 1 for v in messages.values()), messages
    assert messages["applicant_name"] == ["请填写申请人姓名。"]
    assert messages["id_number"] == ["请填写居民身份证号码。"]
