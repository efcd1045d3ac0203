"""Working days (工作日): which days count, over a snapshot of the calendar.

Rules (``../shared/reference/disclosure-law.md``, "Counting working days"; Regulations
Art. 30, 33): the start day is not counted; a limit of N working days ends at the close of
the Nth working day after it. Working days follow the State Council's yearly schedule,
including make-up working days on weekends (调休). Source of truth, in order:
administrator rows (``CalendarDay``), then ``chinese-calendar``, then — for a year neither
knows — weekends only, and the result is *provisional*.

``WorkingCalendar`` is the snapshot every clock counts over (``gongkai.workdays.clock``
is the engine built on it). It loads whole years of administrator rows with the ORM, two
queries per span of years, and widens itself when a count runs past them; build one per
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


class WorkingCalendar:
    """The calendar over whole years, loaded with two ORM queries and widened on demand.

    ``WorkingCalendar(start, end)`` loads the years from ``start`` to ``end``; asking about
    a day outside them loads that year too (so a long count never needs a guessed window).
    Statuses are memoised per snapshot: a list page or a job walks the same days many times.
    """

    def __init__(self, start: dt.date, end: dt.date | None = None):
        end = end or start
        if end < start:
            start, end = end, start
        self.overrides: dict[dt.date, Override] = {}
        self.declared_years: set[int] = set()
        self._loaded: set[int] = set()
        self._statuses: dict[dt.date, DayStatus] = {}
        self._load(start.year, end.year)

    def _load(self, first: int, last: int) -> None:
        years = [y for y in range(first, last + 1) if y not in self._loaded]
        if not years:
            return
        low, high = min(years), max(years)
        rows = CalendarDay.objects.filter(
            date__gte=dt.date(low, 1, 1), date__lte=dt.date(high, 12, 31),
        ).values_list("date", "is_working_day", "name")
        for day, working, name in rows:
            self.overrides[day] = Override(bool(working), name)
        self.declared_years.update(
            CalendarYear.objects.filter(year__gte=low, year__lte=high).values_list("year", flat=True))
        self._loaded.update(range(low, high + 1))

    def year_known(self, year: int) -> bool:
        if year not in self._loaded:
            self._load(year, year)
        return year in self.declared_years or _package_knows(year)

    def status(self, day: dt.date) -> DayStatus:
        found = self._statuses.get(day)
        if found is not None:
            return found
        if day.year not in self._loaded:
            self._load(day.year, day.year)
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
    return WorkingCalendar(day, day).status(day)


def is_working_day(day: dt.date) -> bool:
    return day_status(day).is_working_day


def add_working_days(start: dt.date, working_days: int) -> DueDate:
    """The last day of a limit of ``working_days`` counted from ``start`` (not counted).

    Worked example (disclosure-law.md): received Thursday 2020-04-23, 20 working days →
    2020-05-22. Provisional when any day counted lies in a year with no schedule.
    """
    if working_days < 0:
        raise CalendarError("a time limit cannot be negative")
    return WorkingCalendar(start, start + dt.timedelta(days=working_days * 2 + 40)).add(
        start, working_days)


def count_working_days(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (so ``add`` inverts it)."""
    if end < start:
        raise CalendarError("the end date is before the start date")
    return WorkingCalendar(start, end).count(start, end)


def year_is_known(year: int) -> bool:
    return _package_knows(year) or CalendarYear.objects.filter(year=year).exists()


def month_statuses(year: int, month: int) -> list[DayStatus]:
    first = dt.date(year, month, 1)
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - ONE_DAY
    calendar = WorkingCalendar(first, last)
    return [calendar.status(first + dt.timedelta(days=i)) for i in range(last.day)]
