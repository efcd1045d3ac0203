"""The review of a guide before publication: states, the allowed steps, and the error
for a step the state does not allow (the API answers 409)."""

from __future__ import annotations

from gongkai.core.workflow import InvalidTransition
from gongkai.services.models import GuideStatus

SUBMIT, APPROVE, RETURN, SUPERSEDE = "submit", "approve", "return", "supersede"

# state -> {action: next state}. A published guide is changed by drafting a new version
# (``guide_redraft``); the published one stays public until the new one is approved, and
# is then superseded.
TRANSITIONS: dict[str, dict[str, str]] = {
    GuideStatus.DRAFT: {SUBMIT: GuideStatus.IN_REVIEW},
    GuideStatus.IN_REVIEW: {APPROVE: GuideStatus.PUBLISHED, RETURN: GuideStatus.DRAFT},
    GuideStatus.PUBLISHED: {SUPERSEDE: GuideStatus.SUPERSEDED},
    GuideStatus.SUPERSEDED: {},
}

ACTION_LABELS = {"edit": "修改", "redraft": "起草新版本", SUBMIT: "提交审核",
                 APPROVE: "审核通过并发布", RETURN: "退回修改",
                 SUPERSEDE: "由新版本替代"}
EDITABLE = frozenset({GuideStatus.DRAFT})


class GuideTransitionError(InvalidTransition):
    def __init__(self, state: str, action: str) -> None:
        super().__init__(state, action)
        self.state, self.action = state, action

    @property
    def message(self) -> str:
        return (f"办事指南当前状态为“{GuideStatus(self.state).label}”，"
                f"不能执行“{ACTION_LABELS.get(self.action, self.action)}”。")


def next_state(state: str, action: str) -> str:
    try:
        return TRANSITIONS[state][action]
    except KeyError:
        raise GuideTransitionError(state, action) from None


class GuideIncomplete(Exception):
    """A guide missing required fields cannot be submitted or published; ``missing`` lists
    the labels of the fields to fill."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__("、".join(missing))
        self.missing = missing

    @property
    def message(self) -> str:
        return "办事指南缺少必填内容：" + "、".join(self.missing) + "。"
