"""The staff queue of asked questions: the states and the moves between them."""

from __future__ import annotations

from gongkai.core.workflow import InvalidTransition as BaseInvalidTransition
from gongkai.qa.models import QuestionStatus


class InvalidTransition(BaseInvalidTransition):
    """The question is not in a state from which this move is allowed."""


TRANSITIONS: dict[str, set[str]] = {
    # Low confidence or marked unhelpful: staff write an FAQ or dismiss it.
    QuestionStatus.OPEN: {QuestionStatus.ANSWERED, QuestionStatus.DISMISSED},
    # Answered well, yet a later "did not help" reopens it.
    QuestionStatus.ANSWERED: {QuestionStatus.OPEN},
    QuestionStatus.DISMISSED: {QuestionStatus.OPEN},
}


def check_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS.get(current, set()):
        raise InvalidTransition(f"{current} → {target}")
