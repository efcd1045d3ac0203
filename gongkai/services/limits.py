"""Time limits of a guide, counted by the shared clock (``gongkai.workdays.clock``).

A guide states two periods in working days: the statutory one (法定办结时限, e.g.
《中华人民共和国行政许可法》第四十二条: decide within 20 days, extendable by 10 with approval)
and the one the agency promises (承诺办结时限, shorter or equal). Both start the day after the
application is accepted (the day of acceptance is not counted, 民法典 Art. 201). The page
shows the date a request filed today would be due; nothing is stored, so a calendar
change applies at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongkai.workdays.clock import Clock, Limit, Unit

WD = Unit.WORKING_DAYS
# Fallback citation when a guide names none: the general rule for licences.
LICENSING_DECISION = "《中华人民共和国行政许可法》第四十二条"


@dataclass(frozen=True)
class GuideLimit:
    kind: str  # statutory | promised
    label: str
    working_days: int
    due_if_filed_on: dt.date
    filed_on: dt.date
    provisional: bool
    citation: str


def guide_limits(guide, *, today: dt.date, clock: Clock | None = None) -> list[GuideLimit]:
    clock = clock or Clock()
    out = []
    for kind, label, days in (("statutory", "法定办结时限", guide.statutory_days),
                              ("promised", "承诺办结时限", guide.promised_days)):
        if days is None:
            continue
        limit = Limit(days, WD, guide.time_limit_basis or LICENSING_DECISION, label=label)
        deadline = clock.deadline(limit, today)
        out.append(GuideLimit(kind, label, days, deadline.due_on, today, deadline.provisional,
                              limit.citation))
    return out
