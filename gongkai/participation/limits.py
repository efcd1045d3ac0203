"""The rules of participation as data, each with its source
(``../shared/reference/participation-and-enforcement-rules.md``, "Participation channels").

- An open day is announced **15 days** ahead, with its theme, head count and how to
  register (a local practice the rules file records: 政府开放日活动提前15日发布公告).
- The work plan asks for **at least 3** open days a year; the target and the month from
  which the dashboard warns are settings (``GONGKAI_PARTICIPATION_OPEN_DAYS_TARGET``,
  ``GONGKAI_PARTICIPATION_TARGET_WARN_MONTH``), their defaults from the work plan.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from gongkai.workdays.clock import Limit, Unit

#: 政府开放日公告期:活动日前至少15日发布公告(地方做法,见规则文件“Participation channels”)。
ANNOUNCE_AHEAD = Limit(15, Unit.CALENDAR_DAYS,
                       citation="政府开放日活动公告:活动开始前至少15日发布(地方做法)",
                       label="开放日公告期")


def latest_announcement(starts_on: dt.date) -> dt.date:
    """The last day an open day starting on ``starts_on`` may be announced."""
    return starts_on - dt.timedelta(days=ANNOUNCE_AHEAD.amount)


def open_days_target() -> int:
    return int(getattr(settings, "GONGKAI_PARTICIPATION_OPEN_DAYS_TARGET", 3))


def target_warn_month() -> int:
    return int(getattr(settings, "GONGKAI_PARTICIPATION_TARGET_WARN_MONTH", 9))


def reminder_days() -> int:
    return int(getattr(settings, "GONGKAI_PARTICIPATION_REMINDER_DAYS", 2))
