"""Social evaluation's routes (issue 22): public results, the evaluator's own pages under
/accounts/evaluation/ (only the invited evaluator; staff are not evaluators), and the
office's staff pages (agency administrators)."""

from __future__ import annotations

from typing import Any

from tests.security.policy_table import (
    ADMIN_A,
    EVALUATOR,
    PUBLIC,
    Rule,
    anywhere,
    get,
    own,
    post,
)

ONLY_EVALUATOR = frozenset({EVALUATOR})

ROUTES: dict[str, Rule] = {
    "social_evaluation:index": get(PUBLIC),
    "social_evaluation:detail": get(PUBLIC),
    "evaluation:home": get(ONLY_EVALUATOR),
    "evaluation:round": get(ONLY_EVALUATOR),
    "staff:social_evaluation_list": get(anywhere(ADMIN_A)),
    "staff:social_evaluation_round": get(own(ADMIN_A)),
    "staff:social_evaluation_invite": post(own(ADMIN_A)),
    "staff:social_evaluation_transition": post(own(ADMIN_A)),
}

MARK_REMARK = "评议意见标记申酉戌"
MARKERS = {"evaluator remark": MARK_REMARK}


def build(w: Any) -> None:
    import datetime as dt

    from gongkai.social_evaluation import services

    department = w.objects["department"]
    rnd = services.round_create(
        actor=None, agency=w.agency, title="矩阵测试社会评议", year=2025,
        period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31),
        criteria=["总体情况"], departments=[department])
    evaluator, _ = services.evaluator_invite(actor=None, round=rnd, username="mx-evaluator",
                                             name="矩阵评议人", category="citizen")
    services.round_open(actor=None, round=rnd)
    criterion = rnd.criteria.get()
    services.evaluation_submit(user=evaluator.user, round=rnd,
                               scores={(department.pk, criterion.pk): 80},
                               remarks={department.pk: MARK_REMARK})
    services.round_close(actor=None, round=rnd)
    w.objects["evaluation_round"] = services.round_publish(actor=None, round=rnd)


def kwargs(w: Any) -> dict[str, dict[str, Any]]:
    pk = w.evaluation_round.pk
    return {
        "social_evaluation:detail": {"agency": w.agency.slug, "pk": pk},
        "evaluation:round": {"pk": pk},
        "staff:social_evaluation_round": {"pk": pk},
        "staff:social_evaluation_invite": {"pk": pk},
        "staff:social_evaluation_transition": {"pk": pk},
    }
