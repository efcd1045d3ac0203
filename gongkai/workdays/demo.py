"""The calendar's demo content: one fixed holiday of a year chinese-calendar does not know.

元旦 is fixed by 《全国年节及纪念日放假办法》 Art. 2; the rest of 2027 is announced late in
2026, so the demo leaves the year undeclared and its deadlines provisional.
"""

from __future__ import annotations

import datetime as dt

from gongkai.core.demo_registry import register_demo_loader
from gongkai.workdays.models import CalendarDay
from gongkai.workdays.services import calendar_day_set

CALENDAR_NOTES = [(dt.date(2027, 1, 1), False, "元旦")]


def load_calendar_demo(**options: object) -> dict[str, int]:
    created = 0
    for date, working, name in CALENDAR_NOTES:
        if not CalendarDay.objects.filter(date=date).exists():
            calendar_day_set(actor=None, date=date, is_working_day=working, name=name,
                             note="法定节日(演示数据载入)")
            created += 1
    return {"days": created}


register_demo_loader("calendar", load_calendar_demo)
