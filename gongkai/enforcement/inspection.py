"""Published enforcement decisions for the website self-inspection (declared on the app's
``inspection_columns``; plain dicts, see gongkai.core.registry)."""

from __future__ import annotations

from typing import Any

from gongkai.core.inspection import published_column
from gongkai.enforcement.models import Decision, DecisionStatus


def inspection_columns(agency: Any) -> list[dict[str, Any]]:
    return [published_column(
        Decision.objects.filter(agency=agency, status=DecisionStatus.PUBLISHED), "published_on",
        agency=agency, key="enforcement.index", name="执法公示", kind="notice",
        url_name="enforcement:index")]
