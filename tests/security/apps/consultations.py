"""Routes, API operations, test-world objects and personal-data markers of the
consultations app (issue 17: major decisions, consultations, adoption reports).

The matrix's ``_api_call`` fills only the path placeholders it knows; ``build`` chains a
small wrapper around it (once per process, never unwrapping anyone else's) that fills this
app's ``{int:consultation_id}``, ``{int:decision_id}`` and ``{int:comment_id}`` from the
world's objects.
"""

from __future__ import annotations

from typing import Any

from tests.security.policy_table import (
    ADMIN_A,
    EDITOR,
    HEAD,
    PUBLIC,
    Rule,
    anywhere,
    get,
    own,
    post,
)

EDIT = (EDITOR, HEAD, ADMIN_A)
APPROVE = (HEAD, ADMIN_A)

ROUTES: dict[str, Rule] = {
    # -- consultations (public) ---------------------------------------------------------
    "consultations:index": get(PUBLIC),
    "consultations:decisions": get(PUBLIC),
    "consultations:decision": get(PUBLIC),
    "consultations:track": get(PUBLIC),
    "consultations:feed": get(PUBLIC),
    "consultations:detail": get(PUBLIC),
    "consultations:version": get(PUBLIC),
    "consultations:comment": get(PUBLIC),
    "consultations:comment_done": get(PUBLIC),
    "consultations:report": get(PUBLIC),
    "consultations:open_data": get(PUBLIC),
    "consultations:attendance_apply": get(PUBLIC),
    # -- staff: consultations -------------------------------------------------------------
    "staff:consultations_list": get(anywhere(*EDIT)),
    "staff:consultations_new": get(anywhere(*EDIT)),
    "staff:consultations_decisions": get(anywhere(*EDIT)),
    "staff:consultations_decision": get(own(*EDIT)),
    "staff:consultations_templates": get(anywhere(*EDIT)),
    "staff:consultations_settings": get(anywhere(ADMIN_A)),
    "staff:consultations_detail": get(own(*EDIT)),
    "staff:consultations_schedule": post(own(*EDIT)),
    "staff:consultations_open": post(own(*EDIT)),
    "staff:consultations_close": post(own(*EDIT)),
    "staff:consultations_extend": post(own(*EDIT)),
    "staff:consultations_version": post(own(*EDIT)),
    "staff:consultations_offline": post(own(*EDIT)),
    "staff:consultations_moderate_bulk": post(own(*EDIT)),
    "staff:consultations_answer_bulk": post(own(*EDIT)),
    "staff:consultations_group": post(own(*EDIT)),
    "staff:consultations_moderate": post(own(*EDIT)),
    "staff:consultations_answer": post(own(*EDIT)),
    "staff:consultations_report_generate": post(own(*EDIT)),
    "staff:consultations_link_outcome": post(own(*EDIT)),
    "staff:consultations_report_review": post(own(*APPROVE)),
    "staff:consultations_report_publish": post(own(*APPROVE)),
    "staff:consultations_attendance_call": post(own(*EDIT)),
    "staff:consultations_attendance_select": post(own(*EDIT)),
    "staff:consultations_attendance_record": post(own(*EDIT)),
}

API: dict[str, frozenset[str]] = {
    "GET /decisions": PUBLIC,
    "GET /decisions/{int:decision_id}": PUBLIC,
    "GET /consultations": PUBLIC,
    "GET /consultations/{int:consultation_id}": PUBLIC,
    "POST /consultations/{int:consultation_id}/comments": PUBLIC,
    "GET /consultations/{int:consultation_id}/comments": PUBLIC,
    "GET /consultations/{int:consultation_id}/report": PUBLIC,
    "POST /staff/consultations": own(*EDIT),  # the body names agency A
    "POST /staff/consultations/{int:consultation_id}/schedule": own(*EDIT),
    "POST /staff/consultations/{int:consultation_id}/open": own(*EDIT),
    "POST /staff/consultations/{int:consultation_id}/extend": own(*EDIT),
    "POST /staff/consultations/{int:consultation_id}/close": own(*EDIT),
    "GET /staff/consultations/{int:consultation_id}/comments": own(*EDIT),
    "POST /staff/comments/{int:comment_id}/moderate": own(*EDIT),
    "POST /staff/comments/{int:comment_id}/answer": own(*EDIT),
    "POST /staff/consultations/{int:consultation_id}/answers": own(*EDIT),
    "POST /staff/consultations/{int:consultation_id}/group": own(*EDIT),
    "POST /staff/consultations/{int:consultation_id}/report/generate": own(*EDIT),
    "POST /staff/consultations/{int:consultation_id}/report/review": own(*APPROVE),
    "POST /staff/consultations/{int:consultation_id}/report/publish": own(*APPROVE),
}

MARK_COMMENTER_EMAIL = "yijian-marker@example.org"
MARK_PENDING = "待审核意见标记甲乙丙"
MARK_HIDDEN_COMMENT = "隐藏意见标记丁戊己"
MARK_ANSWER = "未公布答复标记庚辛壬"
MARK_DRAFT_CONSULTATION = "草稿征求意见标记癸子丑"
MARK_ATTENDEE = "列席报名人标记寅卯"
MARK_ATTENDEE_CONTACT = "lixi-marker@example.org"
MARKERS = {
    "attendance applicant": MARK_ATTENDEE,
    "attendance contact": MARK_ATTENDEE_CONTACT,
    "commenter e-mail": MARK_COMMENTER_EMAIL,
    "comment awaiting moderation": MARK_PENDING,
    "hidden comment": MARK_HIDDEN_COMMENT,
    "answer before the report": MARK_ANSWER,
    "draft consultation": MARK_DRAFT_CONSULTATION,
}


def build(w: Any) -> None:
    import datetime as dt

    from gongkai.consultations import services
    from gongkai.consultations.workflow import InvalidTransition  # noqa: F401

    agency = w.agency
    today = services.today()
    decision = services.decision_create(actor=None, agency=agency, year=today.year,
                                        title="矩阵测试重大行政决策")
    draft = services.consultation_create(actor=None, agency=agency, kind="other",
                                         title=MARK_DRAFT_CONSULTATION, text="第一条 草稿。")
    opened = services.consultation_create(actor=None, agency=agency, kind="normative",
                                          title="矩阵测试征求意见", text="第一条 甲。\n第二条 乙。",
                                          decision=decision)
    opened = services.consultation_open(actor=None, consultation=opened,
                                        closes_on=today + dt.timedelta(days=30))
    pending = services.comment_submit(consultation=opened, text=MARK_PENDING,
                                      email=MARK_COMMENTER_EMAIL, display_name="矩阵")
    hidden = services.comment_submit(consultation=opened, text=MARK_HIDDEN_COMMENT)
    services.comment_moderate(actor=None, comment=hidden.comment, publish=False, reason="无关")
    shown = services.comment_submit(consultation=opened, text="矩阵测试公开的意见")
    services.comment_moderate(actor=None, comment=shown.comment, publish=True)
    services.comment_answer(actor=None, comment=shown.comment, disposition="not_adopted",
                            answer=MARK_ANSWER)
    # A consultation taken through to its published report.
    reported = services.consultation_create(actor=None, agency=agency, kind="other",
                                            title="矩阵测试已反馈的征求意见", text="第一条 丙。")
    reported = services.consultation_open(actor=None, consultation=reported, closes_on=today)
    first = services.comment_submit(consultation=reported, text="矩阵测试已答复的意见")
    services.comment_moderate(actor=None, comment=first.comment, publish=True)
    services.comment_answer(actor=None, comment=first.comment, disposition="adopted",
                            answer="已采纳。")
    services.consultation_close(actor=None, consultation=reported,
                                now=services.limits.closing_moment(today))
    report = services.report_generate(actor=None, consultation=reported)
    report = services.report_review(actor=None, report=report)
    services.report_publish(actor=None, report=report)
    from gongkai.consultations import attendance

    call = attendance.call_create(actor=None, decision=decision, meeting="矩阵测试会议",
                                  meeting_on=today + dt.timedelta(days=10), seats=1,
                                  apply_until=today + dt.timedelta(days=5))
    applicant, _created = attendance.apply(call=call, name=MARK_ATTENDEE, category="citizen",
                                           reason="矩阵测试", contact=MARK_ATTENDEE_CONTACT)
    w.objects.update(consultation_call=call, consultation_attendee=applicant)
    w.objects.update(consultation_decision=decision, consultation_draft=draft,
                     consultation_open=opened, consultation_reported=reported,
                     consultation_comment=pending.comment)
    _teach_api_calls()


def kwargs(w: Any) -> dict[str, dict[str, Any]]:
    a = w.agency.slug
    opened, reported = w.consultation_open.pk, w.consultation_reported.pk
    return {
        "consultations:decision": {"agency": a, "pk": w.consultation_decision.pk},
        "consultations:detail": {"agency": a, "pk": opened},
        "consultations:version": {"agency": a, "pk": opened, "number": 1},
        "consultations:comment": {"agency": a, "pk": opened},
        "consultations:comment_done": {"agency": a, "pk": opened},
        "consultations:report": {"agency": a, "pk": reported},
        "consultations:open_data": {"agency": a, "pk": opened, "ext": "csv"},
        "staff:consultations_decision": {"pk": w.consultation_decision.pk},
        "consultations:attendance_apply": {"agency": a, "pk": w.consultation_decision.pk,
                                           "call_pk": w.consultation_call.pk},
        "staff:consultations_attendance_call": {"pk": w.consultation_decision.pk},
        "staff:consultations_attendance_select": {"pk": w.consultation_call.pk},
        "staff:consultations_attendance_record": {"pk": w.consultation_call.pk,
                                                  "application_pk": w.consultation_attendee.pk},
        **{f"staff:consultations_{name}": {"pk": opened} for name in (
            "detail", "schedule", "open", "close", "extend", "version", "offline",
            "moderate_bulk", "answer_bulk", "group", "report_generate", "report_review",
            "report_publish", "link_outcome")},
        "staff:consultations_moderate": {"pk": opened, "comment_pk": w.consultation_comment.pk},
        "staff:consultations_answer": {"pk": opened, "comment_pk": w.consultation_comment.pk},
    }


def _fill(world: Any, key: str, url: str) -> str:
    objects = getattr(world, "objects", {})
    if "consultation_open" not in objects:
        return url
    consultation = (objects["consultation_reported"] if key.endswith("/report")
                    and key.startswith("GET") else objects["consultation_open"])
    return (url.replace("{int:consultation_id}", str(consultation.pk))
            .replace("{int:decision_id}", str(objects["consultation_decision"].pk))
            .replace("{int:comment_id}", str(objects["consultation_comment"].pk)))


def _bodies(world: Any) -> dict[str, Any]:
    """Bodies that pass the schema, so the permission check is what answers."""
    import datetime as dt

    later = (dt.date.today() + dt.timedelta(days=60)).isoformat()
    return {
        "POST /staff/consultations": {"agency": world.agency.slug, "kind": "other",
                                      "title": "矩阵测试接口新建", "text": "第一条 甲。"},
        "POST /staff/consultations/{int:consultation_id}/schedule":
            {"opens_on": dt.date.today().isoformat(), "closes_on": later},
        "POST /staff/consultations/{int:consultation_id}/extend":
            {"closes_on": later, "notice": "矩阵测试延期"},
        "POST /staff/comments/{int:comment_id}/moderate": {"publish": True},
        "POST /staff/comments/{int:comment_id}/answer": {"disposition": "adopted",
                                                         "answer": "矩阵测试"},
        "POST /staff/consultations/{int:consultation_id}/answers":
            {"disposition": "adopted", "comment_ids": [world.consultation_comment.pk]},
    }


def _teach_api_calls() -> None:
    import tests.security.test_access_matrix as matrix

    if getattr(matrix, "_consultations_taught", False):
        return
    current = matrix._api_call

    def api_call(world: Any, key: str) -> tuple[str, Any, Any]:
        url, query, body = current(world, key)
        if key in API and "consultation_open" in getattr(world, "objects", {}):
            body = _bodies(world).get(key, body)
        return _fill(world, key, url), query, body

    matrix._api_call = api_call
    matrix._consultations_taught = True  # type: ignore[attr-defined]
