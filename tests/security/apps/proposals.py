"""Suggestions and proposals: routes, API operations, test-world objects and markers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.security.policy_table import ADMIN_A, HEAD, OFFICER, PUBLIC, anywhere, get, own, post

MARK_PROPOSAL_UNPUBLISHED = "建议提案未公开答复标记巳午未"
MARK_PROPOSAL_CONTACT = "13911112222"
YEAR = 2024  # the matrix's {year}; {int:number} is 1: the world's proposal is 2024-1

ROUTES = {
    "proposals:index": get(PUBLIC),
    "proposals:reply": get(PUBLIC),
    "proposals:summary": get(PUBLIC),
    "staff:proposals_list": get(anywhere(OFFICER, HEAD, ADMIN_A)),
    "staff:proposals_new": get(anywhere(OFFICER, HEAD, ADMIN_A)),
    "staff:proposals_detail": get(own(OFFICER, HEAD, ADMIN_A)),
    "staff:proposals_action": post(own(OFFICER, HEAD, ADMIN_A)),
}

_STEP = "/staff/proposals/{agency}/{year}/{int:number}"
API = {
    "GET /proposals": PUBLIC,
    "GET /proposals/summary/{agency}/{year}": PUBLIC,
    "GET /staff/proposals": anywhere(OFFICER, HEAD, ADMIN_A),
    "POST /staff/proposals": anywhere(OFFICER, HEAD, ADMIN_A),
    f"GET {_STEP}": own(OFFICER, HEAD, ADMIN_A),
    f"POST {_STEP}/assign": own(OFFICER, HEAD, ADMIN_A),
    f"POST {_STEP}/extension": own(HEAD, ADMIN_A),
    f"POST {_STEP}/reply": own(OFFICER, HEAD, ADMIN_A),
    f"POST {_STEP}/feedback": own(OFFICER, HEAD, ADMIN_A),
    f"POST {_STEP}/redo": own(OFFICER, HEAD, ADMIN_A),
    f"POST {_STEP}/close": own(OFFICER, HEAD, ADMIN_A),
    f"POST {_STEP}/publish": own(OFFICER, HEAD, ADMIN_A),
    f"POST {_STEP}/reply/correct": own(OFFICER, HEAD, ADMIN_A),
}

MARKERS = {"proposal unpublished reply": MARK_PROPOSAL_UNPUBLISHED,
           "proposal reply contact": MARK_PROPOSAL_CONTACT}


def build(w: Any) -> None:
    from gongkai.proposals import services

    officer = w.users[OFFICER]
    department = w.objects["department"]
    first = services.proposal_register(
        actor=officer, agency=w.agency, kind="deputy_suggestion", number="MX01",
        session="矩阵测试会议", proposers="矩阵代表", subject="矩阵测试建议",
        registered_on=dt.date(YEAR, 3, 1))
    services.proposal_assign(actor=officer, proposal=first, lead_department=department,
                             assigned_on=dt.date(YEAR, 3, 2))
    services.proposal_reply(actor=officer, proposal=first, outcome="B",
                            text=f"未公开的答复{MARK_PROPOSAL_UNPUBLISHED}",
                            replied_on=dt.date(YEAR, 5, 6))
    second = services.proposal_register(
        actor=officer, agency=w.agency, kind="cppcc_proposal", number="MX02",
        session="矩阵测试会议", proposers="矩阵委员", subject="矩阵测试提案",
        registered_on=dt.date(YEAR, 3, 1))
    services.proposal_assign(actor=officer, proposal=second, lead_department=department,
                             assigned_on=dt.date(YEAR, 3, 2))
    reply = services.proposal_reply(actor=officer, proposal=second, outcome="A",
                                    text=f"已解决。联系电话：{MARK_PROPOSAL_CONTACT}",
                                    replied_on=dt.date(YEAR, 5, 6))
    # Published as the contract would leave it (the catalogue path has its own tests).
    reply.published_on = dt.date(YEAR, 5, 10)
    reply.published_text = services.public_text(reply.text)
    reply.save()
    w.objects["deputy_proposal"], w.objects["proposal_reply"] = first, reply


def kwargs(w: Any) -> dict[str, dict[str, Any]]:
    a = w.agency.slug
    return {
        "proposals:reply": {"agency": a, "pk": w.objects["proposal_reply"].pk},
        "proposals:summary": {"agency": a, "year": YEAR},
        "staff:proposals_detail": {"pk": w.objects["deputy_proposal"].pk},
        "staff:proposals_action": {"pk": w.objects["deputy_proposal"].pk, "action": "assign"},
    }
