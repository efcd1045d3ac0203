"""Working days (工作日): which days count, over a snapshot of the calendar.

Rules (``../shared/reference/disclosure-law.md``, "Counting working days"; Regulations
Art. 30, 33): the start day is not counted; a limit of N working days ends at the close of
the Nth working day after it. Working days follow the State Council's yearly schedule,
including make-up working days on weekends (调休). Source of truth, in order:
administrator rows (``CalendarDay``), then ``chinese-calendar``, then — for a year neither
knows — weekends only, and the result is *provisional*.

``WorkingCalendar`` is the snapshot every clock counts over (``gongkai.workdays.clock``
is the engine built on it). It loads the administrator rows with the ORM; build one per
unit of work (a page, a job over many cases) and pass it along, never keep one across
requests: it would not see a calendar change.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar
from django.db import connections, router
from django.db.models import Model

from gongkai.workdays.models import CalendarDay, CalendarYear

ONE_DAY = dt.timedelta(days=1)


class CalendarError(ValueError):
    """A request the calendar cannot answer (a negative limit, dates in the wrong order)."""


@dataclass(frozen=True)
class DayStatus:
    date: dt.date
    is_working_day: bool
    name: str
    source: str  # "override", "package" or "weekend-rule"
    provisional: bool


@dataclass(frozen=True)
class DueDate:
    date: dt.date
    provisional: bool


@dataclass(frozen=True)
class Override:
    """An administrator's row as the snapshot keeps it (no model instance per day)."""

    is_working_day: bool
    name: str


@lru_cache(maxsize=64)
def _package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def _holiday_name(day: dt.date) -> str:
    _is_holiday, holiday = chinese_calendar.get_holiday_detail(day)
    if holiday is None:
        return ""
    for member in chinese_calendar.Holiday:
        if member.value == holiday:
            return member.chinese
    return str(holiday)


@lru_cache(maxsize=16384)
def _package_status(day: dt.date) -> DayStatus:
    """chinese-calendar's answer for a day of a year it knows. Its data never changes in a
    process, and asking it costs ~0.1 ms a day (it validates the date against all its
    years), so the answers are memoised for the process."""
    return DayStatus(day, chinese_calendar.is_workday(day), _holiday_name(day), "package", False)


@lru_cache(maxsize=16)
def _compiled(model: type[Model], fields: tuple[str, ...], alias: str) -> str:
    sql, params = (model._default_manager.using(alias).order_by().values_list(*fields)
                   .query.get_compiler(using=alias).as_sql())
    if params:
        raise AssertionError("the snapshot's queries take no parameters")
    return sql


def _fetch(model: type[Model], fields: tuple[str, ...]) -> list[tuple]:
    """All rows of a small calendar table, through the query the ORM builds for ``model``.

    Building a queryset costs some 20 times more than running it, and list pages and
    single clocks load snapshots often; so the ORM compiles the query once per database
    and each snapshot re-runs it. No parameters, nothing written by hand.
    """
    alias = router.db_for_read(model)
    with connections[alias].cursor() as cursor:
        cursor.execute(_compiled(model, fields, alias))
        return list(cursor.fetchall())


def _as_date(value: object) -> dt.date:
    """SQLite hands dates back as ISO text through a cursor; PostgreSQL as dates."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


class WorkingCalendar:
    """A snapshot of the calendar: every administrator row, loaded with one ORM query.

    The override table is small (a few dozen rows a year), so the snapshot holds all of it
    (loaded by ``_fetch``) and any count, however long, runs without another query; declared years are read
    only when a count reaches a year ``chinese-calendar`` does not know. Statuses are
    memoised per snapshot: a list page or a job walks the same days many times.
    ``start``/``end`` are accepted for callers that name the span they need.
    """

    def __init__(self, start: dt.date | None = None, end: dt.date | None = None):
        self.overrides: dict[dt.date, Override] = {
            _as_date(day): Override(bool(working), name)
            for day, working, name in _fetch(CalendarDay, ("date", "is_working_day", "name"))
        }
        self._declared: set[int] | None = None
        self._statuses: dict[dt.date, DayStatus] = {}

    @property
    def declared_years(self) -> set[int]:
        if self._declared is None:
            self._declared = {int(year) for (year,) in _fetch(CalendarYear, ("year",))}
        return self._declared

    def year_known(self, year: int) -> bool:
        return _package_knows(year) or year in self.declared_years

    def status(self, day: dt.date) -> DayStatus:
        found = self._statuses.get(day)
        if found is not None:
            return found
        row = self.overrides.get(day)
        if row is not None:
            found = DayStatus(day, row.is_working_day, row.name, "override", False)
        elif _package_knows(day.year):
            found = _package_status(day)
        else:
            found = DayStatus(day, day.weekday() < 5, "", "weekend-rule",
                              not self.year_known(day.year))
        self._statuses[day] = found
        return found

    def is_working_day(self, day: dt.date) -> bool:
        return self.status(day).is_working_day

    # Counting ------------------------------------------------------------------------

    def add(self, start: dt.date, working_days: int) -> DueDate:
        """The last day of ``working_days`` counted after ``start`` (not counted).

        Provisional when any day counted lies in a year with no schedule.
        """
        if working_days < 0:
            raise CalendarError("a time limit cannot be negative")
        day, counted, provisional = start, 0, False
        while counted < working_days:
            day += ONE_DAY
            status = self.status(day)
            provisional = provisional or status.provisional
            if status.is_working_day:
                counted += 1
        return DueDate(day, provisional)

    def count(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (so ``add`` inverts it)."""
        if end < start:
            raise CalendarError("the end date is before the start date")
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            if self.status(day).is_working_day:
                count += 1
        return count

    def signed(self, start: dt.date, end: dt.date) -> int:
        """Working days from ``start`` (not counted) to ``end``; negative when end < start."""
        return self.count(start, end) if start <= end else -self.count(end, start)

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the first working day after it."""
        while not self.status(day).is_working_day:
            day += ONE_DAY
        return day

    def signed_many(self, today: dt.date, ends: Iterable[dt.date]) -> list[int]:
        """``signed(today, end)`` for many ends with one walk over the range and a bisection
        per date (list pages show working days left for every row)."""
        dates = list(ends)
        if not dates:
            return []
        low, high = min([today, *dates]), max([today, *dates])
        working, day = [], low
        while day < high:
            day += ONE_DAY
            if self.status(day).is_working_day:
                working.append(day)
        base = bisect_right(working, today)
        return [bisect_right(working, end) - base for end in dates]


def day_status(day: dt.date) -> DayStatus:
    return WorkingCalendar().status(day)


def is_working_day(day: dt.date) -> bool:
    return day_status(day).is_working_day


def add_working_days(start: dt.date, working_days: int) -> DueDate:
    """The last day of a limit of ``working_days`` counted from ``start`` (not counted).

    Worked example (disclosure-law.md): received Thursday 2020-04-23, 20 working days →
    2020-05-22. Provisional when any day counted lies in a year with no schedule.
    """
    if working_days < 0:
        raise CalendarError("a time limit cannot be negative")
    return WorkingCalendar().add(start, working_days)


def count_working_days(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (so ``add`` inverts it)."""
    if end < start:
        raise CalendarError("the end date is before the start date")
    return WorkingCalendar().count(start, end)


def year_is_known(year: int) -> bool:
    return _package_knows(year) or CalendarYear.objects.filter(year=year).exists()


def month_statuses(year: int, month: int) -> list[DayStatus]:
    first = dt.date(year, month, 1)
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - ONE_DAY
    calendar = WorkingCalendar(first, last)
    return [calendar.status(first + dt.timedelta(days=i)) for i in range(last.day)]
