"""Remedy periods: how long a person has to challenge an administrative act.

Every letter that refuses, withholds or otherwise decides against the applicant tells them
(``reply_types.tells_remedies``); the dates and the sentence come from here and nowhere else.

- 《中华人民共和国行政复议法》(2023年修订) Art. 20(1): an application for administrative
  reconsideration within **60 days** of knowing (or having to know) the act, unless a law
  gives longer. Calendar days. (Configurable: ``GONGKAI_APPLICATIONS_RECONSIDERATION_DAYS``.)
- 《中华人民共和国行政诉讼法》 Art. 46(1): a suit within **6 months** of knowing (or having to
  know) the act, unless a law says otherwise; months end on the corresponding day, or the
  month's last day (民法典 Art. 202). (Configurable: ``GONGKAI_APPLICATIONS_LITIGATION_MONTHS``.)

Both are counted from the day the applicant receives the reply, which the agency takes as
the reply date; the day itself is not counted. The end is not moved off a rest day here
(民事诉讼法 Art. 85 would, through 行政复议法 Art. 88): the letter states the period, not a
date, and the dates below are for the officer's information.

Later apps (enforcement decisions, …) that must tell of remedies call this module too.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from gongkai.workdays import clock as engine
from gongkai.workdays.clock import Limit, Unit

RECONSIDERATION_LAW, RECONSIDERATION_ARTICLE = "《中华人民共和国行政复议法》", "第二十条"
LITIGATION_LAW, LITIGATION_ARTICLE = "《中华人民共和国行政诉讼法》", "第四十六条"
RECONSIDERATION_CITATION = RECONSIDERATION_LAW + RECONSIDERATION_ARTICLE
LITIGATION_CITATION = LITIGATION_LAW + LITIGATION_ARTICLE


def reconsideration() -> Limit:
    days = int(getattr(settings, "GONGKAI_APPLICATIONS_RECONSIDERATION_DAYS", 60))
    return Limit(days, Unit.CALENDAR_DAYS, RECONSIDERATION_CITATION, label="申请行政复议")


def litigation() -> Limit:
    months = int(getattr(settings, "GONGKAI_APPLICATIONS_LITIGATION_MONTHS", 6))
    return Limit(months, Unit.MONTHS, LITIGATION_CITATION, label="提起行政诉讼")


def reconsideration_deadline(known_on: dt.date) -> dt.date:
    return engine.due(reconsideration(), known_on).date


def litigation_deadline(known_on: dt.date) -> dt.date:
    return engine.due(litigation(), known_on).date


def remedies_text() -> str:
    """The paragraph every deciding letter carries (the letter's fixed layout adds it)."""
    days, months = reconsideration().amount, litigation().amount
    return (f"如对本答复不服,可以自收到本答复之日起{days}日内依照{RECONSIDERATION_CITATION}"
            f"的规定申请行政复议,或者自知道该行政行为之日起{months}个月内依照"
            f"{LITIGATION_CITATION}的规定向人民法院提起行政诉讼。")
