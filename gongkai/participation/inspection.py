"""Published solicitations (意见征集 of the participation app) for the website self-inspection
(declared on the app's
``inspection_columns``; plain dicts, see gongkai.core.registry)."""

from __future__ import annotations

from typing import Any

from gongkai.core.inspection import published_column
from gongkai.participation.models import Solicitation


def inspection_columns(agency: Any) -> list[dict[str, Any]]:
    return [published_column(
        Solicitation.objects.filter(agency=agency, published_at__isnull=False), "published_at",
        agency=agency, key="participation.index", name="公众参与", kind="notice",
        url_name="participation:index")]
