"""The application workflow: explicit states, the moves allowed between them, and which
action may run in which state (Regulations Art. 45: registration, review, handling,
reply, archiving).

received → in_progress ⇄ awaiting_correction / in_consultation / awaiting_fee → replied
→ archived; any open case may end as withdrawn (by the applicant, or deemed: no
correction in time, Art. 30; fee not paid, 国办函〔2020〕109号). Extensions and notes do
not change the state, but only open cases take them.

A reply type the agency has put under 审核 (``reply_review``) goes received/in_progress →
awaiting_reply_review → replied (approved) or back to in_progress (returned with
comments). The clock keeps running under review: it is the office's own time.
"""

from __future__ import annotations

from gongkai.applications.models import ApplicationStatus as S
from gongkai.core.workflow import InvalidTransition as BaseInvalidTransition

TRANSITIONS: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.IN_PROGRESS, S.AWAITING_CORRECTION, S.IN_THIRD_PARTY_CONSULTATION,
                           S.AWAITING_FEE, S.AWAITING_REPLY_REVIEW, S.REPLIED, S.WITHDRAWN}),
    S.IN_PROGRESS: frozenset({S.IN_PROGRESS, S.AWAITING_CORRECTION, S.IN_THIRD_PARTY_CONSULTATION,
                              S.AWAITING_FEE, S.AWAITING_REPLY_REVIEW, S.REPLIED, S.WITHDRAWN}),
    S.AWAITING_CORRECTION: frozenset({S.IN_PROGRESS, S.WITHDRAWN}),
    S.IN_THIRD_PARTY_CONSULTATION: frozenset({S.IN_PROGRESS, S.WITHDRAWN}),
    S.AWAITING_FEE: frozenset({S.IN_PROGRESS, S.WITHDRAWN}),
    S.AWAITING_REPLY_REVIEW: frozenset({S.REPLIED, S.IN_PROGRESS, S.WITHDRAWN}),
    S.REPLIED: frozenset({S.ARCHIVED}),
    S.WITHDRAWN: frozenset({S.ARCHIVED}),
    S.ARCHIVED: frozenset(),
}

OPEN_STATES = frozenset({S.RECEIVED, S.IN_PROGRESS, S.AWAITING_CORRECTION, S.IN_THIRD_PARTY_CONSULTATION,
                         S.AWAITING_FEE, S.AWAITING_REPLY_REVIEW})
# The clock stops while the applicant or a third party has the ball.
WAITING_FOR_APPLICANT = frozenset({S.AWAITING_CORRECTION, S.AWAITING_FEE})
WAITING_FOR_THIRD_PARTY = frozenset({S.IN_THIRD_PARTY_CONSULTATION})
CLOSED_STATES = frozenset({S.REPLIED, S.WITHDRAWN, S.ARCHIVED})

# The clock runs on under review, so the office may still need more time.
EXTENSION_STATES = frozenset({S.RECEIVED, S.IN_PROGRESS, S.IN_THIRD_PARTY_CONSULTATION,
                              S.AWAITING_REPLY_REVIEW})

# action → (states it may run in, state it leads to; None = unchanged)
ACTIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "assign": (frozenset({S.RECEIVED, S.IN_PROGRESS}), S.IN_PROGRESS),
    "request_correction": (frozenset({S.RECEIVED, S.IN_PROGRESS}), S.AWAITING_CORRECTION),
    "receive_correction": (frozenset({S.AWAITING_CORRECTION}), S.IN_PROGRESS),
    "correction_deemed_withdrawn": (frozenset({S.AWAITING_CORRECTION}), S.WITHDRAWN),
    "third_party_consultation_start": (frozenset({S.RECEIVED, S.IN_PROGRESS}), S.IN_THIRD_PARTY_CONSULTATION),
    "third_party_consultation_end": (frozenset({S.IN_THIRD_PARTY_CONSULTATION}), S.IN_PROGRESS),
    "extension_request": (EXTENSION_STATES, None),
    "extension_approve": (EXTENSION_STATES, None),
    "extension_deny": (EXTENSION_STATES, None),
    "fee_issue": (frozenset({S.RECEIVED, S.IN_PROGRESS}), S.AWAITING_FEE),
    "fee_paid": (frozenset({S.AWAITING_FEE}), S.IN_PROGRESS),
    "fee_deemed_withdrawn": (frozenset({S.AWAITING_FEE}), S.WITHDRAWN),
    "reply": (frozenset({S.RECEIVED, S.IN_PROGRESS}), S.REPLIED),
    "reply_submit_for_review": (frozenset({S.RECEIVED, S.IN_PROGRESS}), S.AWAITING_REPLY_REVIEW),
    "reply_review_approve": (frozenset({S.AWAITING_REPLY_REVIEW}), S.REPLIED),
    "reply_review_return": (frozenset({S.AWAITING_REPLY_REVIEW}), S.IN_PROGRESS),
    "withdraw": (OPEN_STATES, S.WITHDRAWN),
    "archive": (frozenset({S.REPLIED, S.WITHDRAWN}), S.ARCHIVED),
    "note_add": (frozenset(S.values), None),
    "review_record": (frozenset({S.REPLIED, S.WITHDRAWN, S.ARCHIVED}), None),
}

ACTION_LABELS = {
    "assign": "分办", "request_correction": "告知补正", "receive_correction": "收到补正",
    "correction_deemed_withdrawn": "逾期未补正视为放弃", "third_party_consultation_start": "征求意见",
    "third_party_consultation_end": "结束征求意见", "extension_request": "申请延期",
    "extension_approve": "批准延期", "extension_deny": "不批准延期", "fee_issue": "发出收费通知",
    "fee_paid": "确认缴费", "fee_deemed_withdrawn": "逾期未缴费视为放弃", "reply": "答复",
    "reply_submit_for_review": "提交答复审核", "reply_review_approve": "审核通过并答复",
    "reply_review_return": "退回答复", "withdraw": "撤回申请",
    "archive": "归档", "note_add": "添加备注", "review_record": "登记复议或诉讼",
    "anonymise": "匿名化",
}


class InvalidTransition(BaseInvalidTransition):
    """The case is not in a state from which this action is allowed (API: 409)."""

    def __init__(self, current: str, action: str, reason: str = ""):
        super().__init__(f"cannot {action} an application in state {current}"
                         + (f": {reason}" if reason else ""))
        self.current = current
        self.action = action
        self.reason = reason

    @property
    def message(self) -> str:
        label = ACTION_LABELS.get(self.action, self.action)
        text = f"申请当前状态为“{S(self.current).label}”,不能执行“{label}”。"
        return f"{text}{self.reason}" if self.reason else text


def check_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS[current]:
        raise InvalidTransition(current, target)


def check_action(current: str, action: str, reason: str = "") -> str:
    """The state after ``action``; raises InvalidTransition when not allowed here."""
    allowed, target = ACTIONS[action]
    if current not in allowed:
        raise InvalidTransition(current, action, reason)
    if target is None:
        return current
    if target not in TRANSITIONS[current] and target != current:
        raise InvalidTransition(current, action, reason)
    return target
