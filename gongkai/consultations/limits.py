"""Minimum comment periods of a consultation (征求意见期限), as data with their sources.

Rules (``../shared/reference/participation-and-enforcement-rules.md``, "Major decisions"):

- Major administrative decisions (重大行政决策): 《重大行政决策程序暂行条例》(国务院令第713号)
  第十五条第二款 — 公开征求意见的期限一般不少于30日; a shorter period for urgent reasons
  must be explained when the draft is published.
- Draft rules (规章): 《规章制定程序条例》第十五条第二款 — 向社会公布征求意见的期限一般不少于30日.
- Administrative normative documents (行政规范性文件): 《国务院办公厅关于加强行政规范性文件
  制定和监督管理工作的通知》(国办发〔2018〕37号) — 征求意见的期限一般不少于7个工作日.
- Normative documents closely tied to businesses (涉企规范性文件): 《优化营商环境条例》
  第六十二条 — 向社会公开征求意见的期限一般不少于30日.
- Policy measures (政策措施): local practice in some cities, not less than 5 working days;
  an administrator adjusts it with ``GONGKAI_CONSULTATION_POLICY_MEASURE_WORKING_DAYS``.
- Other drafts: no statutory minimum.

A period shorter than the minimum is allowed only with a reason, which is published with
the notice (713号 第十五条第二款). The period is counted by the shared clock from the day the
consultation opens (that day not counted); the last day is the closing date, and comments
are accepted until the end of that day, Beijing time. Holidays are never written here.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.workdays import clock as engine
from gongkai.workdays.clock import SHANGHAI, Limit, Unit


class ConsultationKind(models.TextChoices):
    MAJOR_DECISION = "major_decision", _("重大行政决策")
    RULE = "rule", _("规章")
    NORMATIVE = "normative", _("行政规范性文件")
    NORMATIVE_BUSINESS = "normative_business", _("涉企行政规范性文件")
    POLICY_MEASURE = "policy_measure", _("政策措施")
    OTHER = "other", _("其他")


MAJOR_DECISION = Limit(30, Unit.CALENDAR_DAYS,
                       "《重大行政决策程序暂行条例》(国务院令第713号)第十五条第二款",
                       label="征求意见期限")
RULE = Limit(30, Unit.CALENDAR_DAYS, "《规章制定程序条例》第十五条第二款", label="征求意见期限")
NORMATIVE = Limit(7, Unit.WORKING_DAYS,
                  "《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》(国办发〔2018〕37号)",
                  label="征求意见期限")
NORMATIVE_BUSINESS = Limit(30, Unit.CALENDAR_DAYS, "《优化营商环境条例》第六十二条",
                           label="征求意见期限")
POLICY_MEASURE_CITATION = "地方做法:政策措施公开征求意见一般不少于5个工作日(可按本地规定调整)"


def policy_measure() -> Limit:
    amount = getattr(settings, "GONGKAI_CONSULTATION_POLICY_MEASURE_WORKING_DAYS", 5)
    return Limit(amount, Unit.WORKING_DAYS, POLICY_MEASURE_CITATION, label="征求意见期限")


def minimum_period(kind: str) -> Limit | None:
    """The minimum comment period of a kind; None when no rule sets one."""
    return {
        ConsultationKind.MAJOR_DECISION: MAJOR_DECISION,
        ConsultationKind.RULE: RULE,
        ConsultationKind.NORMATIVE: NORMATIVE,
        ConsultationKind.NORMATIVE_BUSINESS: NORMATIVE_BUSINESS,
        ConsultationKind.POLICY_MEASURE: policy_measure(),
    }.get(ConsultationKind(kind))


def minimum_closes_on(kind: str, opens_on: dt.date, *, clock: engine.Clock | None = None
                      ) -> dt.date | None:
    """The earliest closing date the rules allow without a reason; None without a rule."""
    limit = minimum_period(kind)
    if limit is None:
        return None
    return engine.due(limit, opens_on, clock=clock).date


def closing_moment(closes_on: dt.date) -> dt.datetime:
    """Comments are taken until the end of the closing day, Beijing time."""
    return dt.datetime.combine(closes_on + dt.timedelta(days=1), dt.time(0), tzinfo=SHANGHAI)


def period_text(kind: str) -> str:
    limit = minimum_period(kind)
    return f"不少于{limit.text()}" if limit is not None else "无法定最短期限"


# Rate limits of the public comment form and the tracking-code look-up (requests per
# client address; the form and the API share a group). Registered beside the intake kit's.
RATES = {
    "consultations.comment": "20/h",
    "consultations.track": "60/h",
}

# What the public may send.
MAX_COMMENT = 5000
MAX_DISPLAY_NAME = 40
