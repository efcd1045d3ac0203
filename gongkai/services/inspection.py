"""Published service guides for the website self-inspection (declared on the app's
``inspection_columns``; plain dicts, see gongkai.core.registry)."""

from __future__ import annotations

from typing import Any

from gongkai.core.inspection import published_column
from gongkai.services.models import ServiceGuide


def inspection_columns(agency: Any) -> list[dict[str, Any]]:
    return [published_column(
        ServiceGuide.objects.filter(item__agency=agency, published_at__isnull=False), "published_at",
        agency=agency, key="services.index", name="办事服务", kind="service",
        url_name="services:index")]
