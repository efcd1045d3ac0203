"""Time limits of licence-expiry reminders (证照到期提醒), as data with their sources.

- 《中华人民共和国行政许可法》 Art. 50: a holder who needs a licence beyond its validity
  applies to the licensing authority **30 days before it expires** (unless a law or
  regulation says otherwise); the authority decides before expiry, and silence counts as
  consent to the renewal. ``RENEWAL_NOTICE_DAYS``.
- Art. 42: a decision within 20 days (+10 with approval); Art. 44: the certificate within
  10 days — why the first reminder comes well before the renewal date.
- Yearly assessment: lawyers by the bar association (称职/基本称职/不称职), law firms by the
  yearly inspection (合格/不合格), both filed with the justice bureau; the deadline is the
  entry's ``next_assessment_on``.
- The reminder thresholds (90, 30 and 7 days before the deadline) are local practice and a
  setting: ``GONGKAI_DIRECTORY_REMINDER_DAYS``.
"""

from __future__ import annotations

from django.conf import settings

from gongkai.directory.licences import RENEWAL_NOTICE_DAYS

__all__ = ["RENEWAL_NOTICE_DAYS", "RENEWAL_ARTICLE", "reminder_thresholds",
           "RENEWAL_GUIDE_KEYWORDS"]

RENEWAL_ARTICLE = "《中华人民共和国行政许可法》第五十条"

DEFAULT_THRESHOLDS = (90, 30, 7)


def reminder_thresholds() -> tuple[int, ...]:
    """Days before a deadline at which a reminder goes out, largest first."""
    raw = getattr(settings, "GONGKAI_DIRECTORY_REMINDER_DAYS", DEFAULT_THRESHOLDS)
    days = sorted({int(d) for d in raw if int(d) > 0}, reverse=True)
    return tuple(days) or DEFAULT_THRESHOLDS


#: Words that find the service item whose guide explains the renewal for a kind of
#: licence (``gongkai.services.selectors.public_items(q=…)``); when none has a published
#: guide, the reminder links the directory page instead.
RENEWAL_GUIDE_KEYWORDS: dict[str, str] = {
    "law_firm": "律师事务所",
    "lawyer": "律师执业",
    "notary_office": "公证机构",
    "notary": "公证员",
    "appraisal_institution": "司法鉴定机构",
    "appraiser": "司法鉴定人",
    "grassroots_office": "基层法律服务所",
    "grassroots_worker": "基层法律服务工作者",
}
