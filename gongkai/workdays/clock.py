"""The clock engine: every statutory period of every app is counted here.

A law module (``gongkai/applications/timelimits.py`` first) declares its periods as data —
``Limit(amount, unit, citation, start_rule)`` — and asks the engine for a ``Deadline``:
the due date, whether it is provisional, and the steps that explain it, which any page may
show. The engine knows no law; the law modules know no arithmetic.

Units (民法典 Art. 200–204 for days, months and hours; working days follow the State
Council's schedule through ``gongkai.workdays.calendar``):

- ``WORKING_DAYS`` — days the calendar marks as working days (调休 included). The only unit
  that depends on the holiday schedule, hence the only one that can be *provisional*.
- ``CALENDAR_DAYS`` — every day counts. (An end on a rest day is not moved; a law that
  wants it moved says so and the law module adds the step.)
- ``MONTHS`` — the same day of the month ``amount`` months later; a month without that day
  ends on its last day (民法典 Art. 202: Jan 31 + 1 month → Feb 28, or 29).
- ``HOURS`` (and ``MINUTES``) — **around the clock**: from the moment of the event, every
  hour counts, nights, weekends and holidays alike (民法典 Art. 201(2)); the holiday
  schedule is never consulted, so an hours result is never provisional. Computed in
  Asia/Shanghai (+08:00): a result is an aware datetime there, whatever zone the event
  came in. Pauses of an hours clock are measured to the minute.

Start rules (which day is the anchor, i.e. the day not counted):

- ``AFTER_EVENT`` — the day of the event is not counted; counting starts the next day
  (民法典 Art. 201(1); Regulations Art. 33 as counted in practice). The default.
- ``EVENT_DAY`` — the day of the event (the day of receipt) is the first day counted.
- ``NEXT_WORKING_DAY`` — an event on a rest day is taken to happen on the next working day,
  which is then not counted (e.g. an agency that confirms online applications on working
  days only, Regulations Art. 31(3)).
- ``AT_ONCE`` — hours: from the moment itself.

Pauses exclude time (a consultation, a fee period): the time they cover, measured in the
limit's unit (calendar days for months, minutes for hours), is added to the period; an open pause is assumed
to run its own full period, so a stored due date is the latest possible and is recomputed
when the pause ends. Extensions add to the period in its own unit. A working-day result
that counts any day of a year without a schedule is provisional, and says so in a step.

Speed: the engine counts over a ``WorkingCalendar`` snapshot. A caller with many
computations (a list page, the recalculation job) builds one ``Clock`` and reuses it;
then no computation queries the database at all.
"""

from __future__ import annotations

import calendar as _monthdays
import datetime as dt
import zoneinfo
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from gongkai.workdays.calendar import CalendarError, WorkingCalendar

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
ONE_DAY = dt.timedelta(days=1)
PROVISIONAL_TEXT = "期限所在年度的节假日安排尚未公布,按周末推算,为暂定日期"

Moment = dt.date | dt.datetime


class Unit(StrEnum):
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    MONTHS = "months"
    HOURS = "hours"
    MINUTES = "minutes"


UNIT_LABELS = {Unit.WORKING_DAYS: "个工作日", Unit.CALENDAR_DAYS: "日", Unit.MONTHS: "个月",
               Unit.HOURS: "小时", Unit.MINUTES: "分钟"}
AROUND_THE_CLOCK = {Unit.HOURS: dt.timedelta(hours=1), Unit.MINUTES: dt.timedelta(minutes=1)}
# What a pause is measured in, per unit of the limit it pauses.
PAUSE_UNITS = {Unit.WORKING_DAYS: Unit.WORKING_DAYS, Unit.CALENDAR_DAYS: Unit.CALENDAR_DAYS,
               Unit.MONTHS: Unit.CALENDAR_DAYS, Unit.HOURS: Unit.MINUTES, Unit.MINUTES: Unit.MINUTES}


class StartRule(StrEnum):
    AFTER_EVENT = "after_event"
    EVENT_DAY = "event_day"
    NEXT_WORKING_DAY = "next_working_day"
    AT_ONCE = "at_once"


class ClockError(CalendarError):
    """A period the engine cannot count (a negative amount, an hours clock given a date)."""


@dataclass(frozen=True)
class Limit:
    """One statutory period, as a law module declares it.

    ``citation`` names the article (shown to officers, kept in the explanation's data);
    ``label`` names the period in a sentence (答复期限, 申请行政复议).
    """

    amount: int
    unit: Unit
    citation: str
    start_rule: StartRule = StartRule.AFTER_EVENT
    label: str = ""

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise ClockError("a time limit cannot be negative")
        clocklike = self.unit in AROUND_THE_CLOCK
        if clocklike != (self.start_rule == StartRule.AT_ONCE):
            if clocklike and self.start_rule == StartRule.AFTER_EVENT:
                object.__setattr__(self, "start_rule", StartRule.AT_ONCE)  # the only one for hours
            else:
                raise ClockError(f"start rule {self.start_rule} does not fit {self.unit}")

    def text(self) -> str:
        return f"{self.amount}{UNIT_LABELS[self.unit]}"

    def with_amount(self, amount: int) -> Limit:
        return Limit(amount, self.unit, self.citation, self.start_rule, self.label)


@dataclass(frozen=True)
class Pause:
    """Time that does not count. ``end`` None: still running, assumed to last ``assumed``
    (its own period, e.g. a consultation's 15 working days) counted from ``start``."""

    label: str
    start: Moment
    end: Moment | None = None
    assumed: Limit | None = None


@dataclass(frozen=True)
class Step:
    """One line of an explanation: what happened and the date it leads to."""

    kind: str  # event, restart, start, limit, pause, extension, provisional …
    text: str
    on: str  # ISO date (or date-time for hours) the step leads to
    amount: int = 0
    unit: str = ""
    provisional: bool = False

    @property
    def working_days(self) -> int:
        return self.amount if self.unit == Unit.WORKING_DAYS else 0

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "working_days": self.working_days}


@dataclass(frozen=True)
class Due:
    at: Moment  # a date, or an aware datetime in Asia/Shanghai for hours
    provisional: bool = False

    @property
    def date(self) -> dt.date:
        return self.at.astimezone(SHANGHAI).date() if isinstance(self.at, dt.datetime) else self.at


@dataclass(frozen=True)
class Deadline:
    limit: Limit
    start: Moment  # the anchor: not counted (or the moment, for hours)
    due: Moment
    provisional: bool
    paused: int  # in PAUSE_UNITS[limit.unit]: calendar days for months, minutes for hours
    extension: int
    steps: tuple[Step, ...] = field(default=())

    @property
    def due_on(self) -> dt.date:
        return Due(self.due).date

    @property
    def start_on(self) -> dt.date:
        return Due(self.start).date

    def steps_json(self) -> list[dict[str, Any]]:
        return [step.as_dict() for step in self.steps]

    def explanation(self) -> str:
        return ";".join(step.text for step in self.steps)


def _iso(value: Moment) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def add_months(day: dt.date, months: int) -> dt.date:
    """The corresponding day ``months`` later, or that month's last day (民法典 Art. 202)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, _monthdays.monthrange(year, month)[1]))


def shanghai(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ClockError("an hours clock needs an aware date-time (UTC or +08:00)")
    return moment.astimezone(SHANGHAI)


class Clock:
    """The engine over one calendar snapshot. ``Clock()`` loads what it needs lazily;
    ``Clock(calendar)`` shares a snapshot (bulk use: one per page or job)."""

    def __init__(self, calendar: WorkingCalendar | None = None):
        self._calendar = calendar

    @property
    def calendar(self) -> WorkingCalendar:
        """The snapshot, loaded on first use (calendar days, months and hours never need it)."""
        if self._calendar is None:
            self._calendar = WorkingCalendar()
        return self._calendar

    # Start rules -----------------------------------------------------------------------

    def anchor(self, event: Moment, rule: StartRule) -> Moment:
        """The moment counting starts from (not counted itself, except for hours)."""
        if rule == StartRule.AT_ONCE:
            if not isinstance(event, dt.datetime):
                raise ClockError("an hours clock needs the moment of the event, not a date")
            return shanghai(event)
        day = Due(event).date
        if rule == StartRule.EVENT_DAY:
            return day - ONE_DAY
        if rule == StartRule.NEXT_WORKING_DAY:
            return self.calendar.next_working_day(day)
        return day

    # Adding and counting ---------------------------------------------------------------

    def add(self, start: Moment, amount: int, unit: Unit) -> Due:
        """``amount`` of ``unit`` after ``start`` (the anchor, not counted)."""
        if amount < 0:
            raise ClockError("a time limit cannot be negative")
        if unit in AROUND_THE_CLOCK:
            if not isinstance(start, dt.datetime):
                raise ClockError("an hours clock needs a date-time")
            return Due(shanghai(start) + amount * AROUND_THE_CLOCK[unit])
        day = Due(start).date
        if unit == Unit.WORKING_DAYS:
            found = self.calendar.add(day, amount)
            return Due(found.date, found.provisional)
        if unit == Unit.CALENDAR_DAYS:
            return Due(day + dt.timedelta(days=amount))
        return Due(add_months(day, amount))

    def count(self, start: Moment, end: Moment, unit: Unit) -> int:
        """How many whole ``unit`` lie after ``start`` up to ``end`` (inverts ``add``)."""
        if unit in AROUND_THE_CLOCK:
            if not (isinstance(start, dt.datetime) and isinstance(end, dt.datetime)):
                raise ClockError("an hours clock needs date-times")
            elapsed = shanghai(end) - shanghai(start)
            if elapsed < dt.timedelta(0):
                raise ClockError("the end is before the start")
            return elapsed // AROUND_THE_CLOCK[unit]
        low, high = Due(start).date, Due(end).date
        if high < low:
            raise ClockError("the end date is before the start date")
        if unit == Unit.WORKING_DAYS:
            return self.calendar.count(low, high)
        if unit == Unit.CALENDAR_DAYS:
            return (high - low).days
        months = (high.year - low.year) * 12 + high.month - low.month
        while months > 0 and add_months(low, months) > high:
            months -= 1
        return months

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Signed: negative when ``end`` is before ``start`` (days left, overdue)."""
        return self.calendar.signed(start, end)

    # Deadlines -------------------------------------------------------------------------

    def deadline(self, limit: Limit, event: Moment, *, pauses: Sequence[Pause] = (),
                 extension: int = 0, extension_text: str = "经批准延期",
                 steps: Sequence[Step] = ()) -> Deadline:
        """The due date of ``limit`` counted from ``event``, with its explanation.

        ``steps`` are the law module's own leading lines (received, corrected …); the engine
        adds the start rule, the limit, each pause, the extension and — when any day
        counted is in a year without a schedule — the provisional note. Pauses that end
        before the start are ignored (a restart, e.g. after a correction, wipes them).
        """
        if extension < 0:
            raise ClockError("an extension cannot be negative")
        out = list(steps)
        start = self.anchor(event, limit.start_rule)
        if limit.start_rule == StartRule.NEXT_WORKING_DAY and start != Due(event).date:
            out.append(Step("start", f"{_iso(event)}为休息日,自下一个工作日{_iso(start)}起算",
                            _iso(start)))
        elif limit.start_rule == StartRule.EVENT_DAY:
            out.append(Step("start", f"自{_iso(Due(event).date)}当日起算", _iso(Due(event).date)))
        unit = limit.unit
        base = self.add(start, limit.amount, unit)
        provisional = base.provisional
        out.append(Step("limit", f"{limit.text()} → {_iso(base.at)}", _iso(base.at), limit.amount,
                        unit, base.provisional))
        paused = 0
        pause_unit = PAUSE_UNITS[unit]
        for pause in sorted(pauses, key=lambda p: self._moment(p.start, unit)):
            begin = max(self._moment(pause.start, unit), start)  # type: ignore[type-var]
            if pause.end is not None:
                end, ongoing = max(self._moment(pause.end, unit), begin), False  # type: ignore[type-var]
            elif pause.assumed is not None:
                assumed = self.add(begin, pause.assumed.amount, pause.assumed.unit)
                end, ongoing = assumed.at, True
                provisional = provisional or assumed.provisional
            else:
                raise ClockError("an open pause needs the period it is assumed to run")
            amount = self.count(begin, end, pause_unit)
            if amount == 0 and not ongoing:
                continue
            paused += amount
            due = self._total(start, limit, paused, 0)
            provisional = provisional or due.provisional
            text = (f"{pause.label}暂停{amount}{UNIT_LABELS[pause_unit]}({_iso(begin)}至{_iso(end)}"
                    f"{',尚未结束,按最长期限计' if ongoing else ''}) → {_iso(due.at)}")
            out.append(Step("pause", text, _iso(due.at), amount, pause_unit, due.provisional))
        if extension:
            due = self._total(start, limit, paused, extension)
            provisional = provisional or due.provisional
            out.append(Step("extension", f"{extension_text}{extension}{UNIT_LABELS[unit]} → {_iso(due.at)}",
                            _iso(due.at), extension, unit, due.provisional))
        final = self._total(start, limit, paused, extension)
        provisional = provisional or final.provisional
        if provisional:
            out.append(Step("provisional", PROVISIONAL_TEXT, _iso(final.at), 0, "", True))
        return Deadline(limit=limit, start=start, due=final.at, provisional=provisional,
                        paused=paused, extension=extension, steps=tuple(out))

    @staticmethod
    def _moment(value: Moment, unit: Unit) -> Moment:
        if unit in AROUND_THE_CLOCK:
            if not isinstance(value, dt.datetime):
                raise ClockError("a pause of an hours clock needs date-times")
            return shanghai(value)
        return Due(value).date

    def _total(self, start: Moment, limit: Limit, paused: int, extension: int) -> Due:
        pause_unit = PAUSE_UNITS[limit.unit]
        if pause_unit == limit.unit:  # working days, calendar days, minutes: one count
            return self.add(start, limit.amount + paused + extension, limit.unit)
        # Months, then the paused days; hours, then the paused minutes.
        base = self.add(start, limit.amount + extension, limit.unit)
        return self.add(base.at, paused, pause_unit)


def deadline(limit: Limit, event: Moment, **kwargs: Any) -> Deadline:
    """One deadline with a snapshot of its own (a single computation)."""
    return Clock().deadline(limit, event, **kwargs)


def due(limit: Limit, event: Moment, *, clock: Clock | None = None) -> Due:
    """Just the due date of ``limit`` from ``event`` (no pauses, no explanation)."""
    clock = clock or Clock()
    return clock.add(clock.anchor(event, limit.start_rule), limit.amount, limit.unit)
