"""The mailbox and hotline on the evaluation dashboard: messages received in the period,
answered, the share answered within their limit, and open ones past the inspection's
three-month veto."""

from __future__ import annotations

from typing import Any

from gongkai.interaction.selectors import timeliness


def figures(agency: Any, start: Any, end: Any) -> list[tuple[str, Any]]:
    t = timeliness(agency, since=start, until=end, today=end)
    if not (t.answered or t.unanswered):
        return []
    return [("已答复来信和工单（件）", t.answered), ("按期答复率", t.percent),
            ("在办（件）", t.unanswered), ("超过三个月未答复（件）", t.over_veto)]
