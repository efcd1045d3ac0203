"""Published replies to deputies' suggestions and proposals for the website self-inspection
(declared on the app's
``inspection_columns``; plain dicts, see gongkai.core.registry)."""

from __future__ import annotations

from typing import Any

from gongkai.core.inspection import published_column
from gongkai.proposals.models import ProposalReply


def inspection_columns(agency: Any) -> list[dict[str, Any]]:
    return [published_column(
        ProposalReply.objects.filter(proposal__agency=agency, published_on__isnull=False), "published_on",
        agency=agency, key="proposals.index", name="建议提案办理", kind="notice",
        url_name="proposals:index")]
