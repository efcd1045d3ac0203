"""Training's staff pages (issue 22): administrators keep trainings; every staff member
reads their own record (an administrator also the records of their agency's people)."""

from __future__ import annotations

from typing import Any

from tests.security.policy_table import (
    ADMIN_A,
    ANY_STAFF,
    EDITOR,
    Rule,
    anywhere,
    get,
    own,
)

ROUTES: dict[str, Rule] = {
    "staff:training_list": get(anywhere(ADMIN_A)),
    "staff:training_detail": get(own(ADMIN_A)),
    "staff:training_my_record": get(ANY_STAFF),
    # The editor's record: the editor, agency A's administrator and the platform.
    "staff:training_record": get(own(EDITOR, ADMIN_A)),
}


def build(w: Any) -> None:
    import datetime as dt

    from gongkai.training import services

    training = services.training_create(actor=None, agency=w.agency, topic="矩阵测试培训",
                                        held_on=dt.date(2025, 5, 6), trainer="矩阵讲师")
    services.attendance_set(actor=None, training=training, users=[w.users[EDITOR]])
    w.objects["training"] = training


def kwargs(w: Any) -> dict[str, dict[str, Any]]:
    return {"staff:training_detail": {"pk": w.training.pk},
            "staff:training_record": {"user_id": w.users[EDITOR].pk}}
