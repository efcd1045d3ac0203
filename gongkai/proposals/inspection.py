"""Published replies to deputies' suggestions and proposals for the website self-inspection
(declared on the app's
``inspection_columns``; plain dicts, see gongkai.core.registry)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max
from django.urls import reverse

from gongkai.proposals.models import ProposalReply


def inspection_columns(agency: Any) -> list[dict[str, Any]]:
    published = ProposalReply.objects.filter(proposal__agency=agency, published_on__isnull=False)
    figures = published.aggregate(n=Count("pk"), last=Max("published_on"))
    last = figures["last"]
    if last is not None and hasattr(last, "date"):
        last = last.date()
    return [{"key": "proposals.index", "name": "建议提案办理", "kind": "notice",
             "url": reverse("proposals:index", kwargs={"agency": agency.slug}),
             "updated_on": last, "count": figures["n"]}]
