"""Each step, each refusal, the audit trail, and publication through the contract."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongkai.audit.models import AuditEvent
from gongkai.catalogue.models import Record
from gongkai.core.models import Role
from gongkai.core.policies import PermissionDeniedError
from gongkai.proposals import services
from gongkai.proposals.models import ProposalStatus as S
from gongkai.proposals.workflow import TRANSITIONS, InvalidTransition
from gongkai.workdays.deadlines import CalendarChange
from gongkai.workdays.models import CalendarDay
from tests.factories import DepartmentFactory, staff
from tests.proposals.factories import REPLY_TEXT, register

D = dt.date
pytestmark = pytest.mark.django_db


ASSIGNED, REPLIED = D(2020, 2, 10), D(2020, 4, 23)


def replied(agency, officer, lead, *, assigned=ASSIGNED, on=REPLIED, **kw):
    proposal = register(agency, officer)
    services.proposal_assign(actor=officer, proposal=proposal, lead_department=lead,
                             assigned_on=assigned)
    reply = services.proposal_reply(actor=officer, proposal=proposal, outcome="A",
                                    text=REPLY_TEXT, replied_on=on, **kw)
    return proposal, reply


def test_the_whole_way_with_a_redo(agency, officer, lead, co):
    proposal = register(agency, officer, on=D(2020, 1, 20))
    assert (proposal.status, proposal.year, proposal.serial) == (S.REGISTERED, 2020, 1)
    proposal = services.proposal_assign(actor=officer, proposal=proposal, lead_department=lead,
                                        co_departments=[co], assigned_on=D(2020, 2, 10))
    assert (proposal.status, proposal.due_on) == (S.ASSIGNED, D(2020, 5, 10))
    assert list(proposal.co_departments.all()) == [co]
    reply = services.proposal_reply(actor=officer, proposal=proposal, outcome="B",
                                    text="正在解决。", replied_on=D(2020, 5, 11))
    assert reply.replied_late and reply.due_on == D(2020, 5, 10)
    assert reply.publish_by == D(2020, 6, 8)  # 20 working days: May 12–15, 18–29, Jun 1–5, 8
    proposal.refresh_from_db()
    assert proposal.status == S.REPLIED
    proposal = services.proposal_feedback(actor=officer, proposal=proposal,
                                          satisfaction="dissatisfied", feedback_on=D(2020, 5, 31))
    assert proposal.status == S.DISSATISFIED
    proposal = services.proposal_redo(actor=officer, proposal=proposal)
    assert (proposal.status, proposal.due_on) == (S.REDO, D(2020, 8, 31))
    second = services.proposal_reply(actor=officer, proposal=proposal, outcome="A",
                                     text="已解决。", replied_on=D(2020, 7, 1))
    assert (second.round, second.due_on, second.replied_late) == (2, D(2020, 8, 31), False)
    # The redo's answer is final: even "dissatisfied" closes the case (and is counted).
    proposal = services.proposal_feedback(actor=officer, proposal=proposal,
                                          satisfaction="dissatisfied", feedback_on=D(2020, 7, 5))
    assert (proposal.status, proposal.closed_on) == (S.CLOSED, D(2020, 7, 5))
    verbs = list(proposal.events.values_list("verb", flat=True))
    assert verbs == ["register", "assign", "reply", "feedback", "redo", "reply", "feedback"]
    audited = AuditEvent.objects.filter(verb__startswith="proposals.").order_by("seq") \
        .values_list("verb", flat=True)
    assert list(audited) == [f"proposals.{v}" for v in verbs]


def test_a_reply_without_an_outcome_code_is_refused_and_nothing_changes(agency, officer, lead):
    proposal = register(agency, officer)
    services.proposal_assign(actor=officer, proposal=proposal, lead_department=lead,
                             assigned_on=D(2020, 2, 10))
    with pytest.raises(ValidationError) as err:
        services.proposal_reply(actor=officer, proposal=proposal, outcome="", text="答复。",
                                replied_on=D(2020, 3, 1))
    assert "outcome" in err.value.message_dict
    with pytest.raises(ValidationError):
        services.proposal_reply(actor=officer, proposal=proposal, outcome="E", text="答复。")
    proposal.refresh_from_db()
    assert proposal.status == S.ASSIGNED and not proposal.replies.exists()


def test_summary_publication_needs_a_summary_and_a_reason(agency, officer, lead):
    proposal = register(agency, officer)
    services.proposal_assign(actor=officer, proposal=proposal, lead_department=lead,
                             assigned_on=D(2020, 2, 10))
    with pytest.raises(ValidationError) as err:
        services.proposal_reply(actor=officer, proposal=proposal, outcome="C", text="全文。",
                                publish_mode="summary")
    assert set(err.value.message_dict) == {"summary", "summary_reason"}


@pytest.mark.parametrize(("state_steps", "action"), [
    ([], "reply"), ([], "redo"), ([], "close"), (["assign"], "assign"),
    (["assign"], "redo"), (["assign", "reply"], "extend"), (["assign", "reply"], "reply"),
])
def test_invalid_transitions(agency, officer, head, lead, state_steps, action):
    proposal = register(agency, officer)
    if "assign" in state_steps:
        services.proposal_assign(actor=officer, proposal=proposal, lead_department=lead,
                                 assigned_on=D(2020, 2, 10))
    if "reply" in state_steps:
        services.proposal_reply(actor=officer, proposal=proposal, outcome="A", text="答复。",
                                replied_on=D(2020, 3, 1))
    calls = {
        "assign": lambda: services.proposal_assign(actor=officer, proposal=proposal,
                                                   lead_department=lead),
        "reply": lambda: services.proposal_reply(actor=officer, proposal=proposal, outcome="A",
                                                 text="答复。"),
        "redo": lambda: services.proposal_redo(actor=officer, proposal=proposal),
        "close": lambda: services.proposal_close(actor=officer, proposal=proposal),
        "extend": lambda: services.proposal_extend(actor=head, proposal=proposal, months=1,
                                                   reason="复杂"),
    }
    with pytest.raises(InvalidTransition) as err:
        calls[action]()
    assert "不能执行" in err.value.message


def test_every_state_has_a_row_in_the_transition_table():
    assert set(TRANSITIONS) == set(S.values)
    assert TRANSITIONS[S.CLOSED] == frozenset()


def test_extension_needs_approval_and_stops_at_six_months(agency, officer, head, lead):
    proposal = register(agency, officer)
    services.proposal_assign(actor=officer, proposal=proposal, lead_department=lead,
                             assigned_on=D(2020, 1, 31))
    with pytest.raises(PermissionDeniedError):
        services.proposal_extend(actor=officer, proposal=proposal, months=1, reason="复杂")
    proposal = services.proposal_extend(actor=head, proposal=proposal, months=2, reason="涉及多部门")
    assert (proposal.due_on, proposal.extension_months) == (D(2020, 6, 30), 2)
    with pytest.raises(ValidationError) as err:
        services.proposal_extend(actor=head, proposal=proposal, months=2, reason="再延")
    assert "最长不超过6个月" in err.value.message_dict["months"][0]
    proposal = services.proposal_extend(actor=head, proposal=proposal, months=1, reason="再延")
    assert proposal.due_on == D(2020, 7, 31)


def test_other_agencies_and_roles_are_refused(agency, other_agency, lead):
    outsider = staff(Role.AGENCY_ADMIN, other_agency, "p-outsider")
    editor = staff(Role.EDITOR, agency, "p-editor")
    with pytest.raises(PermissionDeniedError):
        register(agency, outsider)
    with pytest.raises(PermissionDeniedError):
        register(agency, editor)
    proposal = register(agency, None)
    foreign = DepartmentFactory(agency=other_agency, name="别处")
    with pytest.raises(ValidationError):
        services.proposal_assign(actor=None, proposal=proposal, lead_department=foreign)


def test_duplicate_numbers_and_future_dates_are_refused(agency, officer):
    register(agency, officer, number="0007", session="届次甲")
    with pytest.raises(ValidationError) as err:
        register(agency, officer, number="0007", session="届次甲")
    assert "已经登记" in err.value.message_dict["number"][0]
    register(agency, officer, number="0007", session="届次甲", kind="cppcc_proposal")  # a proposal
    with pytest.raises(ValidationError):
        register(agency, officer, on=dt.date.today() + dt.timedelta(days=1))


def test_publication_removes_contact_details_and_goes_through_the_catalogue(agency, officer,
                                                                           lead):
    proposal, reply = replied(agency, officer, lead)
    reply = services.reply_publish(actor=officer, reply=reply, today=D(2020, 5, 25))
    assert reply.published_on == D(2020, 5, 25) and reply.published_late  # due 22 May
    for secret in ("021-53881234", "13812345678", "office@sfj.example.gov.cn", "王某某"):
        assert secret not in reply.published_text
    assert "（联系方式已删除）" in reply.published_text
    assert "现答复如下" in reply.published_text
    record = Record.objects.get(pk=reply.record_id)
    assert record.status == "published" and record.genre.code == "proposal-reply"
    assert "办理结果：A" in record.current_version.body
    assert AuditEvent.objects.filter(verb="record.publish_external").exists()
    with pytest.raises(InvalidTransition):
        services.reply_publish(actor=officer, reply=reply)


def test_publication_is_refused_when_the_scan_finds_an_id_number(agency, officer, lead):
    proposal, reply = replied(agency, officer, lead)
    reply.text = "代表身份证号11010519491231002X，已答复。"
    reply.save()
    with pytest.raises(ValidationError) as err:
        services.reply_publish(actor=officer, reply=reply)
    assert "身份证号码" in str(err.value)
    reply.refresh_from_db()
    assert reply.published_on is None and reply.record_id is None
    assert not Record.objects.exists()


def test_a_refused_answer_is_corrected_then_published(agency, officer, lead):
    proposal, reply = replied(agency, officer, lead)
    reply.text = "代表身份证号11010519491231002X，已答复。"
    reply.save()
    with pytest.raises(ValidationError):
        services.reply_publish(actor=officer, reply=reply)
    services.reply_correct(actor=officer, reply=reply, text="已答复。")
    reply = services.reply_publish(actor=officer, reply=reply, today=D(2020, 5, 6))
    assert reply.published_text == "已答复。"
    event = proposal.events.get(verb="reply_correct")
    assert "11010519491231002X" in event.details["before"]["text"]  # staff history only
    with pytest.raises(InvalidTransition):
        services.reply_correct(actor=officer, reply=reply, text="改")


def test_a_summary_is_published_instead_of_the_text(agency, officer, lead):
    _proposal, reply = replied(agency, officer, lead, publish_mode="summary",
                               summary="已将建议列入明年计划。", summary_reason="涉及商业信息")
    reply = services.reply_publish(actor=officer, reply=reply, today=D(2020, 5, 6))
    assert reply.published_text == "已将建议列入明年计划。" and not reply.published_late


def test_calendar_change_moves_publish_by_of_unpublished_replies(agency, officer, lead):
    _proposal, reply = replied(agency, officer, lead)
    assert reply.publish_by == D(2020, 5, 22)
    CalendarDay.objects.update_or_create(date=D(2020, 5, 11),
                                         defaults={"is_working_day": False, "name": "测试"})
    from gongkai.workdays.calendar import WorkingCalendar
    from gongkai.workdays.clock import Clock

    change = CalendarChange(verb="calendar.day_set", summary="2020-05-11 设为休息日",
                            dates=(D(2020, 5, 11),))
    moved = services.recalculate_after_calendar_change(change, Clock(WorkingCalendar()))
    reply.refresh_from_db()
    assert (moved, reply.publish_by) == (1, D(2020, 5, 25))
    assert reply.proposal.events.filter(verb="publish_by_moved").exists()
    assert services.recalculate_after_calendar_change(change, Clock(WorkingCalendar())) == 0


def test_the_owner_is_registered():
    from gongkai.workdays.deadlines import deadline_owners

    assert "proposals" in deadline_owners()
