"""The year's work plan on the evaluation dashboard: points, done, on time, late (as the
office published them)."""

from __future__ import annotations

from typing import Any

from gongkai.workplans.selectors import point_counts


def figures(agency: Any, start: Any, end: Any) -> list[tuple[str, Any]]:
    c = point_counts(agency_id=agency.pk, year=end.year, today=end)
    if not c["points"]:
        return []
    return [(f"{end.year}年工作要点（项）", c["points"]), ("已完成", c["done"]),
            ("按期完成", c["on_time"]), ("逾期（完成晚于期限或到期未完成）", c["late"])]
