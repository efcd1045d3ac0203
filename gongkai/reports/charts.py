"""The annual report's figures people compare, as charts with their tables (issue 15):
how the year's applications ended, and the applications received year by year. Read from
the published snapshots, so a chart shows exactly what was published."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gongkai.core.charts import Bar
from gongkai.reports import format as report_format

#: the outcome groups of table 三, in the report's order, with short labels for the chart
OUTCOMES = (("disclosed", _("予以公开")), ("partially_disclosed", _("部分公开")),
            ("withheld", _("不予公开")), ("unavailable", _("无法提供")),
            ("not_processed", _("不予处理")), ("other", _("其他处理")))


def _rows(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    for table in snapshot.get("tables", []):
        if table.get("key") == "三":
            return [row for block in table["blocks"] for row in block["rows"]]
    return []


def _total(row: dict[str, Any]) -> int | None:
    value = (row.get("values") or {}).get(report_format.TOTAL)
    return int(value) if isinstance(value, int | float) else None


def outcome_bars(snapshot: dict[str, Any]) -> list[Bar]:
    """One bar per outcome; a heading row's figure is the sum of the rows under it."""
    rows = _rows(snapshot)
    bars = []
    for key, label in OUTCOMES:
        own = next((r for r in rows if r["key"] == key), None)
        if own is None:
            continue
        value = _total(own)
        if value is None:
            parts = [_total(r) for r in rows if r["key"].startswith(f"{key}:")]
            value = sum(p for p in parts if p is not None)
        bars.append(Bar(str(label), value, str(value)))
    return bars


def new_applications_by_year(reports: list[Any]) -> list[Bar]:
    """Applications received in each published year (row 一 of table 三), oldest first."""
    bars = []
    for report in sorted(reports, key=lambda r: r.year):
        row = next((r for r in _rows(report.snapshot) if r["key"] == report_format.NEW), None)
        value = _total(row) if row else None
        if value is not None:
            bars.append(Bar(str(report.year), value, str(value)))
    return bars
