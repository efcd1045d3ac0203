"""Working days (工作日) and time limits counted in them.

Rules (``../shared/reference/disclosure-law.md``, "Counting working days"; Regulations
Art. 30, 33): the start day is not counted; a limit of N working days ends at the close of
the Nth working day after it. Working days follow the State Council's yearly schedule,
including make-up working days on weekends (调休). Source of truth, in order:
administrator rows (``CalendarDay``), then ``chinese-calendar``, then — for a year neither
knows — weekends only, and the result is *provisional*.
"""

from __future__ import annotations

import datetime as dt
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


class WorkingCalendar:
    """A snapshot of the calendar over a date range, loaded with two queries.

    Build one per computation rather than querying per day: a 20-day limit touches
    about 30 days, and list pages compute many limits.
    """

    def __init__(self, start: dt.date, end: dt.date):
        self.overrides = {
            row.date: row
            for row in CalendarDay.objects.filter(date__gte=start, date__lte=end)
        }
        self.declared_years = set(
            CalendarYear.objects.filter(year__gte=start.year, year__lte=end.year)
            .values_list("year", flat=True)
        )

    def year_known(self, year: int) -> bool:
        return year in self.declared_years or _package_knows(year)

    def status(self, day: dt.date) -> DayStatus:
        row = self.overrides.get(day)
        if row is not None:
            return DayStatus(day, row.is_working_day, row.name, "override", False)
        if _package_knows(day.year):
            working = chinese_calendar.is_workday(day)
            return DayStatus(day, working, _holiday_name(day), "package", False)
        working = day.weekday() < 5
        return DayStatus(day, working, "", "weekend-rule", not self.year_known(day.year))


def _window(start: dt.date, working_days: int) -> dt.date:
    # Long holidays add at most ~10 days per 20 working days; leave generous room.
    return start + dt.timedelta(days=working_days * 2 + 40)


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
    if working_days == 0:
        return DueDate(start, False)
    end = _window(start, working_days)
    calendar = WorkingCalendar(start, end)
    day, counted, provisional = start, 0, False
    while counted < working_days:
        day += ONE_DAY
        if day > end:
            end = _window(day, working_days - counted)
            calendar = WorkingCalendar(day, end)
        status = calendar.status(day)
        provisional = provisional or status.provisional
        if status.is_working_day:
            counted += 1
    return DueDate(day, provisional)


def count_working_days(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (so ``add`` inverts it)."""
    if end < start:
        raise CalendarError("the end date is before the start date")
    calendar = WorkingCalendar(start, end)
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        if calendar.status(day).is_working_day:
            count += 1
    return count


def year_is_known(year: int) -> bool:
    return _package_knows(year) or CalendarYear.objects.filter(year=year).exists()


def month_statuses(year: int, month: int) -> list[DayStatus]:
    first = dt.date(year, month, 1)
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - ONE_DAY
    calendar = WorkingCalendar(first, last)
    return [calendar.status(first + dt.timedelta(days=i)) for i in range(last.day)]
