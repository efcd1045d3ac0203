"""Consultations opened for comment for the website self-inspection (declared on the app's
``inspection_columns``; plain dicts, see gongkai.core.registry)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max
from django.urls import reverse

from gongkai.consultations.models import Consultation


def inspection_columns(agency: Any) -> list[dict[str, Any]]:
    published = Consultation.objects.filter(agency=agency, opened_at__isnull=False)
    figures = published.aggregate(n=Count("pk"), last=Max("opened_at"))
    last = figures["last"]
    if last is not None and hasattr(last, "date"):
        last = last.date()
    return [{"key": "consultations.index", "name": "意见征集", "kind": "notice",
             "url": reverse("consultations:index", kwargs={"agency": agency.slug}),
             "updated_on": last, "count": figures["n"]}]
