"""The states of a message and the one table of what may happen in each.

received ─route→ routed ─answer→ answered ─rate/close→ closed
   │               │  └─draft (review on)→ reviewing ─approve→ answered
   │               │                          └─return→ routed
   └─ask─→ waiting ─supply→ routed (received if never routed)
                 └─lapse (no answer within the period)→ closed
answered/closed ─reopen (once, within the period)→ reopened ─answer→ answered
received/routed ─dismiss→ dismissed (not a valid message: abuse, duplicate, no content)
"""

from __future__ import annotations

from gongkai.core.workflow import InvalidTransition as BaseInvalidTransition
from gongkai.interaction.models import OPEN_STATUSES
from gongkai.interaction.models import MessageStatus as S

OPEN_STATES = frozenset(S(value) for value in OPEN_STATUSES)
# Waiting for the public stops nobody's clock but the agency's: shown in its own queue.
RUNNING_STATES = frozenset({S.RECEIVED, S.ROUTED, S.REVIEWING, S.REOPENED})
HANDLING = (S.RECEIVED, S.ROUTED, S.REOPENED)

TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    # action: (states it may start from, state it leads to; None = stays)
    "route": (frozenset({S.RECEIVED, S.ROUTED, S.REOPENED}), None),
    "mark_complex": (frozenset(OPEN_STATES), None),
    "ask": (frozenset(HANDLING), S.WAITING),
    "supply": (frozenset({S.WAITING}), None),
    "draft": (frozenset(HANDLING), S.REVIEWING),
    "approve": (frozenset({S.REVIEWING}), S.ANSWERED),
    "return": (frozenset({S.REVIEWING}), S.ROUTED),
    "answer": (frozenset(HANDLING), S.ANSWERED),
    "rate": (frozenset({S.ANSWERED, S.CLOSED}), None),
    "reopen": (frozenset({S.ANSWERED, S.CLOSED}), S.REOPENED),
    "close": (frozenset({S.ANSWERED}), S.CLOSED),
    "dismiss": (frozenset({S.RECEIVED, S.ROUTED, S.WAITING}), S.DISMISSED),
    # The writer never answered the agency's question within the period.
    "lapse": (frozenset({S.WAITING}), S.CLOSED),
    "publish": (frozenset({S.ANSWERED, S.CLOSED}), None),
}

ACTION_LABELS = {
    "route": "转办", "mark_complex": "标记为复杂事项", "ask": "请来信人补充", "supply": "补充材料",
    "draft": "提交答复审核", "approve": "审核通过答复", "return": "退回答复", "answer": "答复",
    "rate": "评价", "reopen": "申请重新办理", "close": "办结", "dismiss": "不予受理",
    "publish": "公开", "lapse": "逾期未补充办结",
}


class InvalidTransition(BaseInvalidTransition):
    def __init__(self, current: str, action: str, reason: str = ""):
        super().__init__(f"cannot {action} in {current}")
        self.current, self.action, self.reason = current, action, reason

    @property
    def message(self) -> str:
        if self.reason:
            return self.reason
        return f"该来信当前状态为“{S(self.current).label}”，不能{ACTION_LABELS[self.action]}。"


def check(current: str, action: str) -> str:
    """The state ``action`` leads to from ``current``, or InvalidTransition."""
    sources, target = TRANSITIONS[action]
    if current not in sources:
        raise InvalidTransition(current, action)
    return target or current
