"""The public-opinion clocks, as data with their sources.

- 国办发〔2016〕80号 (《〈关于全面推进政务公开工作的意见〉实施细则》) 三(二): for a major
  emergency (重大突发事件), release authoritative information **within 5 hours** at the
  latest and hold a press conference **within 24 hours**. The bureau's 2020 work points,
  point 12, repeat the 5 hours (首次回应).
- 国办发〔2016〕61号 (《关于在政务公开工作中进一步做好政务舆情回应的通知》) 三: other
  concerns of the public are answered **within 48 hours** at the latest.

**Hours clocks ignore holidays.** They run around the clock from the moment the concern is
registered — nights, weekends and public holidays count like any hour (民法典 Art. 201(2));
the working-day calendar is never consulted, so a result is never provisional. Computed by
``gongkai.workdays.clock`` (unit ``HOURS``) in Asia/Shanghai (+08:00, no daylight saving).
The amounts are configurable (``GONGKAI_OPINION_*_HOURS``) for an agency whose rules are
stricter.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from gongkai.workdays import clock as engine
from gongkai.workdays.clock import Limit, StartRule, Unit

CITATION_80 = "《〈关于全面推进政务公开工作的意见〉实施细则》（国办发〔2016〕80号）"
CITATION_61 = "《关于在政务公开工作中进一步做好政务舆情回应的通知》（国办发〔2016〕61号）"


def _hours(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def first_response() -> Limit:
    return Limit(_hours("GONGKAI_OPINION_FIRST_RESPONSE_HOURS", 5), Unit.HOURS, CITATION_80,
                 StartRule.AT_ONCE, "发布权威信息")


def press_conference() -> Limit:
    return Limit(_hours("GONGKAI_OPINION_PRESS_CONFERENCE_HOURS", 24), Unit.HOURS,
                 CITATION_80, StartRule.AT_ONCE, "召开新闻发布会")


def response() -> Limit:
    return Limit(_hours("GONGKAI_OPINION_RESPONSE_HOURS", 48), Unit.HOURS, CITATION_61,
                 StartRule.AT_ONCE, "回应关切")


def limits_for(level: str) -> dict[str, Limit]:
    """Deadline kind → limit, for a concern of ``level``."""
    if level == "major_emergency":
        return {"first_response": first_response(), "press_conference": press_conference()}
    return {"response": response()}


def due_at(limit: Limit, registered_at: dt.datetime) -> dt.datetime:
    """The moment the limit runs out: an aware datetime in +08:00."""
    found = engine.due(limit, registered_at).at
    assert isinstance(found, dt.datetime)
    return found


def warn_before() -> dt.timedelta:
    return dt.timedelta(minutes=int(getattr(settings, "GONGKAI_OPINION_WARN_MINUTES", 60)))
