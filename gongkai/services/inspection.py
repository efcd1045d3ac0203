"""Published service guides for the website self-inspection (declared on the app's
``inspection_columns``; plain dicts, see gongkai.core.registry)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max
from django.urls import reverse

from gongkai.services.models import ServiceGuide


def inspection_columns(agency: Any) -> list[dict[str, Any]]:
    published = ServiceGuide.objects.filter(item__agency=agency, published_at__isnull=False)
    figures = published.aggregate(n=Count("pk"), last=Max("published_at"))
    last = figures["last"]
    if last is not None and hasattr(last, "date"):
        last = last.date()
    return [{"key": "services.index", "name": "办事服务", "kind": "service",
             "url": reverse("services:index", kwargs={"agency": agency.slug}),
             "updated_on": last, "count": figures["n"]}]
