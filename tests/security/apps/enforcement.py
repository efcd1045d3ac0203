"""Enforcement publicity (issue 21): routes, API operations, test-world objects, markers."""

from __future__ import annotations

from typing import Any

from tests.security.policy_table import (
    ADMIN_A,
    ANY_STAFF,
    EDITOR,
    PUBLIC,
    STAFF_OF_A,
    anywhere,
    get,
    own,
    post,
)

# A natural person's full name (public pages show 泄某) and the facts of a decision that is
# recorded but not yet published.
MARK_PARTY = "泄露测试当事人柏舟"
MARK_UNPUBLISHED = "未公开执法决定标记辰巳"
MARKERS = {"enforcement party": MARK_PARTY, "unpublished decision": MARK_UNPUBLISHED}

ROUTES = {
    "enforcement:index": get(PUBLIC),
    "enforcement:decisions": get(PUBLIC),
    "enforcement:decision": get(PUBLIC),
    "enforcement:open_data": get(PUBLIC),
    "enforcement:guidance": get(PUBLIC),
    "staff:enforcement_decisions": get(ANY_STAFF),
    "staff:enforcement_decision_new": get(anywhere(EDITOR, ADMIN_A)),
    "staff:enforcement_publicity": get(anywhere(EDITOR, ADMIN_A)),
    "staff:enforcement_decision": get(own(*STAFF_OF_A)),
    "staff:enforcement_decision_publish": post(own(EDITOR, ADMIN_A)),
    "staff:enforcement_decision_withdraw": post(own(EDITOR, ADMIN_A)),
}

API = {
    "GET /enforcement/decisions": PUBLIC,
    # Any agency's enforcement editor may call it for their own agency (the matrix sends no
    # body: B's administrator gets past the gate and is refused by the service with a body).
    "POST /staff/enforcement/decisions": anywhere(EDITOR, ADMIN_A),
}


def build(w: Any) -> None:
    import datetime as dt

    from gongkai.enforcement import services
    from gongkai.enforcement.models import GuidanceKind

    agency = w.agency
    w.objects["enforcement_published"] = services.decision_publish(
        actor=None, decision=services.decision_record(
            actor=None, agency=agency, category="penalty", decided_on=dt.date(2024, 3, 4),
            document_number="沪司矩阵〔2024〕1号", party_type="natural_person",
            party_name=MARK_PARTY, facts=f"{MARK_PARTY}无证执业。", basis="《律师法》第五十五条",
            decision=f"给予{MARK_PARTY}警告。", today=dt.date(2024, 3, 5)),
        today=dt.date(2024, 3, 5))
    w.objects["enforcement_recorded"] = services.decision_record(
        actor=None, agency=agency, category="licence", decided_on=dt.date(2024, 3, 4),
        document_number="沪司矩阵〔2024〕2号", party_type="legal_person", party_name="矩阵律师事务所",
        facts=MARK_UNPUBLISHED, basis="《律师法》第十九条", decision="准予。",
        today=dt.date(2024, 3, 5))
    w.objects["enforcement_guidance"] = services.guidance_create(
        actor=None, agency=agency, kind=GuidanceKind.REMEDY, title="救济渠道", body="行政复议。")


def kwargs(w: Any) -> dict[str, dict[str, Any]]:
    a = w.agency.slug
    published, recorded = w.enforcement_published, w.enforcement_recorded
    return {
        "enforcement:decision": {"agency": a, "pk": published.pk},
        "enforcement:open_data": {"agency": a, "ext": "json"},
        "enforcement:guidance": {"agency": a, "pk": w.enforcement_guidance.pk},
        "staff:enforcement_decision": {"pk": recorded.pk},
        "staff:enforcement_decision_publish": {"pk": recorded.pk},
        "staff:enforcement_decision_withdraw": {"pk": published.pk},
    }
