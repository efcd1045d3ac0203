"""Published random-inspection results for the website self-inspection (declared on the app's
``inspection_columns``; plain dicts, see gongkai.core.registry)."""

from __future__ import annotations

from typing import Any

from gongkai.core.inspection import published_column
from gongkai.inspections.models import Inspection


def inspection_columns(agency: Any) -> list[dict[str, Any]]:
    return [published_column(
        Inspection.objects.filter(plan__agency=agency, published_on__isnull=False), "published_on",
        agency=agency, key="inspections.index", name="双随机一公开", kind="notice",
        url_name="inspections:index")]
