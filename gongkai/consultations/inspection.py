"""Consultations opened for comment for the website self-inspection (declared on the app's
``inspection_columns``; plain dicts, see gongkai.core.registry)."""

from __future__ import annotations

from typing import Any

from gongkai.consultations.models import Consultation
from gongkai.core.inspection import published_column


def inspection_columns(agency: Any) -> list[dict[str, Any]]:
    return [published_column(
        Consultation.objects.filter(agency=agency, opened_at__isnull=False), "opened_at",
        agency=agency, key="consultations.index", name="意见征集", kind="notice",
        url_name="consultations:index")]
