"""Reminders before the limit and daily escalation after it (time-machine), automatic
closing after the reopen period, the deadline owner after a calendar change, and the
three-month veto figure."""

import datetime as dt

import pytest
from django.core import mail

from gongkai.core.models import Role
from gongkai.interaction import jobs, limits, selectors, services
from gongkai.interaction.models import Message, MessageStatus, Reminder
from gongkai.workdays.calendar import WorkingCalendar
from gongkai.workdays.clock import Clock
from gongkai.workdays.deadlines import CalendarChange, deadline_owners
from tests.factories import staff
from tests.interaction.conftest import at

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 3, 2)


def test_reminder_before_and_escalation_after(agency, submit, officer, department):
    head = staff(Role.DEPARTMENT_HEAD, agency, "boss")
    head.email = "boss@example.gov.cn"
    head.save()
    officer.email = "officer@example.gov.cn"
    officer.save()
    message = submit(MONDAY).message  # due Thursday 03-05
    services.message_route(actor=officer, message=message, assignee=officer)
    with at(dt.date(2026, 3, 3)):
        assert jobs.send_reminders() == {"due_soon": 0, "overdue": 0}
    with at(dt.date(2026, 3, 4)):
        assert jobs.send_reminders() == {"due_soon": 1, "overdue": 0}
        assert jobs.send_reminders() == {"due_soon": 0, "overdue": 0}  # once a day
    assert mail.outbox[-1].to == ["officer@example.gov.cn"]
    with at(dt.date(2026, 3, 6)):
        assert jobs.send_reminders()["overdue"] == 1
    assert "boss@example.gov.cn" in mail.outbox[-1].to and "逾期" in mail.outbox[-1].subject
    with at(dt.date(2026, 3, 9)):
        assert jobs.send_reminders()["overdue"] == 1  # every day after the limit
    assert Reminder.objects.filter(message=message, kind="overdue").count() == 2
    with at(dt.date(2026, 3, 10)):
        services.message_answer(actor=officer, message=message, reply="迟到的答复")
        assert jobs.send_reminders() == {"due_soon": 0, "overdue": 0}


def test_answered_messages_close_after_the_reopen_period(submit, officer):
    message = submit(MONDAY).message
    with at(MONDAY):
        services.message_answer(actor=officer, message=message, reply="答复")
    with at(MONDAY + dt.timedelta(days=15)):
        assert services.close_answered() == 0
    with at(MONDAY + dt.timedelta(days=16)):
        assert services.close_answered() == 1
    assert Message.objects.get(pk=message.pk).status == MessageStatus.CLOSED


def test_calendar_change_moves_open_due_dates(submit):
    message = submit(MONDAY).message
    assert message.due_on == dt.date(2026, 3, 5)
    assert "interaction" in deadline_owners()
    from gongkai.workdays.models import CalendarDay

    CalendarDay.objects.create(date=dt.date(2026, 3, 4), is_working_day=False, name="临时休息")
    change = CalendarChange(verb="calendar.day_set", summary="2026-03-04 设为休息日",
                            dates=(dt.date(2026, 3, 4),), reason="test")
    moved = limits.recalculate_after_calendar_change(change, Clock(WorkingCalendar()))
    assert moved == 1
    message.refresh_from_db()
    assert message.due_on == dt.date(2026, 3, 6)
    assert message.events.filter(verb="due_recalculated").exists()


def test_veto_figure_counts_open_messages_older_than_three_months(agency, submit):
    submit(dt.date(2026, 1, 5))
    submit(dt.date(2026, 3, 2))
    with at(dt.date(2026, 4, 10)):
        figures = selectors.timeliness(agency)
    assert figures.unanswered == 2 and figures.over_veto == 1
    assert limits.veto_date(dt.date(2026, 1, 5)) == dt.date(2026, 4, 5)


def test_unanswered_question_lapses_after_ten_working_days(submit, officer):
    message = submit(MONDAY).message
    with at(MONDAY):
        services.message_ask(actor=officer, message=message, question="请提供证号")
    # Asked on Monday 03-02: ten working days end on Monday 03-16.
    with at(dt.date(2026, 3, 16)):
        assert services.lapse_waiting() == 0
    with at(dt.date(2026, 3, 17)):
        assert services.lapse_waiting() == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.CLOSED and message.events.filter(verb="lapse").exists()
