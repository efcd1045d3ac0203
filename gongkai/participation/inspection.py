"""Published solicitations (意见征集 of the participation app) for the website self-inspection
(declared on the app's
``inspection_columns``; plain dicts, see gongkai.core.registry)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max
from django.urls import reverse

from gongkai.participation.models import Solicitation


def inspection_columns(agency: Any) -> list[dict[str, Any]]:
    published = Solicitation.objects.filter(agency=agency, published_at__isnull=False)
    figures = published.aggregate(n=Count("pk"), last=Max("published_at"))
    last = figures["last"]
    if last is not None and hasattr(last, "date"):
        last = last.date()
    return [{"key": "participation.index", "name": "公众参与", "kind": "notice",
             "url": reverse("participation:index", kwargs={"agency": agency.slug}),
             "updated_on": last, "count": figures["n"]}]
