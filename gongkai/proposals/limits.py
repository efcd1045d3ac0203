"""The time limits of a suggestion or proposal, as data, counted by the clock engine.

Rules (``../shared/reference/participation-and-enforcement-rules.md``, "Deputies'
suggestions and CPPCC proposals", work point 7 of the 2020 work plan):

- **Handling**: the answer is due within **3 months** of assignment (交办之日起三个月内办复;
  common local rules on handling deputies' suggestions and CPPCC proposals). Months follow
  民法典 Art. 202 (the same day three months later, or that month's last day).
- **Extension**: a complex case may take **at most 6 months** in all, with approval (经批准
  可延长, 最长不超过六个月): an extension adds at most 3 months.
- **Redo**: a proposer dissatisfied with the answer gets a new answer within **3 more
  months**, counted from the day the dissatisfaction is received (重新办理, 三个月内再次答复).
  Some provinces give CPPCC proposals 5 months; an agency sets its figure in settings.
- **Publication of the reply**: 国办发〔2014〕46号 asks for reply summaries and full texts to be
  published (contact details and secrets removed); the local rule: within **20 working days**
  after replying (答复后二十个工作日内公开).

The figures are settings (``GONGKAI_PROPOSALS_*``, docs/settings.md): an administrator
adjusts a local figure there, never in code. Holidays are never written here.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from gongkai.workdays import clock as engine
from gongkai.workdays.clock import Clock, Limit, StartRule, Unit

HANDLING_CITATION = "建议提案办理工作规定（地方通行规则）：交办之日起三个月内办复"
EXTENSION_CITATION = "建议提案办理工作规定（地方通行规则）：情况复杂的经批准可延期，最长不超过六个月"
REDO_CITATION = "建议提案办理工作规定（地方通行规则）：代表委员不满意的，三个月内重新办理并答复"
PUBLICATION_CITATION = "国办发〔2014〕46号；地方规定：答复后二十个工作日内公开办理结果"


def handling(kind: str = "") -> Limit:
    """3 months from assignment (the day of assignment is not counted). CPPCC proposals take
    ``GONGKAI_PROPOSALS_CPPCC_HANDLING_MONTHS`` when an agency sets it (5 in some provinces)."""
    months = int(getattr(settings, "GONGKAI_PROPOSALS_HANDLING_MONTHS", 3))
    if kind == "cppcc_proposal":
        months = int(getattr(settings, "GONGKAI_PROPOSALS_CPPCC_HANDLING_MONTHS", 0) or months)
    return Limit(months, Unit.MONTHS, HANDLING_CITATION, StartRule.AFTER_EVENT, label="办理期限")


def max_months() -> int:
    """The most a case may take in all, extensions included (6 months)."""
    return int(getattr(settings, "GONGKAI_PROPOSALS_MAX_MONTHS", 6))


def max_extension_months(kind: str = "") -> int:
    return max(0, max_months() - handling(kind).amount)


def redo() -> Limit:
    """3 more months from the day the proposer's dissatisfaction is received."""
    return Limit(int(getattr(settings, "GONGKAI_PROPOSALS_REDO_MONTHS", 3)), Unit.MONTHS,
                 REDO_CITATION, StartRule.AFTER_EVENT, label="重新办理期限")


def publication() -> Limit:
    """20 working days after the reply (the reply day itself is not counted)."""
    return Limit(int(getattr(settings, "GONGKAI_PROPOSALS_PUBLICATION_WORKING_DAYS", 20)),
                 Unit.WORKING_DAYS, PUBLICATION_CITATION, StartRule.AFTER_EVENT,
                 label="答复公开期限")


def reminder_days() -> int:
    """Calendar days before a handling limit when the daily reminder starts."""
    return int(getattr(settings, "GONGKAI_PROPOSALS_REMINDER_DAYS", 14))


def handling_due(assigned_on: dt.date, *, extension_months: int = 0, kind: str = "",
                 clock: Clock | None = None) -> dt.date:
    limit = handling(kind)
    return (clock or Clock()).deadline(limit, assigned_on, extension=extension_months).due_on


def redo_due(started_on: dt.date, *, clock: Clock | None = None) -> dt.date:
    return engine.due(redo(), started_on, clock=clock).date


def publication_due(replied_on: dt.date, *, clock: Clock | None = None) -> engine.Due:
    """The Due (date and whether it is provisional: a year without a holiday schedule)."""
    return engine.due(publication(), replied_on, clock=clock)
