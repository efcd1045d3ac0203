"""The hours clocks: around the clock, across midnight and holidays, in +08:00."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from gongkai.core.models import Role
from gongkai.opinion import selectors, services
from gongkai.opinion.jobs import send_alerts
from gongkai.opinion.models import ConcernStep, DeadlineKind, Stage
from gongkai.workdays.models import CalendarDay
from tests.factories import staff
from tests.opinion.factories import SH, concern

pytestmark = pytest.mark.django_db


def _due(c):
    return {d.kind: d.due_at.astimezone(SH) for d in c.deadlines.all()}


def test_major_emergency_five_hours_across_midnight(agency):
    at = dt.datetime(2026, 12, 2, 21, 30, tzinfo=SH)
    c = concern(agency, level="major_emergency", at=at, now=at)
    due = _due(c)
    assert due[DeadlineKind.FIRST_RESPONSE] == dt.datetime(2026, 12, 3, 2, 30, tzinfo=SH)
    assert due[DeadlineKind.PRESS_CONFERENCE] == dt.datetime(2026, 12, 3, 21, 30, tzinfo=SH)
    assert DeadlineKind.RESPONSE not in due


def test_general_48_hours_run_through_a_holiday(agency):
    # 2027-01-01 is a holiday (and declared so here): the hours count all the same.
    CalendarDay.objects.update_or_create(date=dt.date(2027, 1, 1),
                                         defaults={"is_working_day": False, "name": "元旦"})
    at = dt.datetime(2026, 12, 31, 16, 0, tzinfo=SH)
    c = concern(agency, at=at, now=at)
    assert _due(c) == {DeadlineKind.RESPONSE: dt.datetime(2027, 1, 2, 16, 0, tzinfo=SH)}


def test_utc_input_is_counted_in_shanghai_time(agency):
    at = dt.datetime(2026, 12, 2, 17, 0, tzinfo=dt.UTC)  # 01:00 on the 3rd in Shanghai
    c = concern(agency, level="major_emergency", at=at, now=at)
    first = _due(c)[DeadlineKind.FIRST_RESPONSE]
    assert first.isoformat() == "2026-12-03T06:00:00+08:00"


def test_configurable_hours(agency, settings):
    settings.GONGKAI_OPINION_RESPONSE_HOURS = 24
    at = dt.datetime(2026, 12, 2, 9, 0, tzinfo=SH)
    assert _due(concern(agency, at=at, now=at))[DeadlineKind.RESPONSE] == at + dt.timedelta(hours=24)


def test_a_future_registration_and_a_naive_time_are_refused(agency):
    now = dt.datetime(2026, 12, 2, 9, 0, tzinfo=SH)
    with pytest.raises(ValidationError) as refused:
        concern(agency, at=now + dt.timedelta(minutes=10), now=now)
    assert "不能晚于当前时间" in refused.value.message_dict["registered_at"][0]
    with pytest.raises(ValidationError):
        concern(agency, at=dt.datetime(2026, 12, 2, 8, 0), now=now)
    with pytest.raises(ValidationError):
        concern(agency, level="urgent", at=now, now=now)


def test_time_left_in_hours_and_minutes(agency):
    at = dt.datetime(2026, 12, 2, 23, 10, tzinfo=SH)
    c = concern(agency, level="major_emergency", at=at, now=at)
    clocks = selectors.clocks(c, now=dt.datetime(2026, 12, 3, 0, 5, tzinfo=SH))
    assert clocks[0].text == "剩余4小时5分钟"
    late = selectors.clocks(c, now=dt.datetime(2026, 12, 3, 5, 0, tzinfo=SH))
    assert late[0].overdue and late[0].text == "已超时0小时50分钟"


def test_alerts_before_and_at_each_limit_once(agency):
    head = staff(Role.DEPARTMENT_HEAD, agency, "head-op")
    head.email = "head@example.org"
    head.save()
    at = dt.datetime(2026, 12, 2, 22, 0, tzinfo=SH)
    concern(agency, level="major_emergency", at=at, now=at)
    mail.outbox.clear()
    assert send_alerts(now=at + dt.timedelta(hours=3, minutes=55)) == {"alerts": 0}
    assert send_alerts(now=at + dt.timedelta(hours=4, minutes=5)) == {"alerts": 1}
    assert "将于2026-12-03 03:00到期" in mail.outbox[-1].subject
    assert send_alerts(now=at + dt.timedelta(hours=4, minutes=30)) == {"alerts": 0}
    assert send_alerts(now=at + dt.timedelta(hours=5, minutes=1)) == {"alerts": 1}
    assert "已于2026-12-03 03:00到期未完成" in mail.outbox[-1].subject
    assert mail.outbox[-1].to == ["head@example.org"]
    # The press conference's own warning comes the next evening.
    assert send_alerts(now=at + dt.timedelta(hours=23, minutes=10)) == {"alerts": 1}


def test_the_periodic_job_through_the_time_machine(agency):
    at = dt.datetime(2026, 12, 31, 20, 0, tzinfo=SH)
    c = concern(agency, at=at, now=at)
    with time_machine.travel(dt.datetime(2027, 1, 2, 19, 30, tzinfo=SH), tick=False):
        services.alerts_due()
    d = c.deadlines.get()
    assert d.warned_at is not None and d.alerted_at is None
    with time_machine.travel(dt.datetime(2027, 1, 2, 20, 1, tzinfo=SH), tick=False):
        assert [k for _, k in services.alerts_due()] == ["due"]
        assert selectors.concerns([agency.pk], overdue=True).get() == c


def test_steps_follow_the_table_and_the_response_is_a_catalogue_record(agency):
    head = staff(Role.DEPARTMENT_HEAD, agency, "head-resp")
    at = dt.datetime(2026, 12, 2, 8, 0, tzinfo=SH)
    c = concern(agency, level="major_emergency", at=at, now=at)
    with pytest.raises(ValidationError):
        services.concern_respond(actor=head, concern=c, title="", body="", summary="")
    from gongkai.opinion.services import InvalidConcernTransition

    with pytest.raises(InvalidConcernTransition):
        services.concern_step(actor=head, concern=c, stage=Stage.EVALUATED, note="x")
    services.concern_step(actor=head, concern=c, stage=Stage.CONSULTED, note="与宣传处会商",
                          now=at + dt.timedelta(hours=1))
    services.concern_step(actor=head, concern=c, stage=Stage.ASSESSED, note="属实",
                          now=at + dt.timedelta(hours=2))
    c = services.concern_respond(actor=head, concern=c, title="关于网传情况的说明",
                                 body="经核查……", summary="网传某律所违规收费",
                                 now=at + dt.timedelta(hours=4, minutes=30))
    assert c.is_public and c.response_record.is_public
    first = c.deadlines.get(kind=DeadlineKind.FIRST_RESPONSE)
    assert first.met_at == at + dt.timedelta(hours=4, minutes=30)
    assert not selectors.clocks(c, now=at + dt.timedelta(hours=6))[0].overdue
    assert selectors.clocks(c, now=at + dt.timedelta(hours=25))[1].overdue  # no conference
    assert [s.stage for s in ConcernStep.objects.filter(concern=c)] == [
        "collected", "consulted", "assessed", "responded"]
    assert ConcernStep.objects.filter(concern=c, stage="consulted").get().actor == head


def test_an_editor_may_not_publish_a_response(agency, editor):
    from gongkai.core.policies import PermissionDeniedError

    at = dt.datetime(2026, 12, 2, 8, 0, tzinfo=SH)
    c = concern(agency, at=at, now=at)
    with pytest.raises(PermissionDeniedError):
        services.concern_respond(actor=editor, concern=c, title="t", body="b", summary="s")
