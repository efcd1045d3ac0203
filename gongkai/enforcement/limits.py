"""The time limits of enforcement publicity, as data, each with its source.

- 《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》
  (国办发〔2018〕118号) 二(三) 加强事后公开: decisions on **行政许可** and **行政处罚** are
  published within **7 working days** of the decision; other enforcement decisions
  (行政强制, 行政检查, …) within **20 working days**
  (``../shared/reference/participation-and-enforcement-rules.md``).
- 《中华人民共和国行政处罚法》(2021) 第四十八条第二款: a published penalty that is changed,
  revoked, or found unlawful or void is withdrawn **within three days** with the reason
  stated publicly; 第八十五条: the law's "三日" are **working days**.
- Local rule (the bureau's 公示期限): a decision stays public **5 years**, **2 years** when the
  party is a natural person, counted from its publication; both are settings
  (``GONGKAI_ENFORCEMENT_TAKEDOWN_YEARS``, ``GONGKAI_ENFORCEMENT_TAKEDOWN_NATURAL_PERSON_YEARS``)
  because other localities set other periods.

The counting (start day not counted, holidays from the calendar, provisional years) is the
shared engine's (``gongkai.workdays.clock``); no holiday is written here.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from gongkai.workdays import clock as engine
from gongkai.workdays.clock import Limit, Unit

WD = Unit.WORKING_DAYS
GUIDANCE_2018 = ("《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度"
                 "的指导意见》(国办发〔2018〕118号)")

PUBLISH_LICENCE_OR_PENALTY = Limit(7, WD, GUIDANCE_2018 + "二(三)",
                                   label="行政许可、行政处罚决定公开期限")
PUBLISH_OTHER = Limit(20, WD, GUIDANCE_2018 + "二(三)", label="其他执法决定公开期限")
WITHDRAW = Limit(3, WD, "《中华人民共和国行政处罚法》第四十八条第二款、第八十五条",
                 label="撤回行政处罚决定信息期限")
# Days before the publication limit on which the editors are reminded (and every day after).
REMIND_WITHIN_WORKING_DAYS = 2


def publication_limit(category: str) -> Limit:
    return PUBLISH_LICENCE_OR_PENALTY if category in ("licence", "penalty") else PUBLISH_OTHER


def publish_by(category: str, decided_on: dt.date, *, clock: engine.Clock | None = None) -> dt.date:
    return engine.due(publication_limit(category), decided_on, clock=clock).date


def withdraw_by(changed_on: dt.date, *, clock: engine.Clock | None = None) -> dt.date:
    return engine.due(WITHDRAW, changed_on, clock=clock).date


def takedown_years(party_type: str) -> int:
    if party_type == "natural_person":
        return settings.GONGKAI_ENFORCEMENT_TAKEDOWN_NATURAL_PERSON_YEARS
    return settings.GONGKAI_ENFORCEMENT_TAKEDOWN_YEARS


def take_down_on(party_type: str, published_on: dt.date) -> dt.date:
    """The first day the decision is no longer shown (the period's anniversary)."""
    return engine.add_months(published_on, 12 * takedown_years(party_type))


def working_days_late(due: dt.date, done: dt.date, *, clock: engine.Clock | None = None) -> int:
    if done <= due:
        return 0
    return (clock or engine.Clock()).count(due, done, WD)
