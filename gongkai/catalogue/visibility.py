"""Is this record public? The one answer, used by the catalogue, search, signing, the
sitemaps, the feeds and Q&A.

Regulations Art. 19–20 make only 主动公开 information public on the agency's own initiative;
依申请公开 information is given to the applicant who asked (Art. 27) and 不予公开 to nobody.
A record is therefore public exactly when it has a published version, that version is
proactive, and the record has not been withdrawn (撤回, catalogue.md). The stored flag
``Record.is_public`` is this rule computed at each publication and withdrawal
(``publication``), so lists and counts read one indexed column.

A record that *was* public (proactive when it was withdrawn) is a different question: its
withdrawal is itself public, and its signed PDF still verifies as once published.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

PROACTIVE = "proactive"
WITHDRAWN = "withdrawn"


def is_public_state(*, status: str, attribute: str | None, has_version: bool) -> bool:
    """The rule itself, on plain values (the importer decides before a row exists)."""
    return has_version and status != WITHDRAWN and attribute == PROACTIVE


def compute_public(record: Any) -> bool:
    """The rule on a record: its current published version decides the attribute."""
    version = record.current_version if record.current_version_id else None
    return is_public_state(status=record.status, has_version=version is not None,
                           attribute=version.disclosure_attribute if version else None)


def is_public(record: Any) -> bool:
    """What every reader asks; the stored flag kept by ``publication``."""
    return bool(record.is_public)


def public_q(prefix: str = "") -> Q:
    """The filter for public records, optionally through a relation (``"record__"``)."""
    return Q(**{f"{prefix}is_public": True})


def was_public(record: Any) -> bool:
    """Public now, or public until it was withdrawn."""
    if record.is_public:
        return True
    version = record.current_version if record.current_version_id else None
    return bool(record.status == WITHDRAWN and version is not None
                and version.disclosure_attribute == PROACTIVE)


def withdrawn_public_q() -> Q:
    """Records that were public until withdrawn (their withdrawal notice is public)."""
    return Q(status=WITHDRAWN, current_version__disclosure_attribute=PROACTIVE)
