"""Deputies' suggestions and CPPCC proposals on the evaluation dashboard: the year's
replies within the handling limit and their publication within 20 working days."""

from __future__ import annotations

from typing import Any

from gongkai.proposals.selectors import yearly_summary


def figures(agency: Any, start: Any, end: Any) -> list[tuple[str, Any]]:
    s = yearly_summary(agency_id=agency.pk, year=end.year, today=end)
    if not s.total:
        return []
    return [(f"{end.year}年建议提案（件）", s.total), ("已答复", s.replied),
            ("按期答复", s.replied_on_time), ("到期未答复", s.open_overdue),
            ("按期公开答复", s.published_on_time)]
