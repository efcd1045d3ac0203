"""Staff browsing of the audit trail, filtered and paged."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.shortcuts import render

from gongkai.audit.selectors import audit_event_list
from gongkai.core.access import staff_view
from gongkai.core.policies import AuditPolicy


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@staff_view(AuditPolicy.can_view)
def audit_list(request):
    q = request.GET
    events = audit_event_list(
        agency_ids=AuditPolicy.visible_agency_ids(request.user),
        # Filters are cut to 200 characters: a longer LIKE pattern is refused by SQLite
        # ("pattern too complex") and no verb, name or type is that long.
        verb=q.get("verb", "").strip()[:200],
        actor=q.get("actor", "").strip()[:200],
        object_type=q.get("object_type", "").strip()[:200],
        date_from=_date(q.get("from", "")),
        date_to=_date(q.get("to", "")),
    ).select_related("agency")
    page = Paginator(events, 50).get_page(q.get("page"))
    params = q.copy()
    params.pop("page", None)
    return render(request, "staff/audit_list.html", {
        "page": page, "filters": q, "query": params.urlencode(),
    })
