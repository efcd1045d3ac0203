"""The consultation's states and the one table of allowed steps.

    draft ──schedule──▶ scheduled ──open──▶ open ──close──▶ closed ──report──▶ reported
      ▲                    │                 │ ▲
      └────unschedule──────┘                 └─┘ extend (with a published notice)

``open`` also runs straight from draft (staff open a consultation today). Comments are
taken only while open and before the closing moment; answers are written while open or
closed and become public with the report.
"""

from __future__ import annotations

from gongkai.consultations.models import ConsultationStatus as S
from gongkai.core.workflow import InvalidTransition as BaseInvalidTransition

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, "schedule"): S.SCHEDULED,
    (S.SCHEDULED, "unschedule"): S.DRAFT,
    (S.SCHEDULED, "open"): S.OPEN,
    (S.DRAFT, "open"): S.OPEN,
    (S.OPEN, "extend"): S.OPEN,
    (S.OPEN, "close"): S.CLOSED,
    (S.CLOSED, "report"): S.REPORTED,
}

ACTION_LABELS = {
    "schedule": "安排发布", "unschedule": "撤回发布安排", "open": "开始征求意见",
    "extend": "延长征求意见期限", "close": "结束征求意见", "report": "发布意见采纳情况",
    "edit": "修改", "version": "发布新版本", "comment": "提交意见", "enter": "录入意见",
    "moderate": "审核意见", "answer": "答复意见", "group": "归并相似意见",
    "generate": "生成采纳情况报告", "review": "审核采纳情况报告",
}

# Steps that are not transitions, and the states they are allowed in.
ALLOWED_IN: dict[str, frozenset[str]] = {
    "edit": frozenset({S.DRAFT, S.SCHEDULED}),
    "version": frozenset({S.DRAFT, S.SCHEDULED, S.OPEN}),
    "comment": frozenset({S.OPEN}),
    "enter": frozenset({S.OPEN, S.CLOSED}),
    "moderate": frozenset({S.OPEN, S.CLOSED}),
    "answer": frozenset({S.OPEN, S.CLOSED}),
    "group": frozenset({S.OPEN, S.CLOSED}),
    "generate": frozenset({S.CLOSED}),
    "review": frozenset({S.CLOSED}),
}


class InvalidTransition(BaseInvalidTransition):
    def __init__(self, current: str, action: str):
        super().__init__(f"cannot {action} in {current}")
        self.current, self.action = current, action

    @property
    def message(self) -> str:
        return (f"征求意见当前状态为“{S(self.current).label}”,"
                f"不能{ACTION_LABELS.get(self.action, self.action)}。")


def next_status(current: str, action: str) -> str:
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        raise InvalidTransition(current, action) from None


def check_allowed(current: str, action: str) -> None:
    if action in ALLOWED_IN:
        if current not in ALLOWED_IN[action]:
            raise InvalidTransition(current, action)
    else:
        next_status(current, action)
