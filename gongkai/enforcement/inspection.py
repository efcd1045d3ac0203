"""Published enforcement decisions for the website self-inspection (declared on the app's
``inspection_columns``; plain dicts, see gongkai.core.registry)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max
from django.urls import reverse

from gongkai.enforcement.models import Decision, DecisionStatus


def inspection_columns(agency: Any) -> list[dict[str, Any]]:
    published = Decision.objects.filter(agency=agency, status=DecisionStatus.PUBLISHED)
    figures = published.aggregate(n=Count("pk"), last=Max("published_on"))
    last = figures["last"]
    if last is not None and hasattr(last, "date"):
        last = last.date()
    return [{"key": "enforcement.index", "name": "执法公示", "kind": "notice",
             "url": reverse("enforcement:index", kwargs={"agency": agency.slug}),
             "updated_on": last, "count": figures["n"]}]
