"""The handling workflow of a suggestion or proposal: explicit states and moves.

registered → assigned → replied → closed; a dissatisfied proposer sends it
replied → dissatisfied → redo → replied (second round) → closed. Only the first answer can
be sent back: the feedback on a redo's answer closes the case whatever it says (it is
recorded and counted). An extension keeps the state (assigned only); publishing a reply
keeps the state too (any state after a reply).
"""

from __future__ import annotations

from gongkai.core.workflow import InvalidTransition as BaseInvalidTransition
from gongkai.proposals.models import ProposalStatus as S

TRANSITIONS: dict[str, frozenset[str]] = {
    S.REGISTERED: frozenset({S.ASSIGNED}),
    S.ASSIGNED: frozenset({S.REPLIED}),
    S.REPLIED: frozenset({S.CLOSED, S.DISSATISFIED}),
    S.DISSATISFIED: frozenset({S.REDO}),
    S.REDO: frozenset({S.REPLIED}),
    S.CLOSED: frozenset(),
}

OPEN_STATES = frozenset({S.ASSIGNED, S.REDO})  # a handling clock runs
REPLIED_STATES = frozenset({S.REPLIED, S.DISSATISFIED, S.REDO, S.CLOSED})

# action → (states it may run in, state it leads to; None = unchanged)
ACTIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "assign": (frozenset({S.REGISTERED}), S.ASSIGNED),
    "extend": (frozenset({S.ASSIGNED}), None),
    "reply": (frozenset({S.ASSIGNED, S.REDO}), S.REPLIED),
    "feedback": (frozenset({S.REPLIED}), None),  # → closed or dissatisfied
    "redo": (frozenset({S.DISSATISFIED}), S.REDO),
    "close": (frozenset({S.REPLIED}), S.CLOSED),
    "publish": (REPLIED_STATES, None),
    "correct": (REPLIED_STATES, None),  # an unpublished answer's wording
}

ACTION_LABELS = {"assign": "交办", "extend": "延期", "reply": "答复", "feedback": "登记代表委员意见",
                 "redo": "重新办理", "close": "办结", "publish": "公开答复",
                 "correct": "修改待公开的答复"}


class InvalidTransition(BaseInvalidTransition):
    """The proposal is not in a state from which this step is allowed (API: 409)."""

    def __init__(self, current: str, action: str, reason: str = ""):
        super().__init__(f"cannot {action} a proposal in state {current}"
                         + (f": {reason}" if reason else ""))
        self.current, self.action, self.reason = current, action, reason

    @property
    def message(self) -> str:
        label = ACTION_LABELS.get(self.action, self.action)
        text = f"建议提案当前状态为“{S(self.current).label}”，不能执行“{label}”。"
        return f"{text}{self.reason}" if self.reason else text


def check_action(current: str, action: str, reason: str = "") -> str:
    """The state after ``action`` (unchanged for None); raises InvalidTransition."""
    allowed, target = ACTIONS[action]
    if current not in allowed:
        raise InvalidTransition(current, action, reason)
    if target is None:
        return current
    if target not in TRANSITIONS[current]:
        raise InvalidTransition(current, action, reason)
    return target


def check_transition(current: str, target: str, action: str) -> None:
    if target not in TRANSITIONS[current]:
        raise InvalidTransition(current, action)
