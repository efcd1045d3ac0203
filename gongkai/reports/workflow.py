"""Report states: a draft is edited; publishing is final (a correction is a new catalogue
version made by hand, never a silent change of the published figures)."""

from __future__ import annotations

from gongkai.reports.models import ReportStatus

TRANSITIONS: dict[str, frozenset[str]] = {
    ReportStatus.DRAFT: frozenset({ReportStatus.PUBLISHED}),
    ReportStatus.PUBLISHED: frozenset(),
}


class InvalidReportTransition(Exception):
    def __init__(self, current: str, target: str):
        super().__init__(f"{current} -> {target}")
        self.current = current
        self.target = target


def check_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS.get(current, frozenset()):
        raise InvalidReportTransition(current, target)
