"""The interpretation's time limit and the share target, as data with their sources.

- 三同步: a policy document, its implementing rules and its interpretation are prepared,
  signed off and published together (《关于全面推进政务公开工作的意见》实施细则,
  国办发〔2016〕80号, 二(一)"政策解读"; the bureau's 2020 work points, point 11). Where the
  interpretation cannot go out with the policy, local rules allow it at the latest
  **3 working days** after the policy is published (上海市政策解读工作要求; configurable
  with ``GONGKAI_INTERPRETATION_DELAY_WORKING_DAYS``). Counted by the shared clock in
  working days from the day the policy was published (that day not counted); holidays
  come from the calendar, never from here.
- The work points (point 11) require non-text forms — 图表图解, 视频动漫, 流程演示 … — to be
  **at least 50 %** of all interpretations (``NON_TEXT_TARGET``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings

from gongkai.workdays import clock as engine
from gongkai.workdays.clock import Limit, Unit

CITATION = ("《〈关于全面推进政务公开工作的意见〉实施细则》（国办发〔2016〕80号）；"
            "上海市司法局2020年政务公开工作要点第11点（三同步）")
NON_TEXT_TARGET = Decimal("0.50")
NON_TEXT_CITATION = "上海市司法局2020年政务公开工作要点第11点（多元化解读不低于50%）"


def delay() -> Limit:
    return Limit(int(getattr(settings, "GONGKAI_INTERPRETATION_DELAY_WORKING_DAYS", 3)),
                 Unit.WORKING_DAYS, CITATION, label="政策解读发布期限")


def due_on(published_on: dt.date, *, clock: engine.Clock | None = None) -> dt.date:
    """The last day the interpretation of a policy published on ``published_on`` may go out."""
    return engine.due(delay(), published_on, clock=clock).date
