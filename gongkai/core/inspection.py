"""One column of the website self-inspection from a queryset of what it has published.

The apps declare their public columns on ``inspection_columns`` (gongkai.core.registry) as
plain dicts, so they need not import the inspection; most columns are "the items published
so far, their number and the date of the newest", which is this one function.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Max, QuerySet
from django.urls import reverse


def published_column(published: QuerySet, date_field: str, *, agency: Any, key: str,
                     name: str, kind: str, url_name: str) -> dict[str, Any]:
    """``published``: the column's items that are public (the app's own rule); the column
    was last updated on the newest ``date_field`` (a date or a datetime)."""
    figures = published.aggregate(n=Count("pk"), last=Max(date_field))
    last = figures["last"]
    if isinstance(last, dt.datetime):
        last = last.date()
    return {"key": key, "name": name, "kind": kind,
            "url": reverse(url_name, kwargs={"agency": agency.slug}),
            "updated_on": last, "count": figures["n"]}
