"""Time limits of random inspections, as data.

- 《国务院办公厅关于推广随机抽查规范事中事后监管的通知》(国办发〔2015〕58号) and
  《关于在市场监管领域全面推行部门联合"双随机、一公开"监管的意见》(国发〔2019〕5号):
  the results of a random inspection are made public **within 20 working days** of the
  inspection (``../shared/reference/participation-and-enforcement-rules.md``); counted
  from the inspection date by the shared clock.
"""

from __future__ import annotations

import datetime as dt

from gongkai.workdays import clock as engine
from gongkai.workdays.clock import Limit, Unit

WD = Unit.WORKING_DAYS
RESULTS = Limit(20, WD, "《国务院办公厅关于推广随机抽查规范事中事后监管的通知》(国办发〔2015〕58号)",
                label="抽查结果公开期限")
REMIND_WITHIN_WORKING_DAYS = 2


def results_publish_by(inspected_on: dt.date, *, clock: engine.Clock | None = None) -> dt.date:
    return engine.due(RESULTS, inspected_on, clock=clock).date
