"""The record workflow: explicit states and the transitions allowed between them.

draft → in_review → (returned → in_review …) → scheduled → published → withdrawn.
A published record can go back to review with a correction; the public keeps seeing the
last published version until the correction is approved.
"""

from __future__ import annotations

from gongkai.catalogue.models import RecordStatus as S
from gongkai.core.workflow import InvalidTransition as BaseInvalidTransition

TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.IN_REVIEW}),
    S.RETURNED: frozenset({S.IN_REVIEW}),
    S.IN_REVIEW: frozenset({S.RETURNED, S.SCHEDULED, S.PUBLISHED}),
    S.SCHEDULED: frozenset({S.PUBLISHED, S.IN_REVIEW}),
    S.PUBLISHED: frozenset({S.IN_REVIEW, S.PUBLISHED, S.WITHDRAWN}),
    S.WITHDRAWN: frozenset(),
}

EDITABLE = frozenset({S.DRAFT, S.RETURNED, S.PUBLISHED})


class InvalidTransition(BaseInvalidTransition):
    """The record is not in a state from which this step is allowed."""

    def __init__(self, current: str, target: str):
        super().__init__(f"cannot move a record from {current} to {target}")
        self.current = current
        self.target = target

    @property
    def message(self) -> str:
        return f"当前状态“{S(self.current).label}”下不能执行此操作(目标状态:{S(self.target).label})。"


def check_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS[current]:
        raise InvalidTransition(current, target)
