"""Policy interpretations for the website self-inspection: the column, the policies whose
interpretation is past its 三同步 limit and still missing (selectors.sync_rows, "overdue"),
and the non-text share at or above the work plan's 50 % (a bonus item). Plain dicts
(gongkai.core.registry)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max
from django.urls import reverse

from gongkai.interpretations import selectors
from gongkai.interpretations.models import Interpretation, Status


def inspection_columns(agency: Any) -> list[dict[str, Any]]:
    published = Interpretation.objects.filter(agency=agency, status=Status.PUBLISHED)
    last = published.aggregate(last=Max("published_at"))["last"]
    return [{"key": "interpretations.index", "name": "政策解读", "kind": "policy",
             "url": reverse("interpretations:index", kwargs={"agency": agency.slug}),
             "updated_on": last.date() if last else None, "count": published.count()}]


def inspection_signals(agency: Any, context: dict[str, dt.date]) -> list[dict[str, Any]]:
    rows = selectors.sync_rows([agency.pk], today=context["today"])
    missing = [{"title": row.waiver.policy.title, "url": reverse("staff:interpretations_sync"),
                "detail": f"应于 {row.waiver.due_on} 前发布解读"}
               for row in rows if row.state == "overdue"]
    signals = [{"key": "interpretations_missing", "items": missing}]
    overall, _ = selectors.share(year=context["today"].year, agency_ids=[agency.pk])
    if overall.meets_target:
        signals.append({"key": "bonus_interpretation_forms",
                        "items": [{"title": overall.percent, "url": "", "detail": ""}]})
    return signals
