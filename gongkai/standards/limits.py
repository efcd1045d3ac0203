"""The standard catalogue's time limit as data.

《政府信息公开条例》 Art. 26: information within the scope of proactive disclosure is made
public within 20 working days of its being formed or changed; the 国办发〔2019〕54号
guidelines carry the same figure into each basic-level standard catalogue row (公开时限)
unless a law sets another. An item may state its own figure (``limit_days``); the
platform default is ``GONGKAI_STANDARDS_DEFAULT_LIMIT_DAYS`` (20).
"""

from __future__ import annotations

from django.conf import settings

from gongkai.workdays.clock import Limit, Unit

CITATION = "《政府信息公开条例》第二十六条"


def default_days() -> int:
    return int(getattr(settings, "GONGKAI_STANDARDS_DEFAULT_LIMIT_DAYS", 20))


def publication_limit(days: int | None) -> Limit:
    """Working days from the information's forming to its publication."""
    return Limit(default_days() if days is None else days, Unit.WORKING_DAYS, CITATION,
                 label="公开时限")
