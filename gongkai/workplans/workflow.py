"""A plan is a draft until the office publishes it (draft → published); published plans
keep their points public, and progress is published point by point. Points and tasks can
be added to either (a plan is adjusted during the year)."""

from __future__ import annotations

from gongkai.core.workflow import InvalidTransition as BaseInvalidTransition


class InvalidTransition(BaseInvalidTransition):
    def __init__(self, action: str, reason: str):
        super().__init__(f"cannot {action}: {reason}")
        self.action, self.reason = action, reason

    @property
    def message(self) -> str:
        return self.reason


def check_publish(published: bool) -> None:
    if published:
        raise InvalidTransition("plan_publish", "工作要点已经公开。")


def check_progress(published: bool) -> None:
    if not published:
        raise InvalidTransition("progress_publish", "工作要点公开后才能公开进展。")
