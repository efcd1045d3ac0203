"""Interpretations (政策解读, 三同步) and public opinion (舆情回应): routes, API operations,
test-world objects and the strings no public page may show."""

from __future__ import annotations

from typing import Any

from tests.security.policy_table import (
    ADMIN_A,
    ANY_STAFF,
    EDITOR,
    HEAD,
    PUBLIC,
    REVIEWER,
    STAFF_OF_A,
    anywhere,
    get,
    own,
    post,
)

MARK_INTERPRETATION = "解读草稿MXINTERP"
MARK_CONCERN = "未公开舆情MXCONCERN"
MARK_INBOUND = "监测信息MXINBOUND"
MARK_NOTE = "内部研判MXNOTE"

HANDLE = (EDITOR, HEAD, ADMIN_A)

ROUTES = {
    "interpretations:index": get(PUBLIC),
    "staff:interpretations_list": get(ANY_STAFF),
    "staff:interpretations_new": get(anywhere(EDITOR, ADMIN_A)),
    "staff:interpretations_edit": get(own(*STAFF_OF_A)),
    "staff:interpretations_prepare": post(own(EDITOR, ADMIN_A)),
    "staff:interpretations_reopen": post(own(EDITOR, ADMIN_A)),
    "staff:interpretations_publish": post(own(REVIEWER, ADMIN_A)),
    "staff:interpretations_waiver": get(own(*STAFF_OF_A)),
    "staff:interpretations_sync": get(ANY_STAFF),
    "staff:interpretations_dashboard": get(ANY_STAFF),
    "staff:interpretations_share_list": get(ANY_STAFF),
    "staff:interpretations_rules": get(anywhere(ADMIN_A)),
    "opinion:index": get(PUBLIC),
    "opinion:timeline": get(PUBLIC),
    "staff:opinion_list": get(anywhere(*HANDLE)),
    "staff:opinion_new": get(anywhere(*HANDLE)),
    "staff:opinion_concern": get(own(*HANDLE)),
    "staff:opinion_step": post(own(*HANDLE)),
    "staff:opinion_respond": post(own(HEAD, ADMIN_A)),
    "staff:opinion_press": post(own(*HANDLE)),
    "staff:opinion_hot": get(anywhere(*HANDLE)),
    "staff:opinion_feeds": get(anywhere(ADMIN_A)),
}

API = {
    "GET /records/{int:record_id}/interpretations": PUBLIC,
    "GET /staff/opinion/concerns": anywhere(*HANDLE),
    "POST /staff/opinion/concerns": anywhere(*HANDLE),
}

MARKERS = {
    "draft interpretation": MARK_INTERPRETATION,
    "unpublished concern": MARK_CONCERN,
    "inbound text": MARK_INBOUND,
    "internal assessment note": MARK_NOTE,
}


def build(w: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    from gongkai.catalogue import services as catalogue
    from gongkai.interpretations import services as interpretations
    from gongkai.opinion import services as opinion
    from gongkai.opinion.models import Stage
    from tests.factories import record_fields

    o = w.objects
    policy = catalogue.record_create(actor=None, agency=w.agency, **record_fields(
        title="矩阵测试政策文件", document_number=""))
    o["interpretation_policy"] = policy
    o["interpretation"] = interpretations.interpretation_create(
        actor=None, policy=policy, title=f"矩阵测试{MARK_INTERPRETATION}", form="text",
        background=MARK_INTERPRETATION)
    now = timezone.now()
    hidden = opinion.concern_register(actor=None, agency=w.agency, title=MARK_CONCERN,
                                      level="general", registered_at=now - dt.timedelta(hours=1))
    o["concern"] = hidden
    public = opinion.concern_register(actor=None, agency=w.agency, title="矩阵测试公开舆情",
                                      level="major_emergency",
                                      registered_at=now - dt.timedelta(hours=2))
    opinion.concern_step(actor=None, concern=public, stage=Stage.ASSESSED, note=MARK_NOTE)
    o["public_concern"] = opinion.concern_respond(
        actor=None, concern=public, title="矩阵测试回应", body="经核查，情况如下。",
        summary="矩阵测试公开摘要")
    opinion.inbound_add(actor=None, agency=w.agency, title=MARK_INBOUND, text=MARK_INBOUND)


def kwargs(w: Any) -> dict[str, dict[str, Any]]:
    item = {"pk": w.interpretation.pk}
    concern = {"pk": w.concern.pk}
    return {
        "staff:interpretations_edit": item,
        "staff:interpretations_prepare": item,
        "staff:interpretations_reopen": item,
        "staff:interpretations_publish": item,
        "staff:interpretations_waiver": {"pk": w.interpretation_policy.pk},
        "opinion:timeline": {"agency": w.agency.slug, "pk": w.public_concern.pk},
        "staff:opinion_concern": concern,
        "staff:opinion_step": concern,
        "staff:opinion_respond": concern,
        "staff:opinion_press": concern,
    }
