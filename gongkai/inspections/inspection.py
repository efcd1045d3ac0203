"""Published random-inspection results for the website self-inspection (declared on the app's
``inspection_columns``; plain dicts, see gongkai.core.registry)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max
from django.urls import reverse

from gongkai.inspections.models import Inspection


def inspection_columns(agency: Any) -> list[dict[str, Any]]:
    published = Inspection.objects.filter(plan__agency=agency, published_on__isnull=False)
    figures = published.aggregate(n=Count("pk"), last=Max("published_on"))
    last = figures["last"]
    if last is not None and hasattr(last, "date"):
        last = last.date()
    return [{"key": "inspections.index", "name": "双随机一公开", "kind": "notice",
             "url": reverse("inspections:index", kwargs={"agency": agency.slug}),
             "updated_on": last, "count": figures["n"]}]
