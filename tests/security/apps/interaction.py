"""The interaction app (mailbox, hotline orders) in the access matrix and the leak test."""

from __future__ import annotations

from typing import Any

from tests.security.policy_table import (
    ADMIN_A,
    APPLICANT,
    HEAD,
    OFFICER,
    PUBLIC,
    Rule,
    anywhere,
    applicant,
    get,
    own,
    post,
)

HANDLERS = (OFFICER, HEAD, ADMIN_A)

ROUTES: dict[str, Rule] = {
    "interaction:index": get(PUBLIC),
    "interaction:published": get(PUBLIC),
    "interaction:write": get(PUBLIC),
    "interaction:submitted": get(PUBLIC),  # without a receipt in the session: to the look-up
    "interaction:status": get(PUBLIC),
    "interaction:case": applicant(),
    "interaction:case_rate": applicant("POST"),
    "interaction:case_reopen": applicant("POST"),
    "interaction:case_supply": applicant("POST"),
    "interaction:case_publication": applicant("POST"),
    "staff:interaction_inbox": get(anywhere(*HANDLERS)),
    "staff:interaction_bulk_route": post(anywhere(*HANDLERS)),
    "staff:interaction_message": get(own(*HANDLERS)),
    "staff:interaction_act": post(own(*HANDLERS)),
    "staff:interaction_attachment": get(own(*HANDLERS)),
    "staff:interaction_templates": get(anywhere(HEAD, ADMIN_A)),
    "staff:interaction_template_delete": post(own(HEAD, ADMIN_A)),
    "staff:interaction_limits": get(anywhere(ADMIN_A)),
    "staff:interaction_figures": get(anywhere(*HANDLERS)),
    "staff:interaction_hotline_import": get(anywhere(ADMIN_A)),
    "staff:interaction_hotline_replies": get(anywhere(ADMIN_A)),
}

API: dict[str, frozenset[str]] = {
    "POST /messages": PUBLIC,
    "GET /messages": PUBLIC,
    "GET /messages/{tracking_code}": APPLICANT,
    "POST /hotline/orders": anywhere(ADMIN_A),
    "GET /hotline/replies": anywhere(ADMIN_A),
}

MARK_WRITER = "来信人标记梧桐"
MARK_WRITER_PHONE = "13700001111"
MARK_WRITER_EMAIL = "writer.marker.wutong@example.org"
MARK_UNPUBLISHED = "未公开来信标记青檀"
MARKERS = {
    "mailbox writer name": MARK_WRITER, "mailbox writer phone": MARK_WRITER_PHONE,
    "mailbox writer e-mail": MARK_WRITER_EMAIL, "unpublished message": MARK_UNPUBLISHED,
}


def build(w: Any) -> None:
    from gongkai.interaction import services
    from gongkai.interaction.models import ReplyTemplate
    from tests.security.hostile import PDF_BYTES

    admin = w.users[ADMIN_A]
    writer = {"name": MARK_WRITER, "phone": MARK_WRITER_PHONE, "email": MARK_WRITER_EMAIL}
    shown = services.message_submit(
        agency=w.agency, type="consult", subject="矩阵测试公开来信的标题",
        text=f"我是{MARK_WRITER}，电话{MARK_WRITER_PHONE}，请问如何办理公证？",
        publish_consent=True, **writer).message
    shown = services.message_answer(actor=admin, message=shown, reply="请到公证处窗口办理。")
    shown = services.publication_decide(message=shown, approve=True)
    hidden = services.message_submit(
        agency=w.agency, type="complaint", subject="矩阵测试未公开来信标题",
        text=f"{MARK_UNPUBLISHED}：投诉内容", publish_consent=False,
        attachment=services.Upload("证据.pdf", PDF_BYTES), **writer).message
    w.objects["interaction_published"] = shown
    w.objects["interaction_message"] = hidden
    w.objects["interaction_template"] = ReplyTemplate.objects.create(
        agency=w.agency, title="矩阵测试模板", body="感谢来信。")


def kwargs(w: Any) -> dict[str, dict[str, Any]]:
    a = w.agency.slug
    number = w.interaction_message.case_number
    return {
        "interaction:published": {"agency": a, "pk": w.interaction_published.pk},
        "interaction:case": {"agency": a, "case_number": number},
        "interaction:case_rate": {"agency": a, "case_number": number},
        "interaction:case_reopen": {"agency": a, "case_number": number},
        "interaction:case_supply": {"agency": a, "case_number": number},
        "interaction:case_publication": {"agency": a, "case_number": number},
        "staff:interaction_message": {"pk": w.interaction_message.pk},
        "staff:interaction_act": {"pk": w.interaction_message.pk},
        "staff:interaction_attachment": {"pk": w.interaction_message.pk},
        "staff:interaction_template_delete": {"pk": w.interaction_template.pk},
    }
