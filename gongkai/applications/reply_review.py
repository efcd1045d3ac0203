"""Which replies need 审核 (reply_review) before they go out.

Regulations Art. 45 lists the stages an agency records for every application —
registration, review (审核), handling, reply, archiving — and a reply is a legally
binding administrative act (it can be challenged, Art. 51). An agency chooses per reply
type (the reply type codes of ``reply_types``) which replies its department head or office
lead must approve; without a choice of its own, every refusal is reviewed: 不予公开
(Art. 36(3)), 部分公开 (it withholds a part, Art. 37) and 不予处理 (Art. 35, 36(6), 39).
A reply type not under review is sent by the disclosure officer directly.

The clock keeps running while a draft waits (the time is the office's own), and the
reviewer may not approve a draft they submitted (审核 is a second pair of eyes).
"""

from __future__ import annotations

from typing import Any

from gongkai.applications import reply_types

DEFAULT_REPLY_TYPES: frozenset[str] = frozenset({
    reply_types.WITHHELD, reply_types.PARTIALLY_DISCLOSED, reply_types.NOT_PROCESSED,
})


def reply_types_needing_review(agency_id: Any) -> frozenset[str]:
    """The agency's choice (``ReplyReviewSetting``), or the refusals by default."""
    from gongkai.applications.models import ReplyReviewSetting

    setting = ReplyReviewSetting.objects.filter(agency_id=agency_id).first()
    if setting is None:
        return DEFAULT_REPLY_TYPES
    return frozenset(code for code in setting.reply_types if code in reply_types.REPLY_TYPES_BY_CODE)


def needs_review(agency_id: Any, reply_type: str) -> bool:
    return reply_type in reply_types_needing_review(agency_id)
