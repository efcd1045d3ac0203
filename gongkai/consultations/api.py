"""API of major decisions and consultations (/api/v1/): the public directory, consultations,
comments (submitted idempotently, read once published, answers once the report is out) and
the report; one staff endpoint per step, through the same services as the pages.

Errors: 422 with fields for bad input (nothing written), 409 for a step the consultation's
state does not allow (a comment after the closing moment included) or an idempotency key
reused with other content, 429 when rate-limited.
"""


import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from gongkai.api.auth import STAFF_AUTH
from gongkai.api.errors import ApiError, responses
from gongkai.api.pagination import PageNumber
from gongkai.consultations import limits, selectors, services
from gongkai.consultations.models import (
    AnswerTemplate,
    Comment,
    CommentGroup,
    Consultation,
    Decision,
    Disposition,
)
from gongkai.consultations.policies import ConsultationPolicy
from gongkai.core import intake
from gongkai.core.access import public_view
from gongkai.core.models import Agency
from gongkai.core.policies import PermissionDeniedError
from gongkai.core.selectors import agency_resolve

router = Router(tags=["consultations"])


def _run(action: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return action(*args, **kwargs)
    except ValidationError as exc:
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        first = next(iter(fields.values()), ["提交的内容有误。"])[0]
        raise ApiError(422, first, fields=fields) from exc


def _agency(code: str, *, required: bool = False) -> Agency | None:
    if not (code or "").strip():
        if required:
            raise ApiError(422, "请填写机构(组织机构代码或网址标识)。",
                           fields={"agency": ["请填写机构(组织机构代码或网址标识)。"]})
        return None
    agency = agency_resolve(code)
    if agency is None:
        message = f"没有组织机构代码或网址标识为“{code.strip()[:64]}”的机构。"
        raise ApiError(422, message, fields={"agency": [message]})
    return agency


# Schemas --------------------------------------------------------------------------------


class StageOut(Schema):
    stage: str
    label: str
    planned_on: dt.date | None
    done_on: dt.date | None
    note: str


class ConsultationDecisionOut(Schema):
    id: int
    agency: str
    year: int
    title: str
    department: str | None
    summary: str
    basis: str
    planned_on: dt.date | None
    current_stage: str
    stages: list[StageOut]
    consultations: list[int]


def _decision_out(d: Decision) -> dict[str, Any]:
    return {"id": d.pk, "agency": d.agency.slug, "year": d.year, "title": d.title,
            "department": d.department.name if d.department else None, "summary": d.summary,
            "basis": d.basis, "planned_on": d.planned_on, "current_stage": d.current_stage,
            "stages": [{"stage": s.stage, "label": str(s.get_stage_display()),
                        "planned_on": s.planned_on, "done_on": s.done_on, "note": s.note}
                       for s in d.stages.all()],
            "consultations": [c.pk for c in d.consultations.all()]}


class AnchorOut(Schema):
    key: str
    label: str
    text: str


class VersionOut(Schema):
    number: int
    created_at: dt.datetime
    note: str
    text: str
    anchors: list[AnchorOut]


class ConsultationOut(Schema):
    id: int
    agency: str
    kind: str
    kind_label: str
    status: str
    title: str
    summary: str
    explanation: str
    basis: str
    contact: str
    channels: str
    department: str | None
    decision: int | None
    opens_on: dt.date | None
    closes_on: dt.date | None
    days_left: int | None
    minimum_days: int | None = Field(None, description="该类草案最短征求意见期限的数量")
    minimum_unit: str | None = Field(None, description="calendar_days 或 working_days")
    minimum_citation: str | None
    period_reason: str
    versions: list[VersionOut]
    report_record: int | None


def _consultation_out(c: Consultation) -> dict[str, Any]:
    limit = limits.minimum_period(c.kind)
    report = getattr(c, "report", None) if c.status == "reported" else None
    return {"id": c.pk, "agency": c.agency.slug, "kind": c.kind, "kind_label": str(c.get_kind_display()),
            "status": c.status, "title": c.title, "summary": c.summary,
            "explanation": c.explanation, "basis": c.basis, "contact": c.contact,
            "channels": c.channels, "department": c.department.name if c.department else None,
            "decision": c.decision_id, "opens_on": c.opens_on, "closes_on": c.closes_on,
            "days_left": selectors.days_left(c),
            "minimum_days": limit.amount if limit else None,
            "minimum_unit": str(limit.unit) if limit else None,
            "minimum_citation": limit.citation if limit else None,
            "period_reason": c.period_reason,
            "versions": [{"number": v.number, "created_at": v.created_at, "note": v.note,
                          "text": v.text,
                          "anchors": [{"key": a["key"], "label": a["label"], "text": a["text"]}
                                      for a in v.anchors]}
                         for v in selectors.versions(c)],
            "report_record": report.record_id if report else None}


class ConsultationCommentIn(Schema):
    text: str = Field("", description=f"意见内容(必填,不超过{limits.MAX_COMMENT}字)")
    anchor: str = Field("", description="针对的条款标识(如 a3、a2p2),不填为草案整体")
    display_name: str = Field("", description="公开显示的名称,不填显示为“匿名”")
    email: str = Field("", description="电子邮箱(不公开;采纳情况公布时通知)")
    idempotency_key: str = Field("", max_length=100, description="幂等键;也可用请求头 Idempotency-Key")


class TrackingOut(Schema):
    tracking_code: str | None = Field(None, description="意见查询码;同一幂等键 24 小时后重放时为 null")
    comment: str
    moderation: str


class PublicCommentOut(Schema):
    comment: str
    anchor: str
    anchor_label: str
    display_name: str
    channel: str
    received_on: dt.date
    text: str
    group: int | None
    disposition: str | None
    answer: str | None


class ConsultationReportOut(Schema):
    consultation: int
    status: str
    published_at: dt.datetime | None
    record: int | None
    summary: str
    figures: dict[str, Any]
    body: str


# Public ---------------------------------------------------------------------------------


@router.get("/decisions", response=list[ConsultationDecisionOut], auth=None,
            summary="重大行政决策事项目录(按机构、年度)")
@paginate(PageNumber)
@public_view
def decision_list(request, agency: str = "", year: int | None = None):
    found = _agency(agency)
    rows = (selectors.decisions_public(found, year) if found is not None else
            Decision.objects.filter(**({"year": year} if year else {})).select_related(
                "agency", "department").prefetch_related("stages", "consultations"))
    return [_decision_out(d) for d in rows.select_related("agency").order_by("-year", "sort_order", "id")]


@router.get("/decisions/{int:decision_id}", response=ConsultationDecisionOut, auth=None,
            summary="决策事项及其程序环节")
@public_view
def decision_detail(request, decision_id: int):
    found = Decision.objects.select_related("agency", "department").filter(pk=decision_id).first()
    if found is None:
        raise Http404
    return _decision_out(found)


@router.get("/consultations", response=list[ConsultationOut], auth=None,
            summary="征求意见(status: open、closed、reported)")
@paginate(PageNumber)
@public_view
def consultation_list(request, agency: str = "",
                      status: Literal["", "open", "closed", "reported"] = ""):
    return [_consultation_out(c) for c in selectors.consultations_public(_agency(agency), status)]


def _public(consultation_id: int) -> Consultation:
    found = selectors.consultations_public().filter(pk=consultation_id).first()
    if found is None:
        raise Http404
    return found


@router.get("/consultations/{int:consultation_id}", response=ConsultationOut, auth=None,
            summary="征求意见详情(草案各版本、期限、条款标识)")
@public_view
def consultation_detail(request, consultation_id: int):
    return _consultation_out(_public(consultation_id))


@router.post("/consultations/{int:consultation_id}/comments", auth=None,
             response={200: TrackingOut, 201: TrackingOut, **responses(409, 429)},
             summary="提交意见(无需登录;幂等)")
@public_view
@intake.api_rate_limit("consultations.comment")
def comment_submit(request, consultation_id: int, payload: ConsultationCommentIn):
    consultation = _public(consultation_id)
    key = request.headers.get("Idempotency-Key", "") or payload.idempotency_key
    user = request.user if getattr(request.user, "is_authenticated", False) else None
    result = _run(services.comment_submit, consultation=consultation, text=payload.text,
                  anchor=payload.anchor, display_name=payload.display_name,
                  email=payload.email, user=user, idempotency_key=key)
    body = {"tracking_code": result.tracking_code, "comment": result.comment.case_number,
            "moderation": result.comment.moderation}
    return Status(201 if result.created else 200, body)


class CommentPage(PageNumber):
    """Pages the queryset first, then shapes only the page's rows."""

    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        answers = getattr(request, "_consultation_answers_public", False)
        page["results"] = [
            {"comment": c.case_number, "anchor": c.anchor, "anchor_label": c.anchor_label,
             "display_name": c.shown_name, "channel": c.channel, "received_on": c.received_on,
             "text": c.text, "group": c.group_id,
             "disposition": c.disposition if answers else None,
             "answer": c.answer if answers else None}
            for c in page["results"]]
        return page


@router.get("/consultations/{int:consultation_id}/comments", response=list[PublicCommentOut],
            auth=None, summary="已公开的意见(采纳情况公布后含答复)")
@paginate(CommentPage)
@public_view
def comment_list(request, consultation_id: int):
    consultation = _public(consultation_id)
    request._consultation_answers_public = selectors.answers_public(consultation)
    return selectors.public_comments(consultation)


@router.get("/consultations/{int:consultation_id}/report", response=ConsultationReportOut, auth=None,
            summary="意见采纳情况反馈")
@public_view
def report_detail(request, consultation_id: int):
    consultation = _public(consultation_id)
    report = getattr(consultation, "report", None)
    if consultation.status != "reported" or report is None:
        raise Http404
    return {"consultation": consultation.pk, "status": report.status,
            "published_at": report.published_at, "record": report.record_id,
            "summary": report.summary, "figures": report.figures, "body": report.body}


# Staff ----------------------------------------------------------------------------------


class StaffCommentOut(PublicCommentOut):
    id: int
    moderation: str
    hidden_reason: str
    email: str


class CreateIn(Schema):
    agency: str = Field("", description="机构的组织机构代码或网址标识")
    kind: str
    title: str
    text: str = Field(..., description="草案正文")
    decision: int | None = None
    summary: str = ""
    explanation: str = ""
    basis: str = ""
    contact: str = ""
    channels: str = ""


class ScheduleIn(Schema):
    opens_on: dt.date
    closes_on: dt.date
    period_reason: str = ""


class OpenIn(Schema):
    closes_on: dt.date | None = None
    period_reason: str = ""


class ConsultationExtendIn(Schema):
    closes_on: dt.date
    notice: str


class ModerateIn(Schema):
    publish: bool
    reason: str = ""


class AnswerIn(Schema):
    disposition: Literal["adopted", "partly", "not_adopted", "not_applicable"]
    answer: str = ""


class BulkAnswerIn(AnswerIn):
    comment_ids: list[int] | None = None
    group: int | None = None
    article: str = ""
    template: int | None = None


class ConsultationCountOut(Schema):
    count: int


def _staff_consultation(request, consultation_id: int) -> Consultation:
    if not ConsultationPolicy.may_edit_any(request.auth):
        raise PermissionDeniedError
    found = selectors.consultation_for_staff(request.auth, consultation_id)
    if found is None:
        raise Http404
    return found


def _staff_comment(request, comment_id: int) -> Comment:
    found = Comment.objects.select_related("consultation").filter(pk=comment_id).first()
    if found is None or selectors.consultation_for_staff(request.auth, found.consultation_id) is None:
        if not ConsultationPolicy.may_edit_any(request.auth):
            raise PermissionDeniedError
        raise Http404
    return found


STEP = {200: ConsultationOut, **responses(409)}


@router.post("/staff/consultations", response={201: ConsultationOut}, auth=STAFF_AUTH,
             summary="新建征求意见(草稿)")
def staff_create(request, payload: CreateIn):
    if not ConsultationPolicy.may_edit_any(request.auth):
        raise PermissionDeniedError
    agency = _agency(payload.agency, required=True)
    decision = None
    if payload.decision is not None:
        decision = Decision.objects.filter(pk=payload.decision, agency=agency).first()
        if decision is None:
            raise ApiError(422, "没有这个决策事项。", fields={"decision": ["没有这个决策事项。"]})
    c = _run(services.consultation_create, actor=request.auth, agency=agency, kind=payload.kind,
             title=payload.title, text=payload.text, decision=decision, summary=payload.summary,
             explanation=payload.explanation, basis=payload.basis, contact=payload.contact,
             channels=payload.channels)
    return Status(201, _consultation_out(c))


@router.post("/staff/consultations/{int:consultation_id}/schedule", response=STEP,
             auth=STAFF_AUTH, summary="安排发布(期限短于规定须说明理由)")
def staff_schedule(request, consultation_id: int, payload: ScheduleIn):
    c = _run(services.consultation_schedule, actor=request.auth,
             consultation=_staff_consultation(request, consultation_id), **payload.dict())
    return _consultation_out(c)


@router.post("/staff/consultations/{int:consultation_id}/open", response=STEP,
             auth=STAFF_AUTH, summary="开始征求意见")
def staff_open(request, consultation_id: int, payload: OpenIn):
    c = _run(services.consultation_open, actor=request.auth,
             consultation=_staff_consultation(request, consultation_id), **payload.dict())
    return _consultation_out(c)


@router.post("/staff/consultations/{int:consultation_id}/extend", response=STEP,
             auth=STAFF_AUTH, summary="延长期限(公开延期公告)")
def staff_extend(request, consultation_id: int, payload: ConsultationExtendIn):
    c = _run(services.consultation_extend, actor=request.auth,
             consultation=_staff_consultation(request, consultation_id), **payload.dict())
    return _consultation_out(c)


@router.post("/staff/consultations/{int:consultation_id}/close", response=STEP,
             auth=STAFF_AUTH, summary="结束征求意见(期限届满后)")
def staff_close(request, consultation_id: int):
    c = _run(services.consultation_close, actor=request.auth,
             consultation=_staff_consultation(request, consultation_id))
    return _consultation_out(c)


@router.get("/staff/consultations/{int:consultation_id}/comments",
            response=list[StaffCommentOut], auth=STAFF_AUTH, summary="全部意见(含待审核)")
@paginate(PageNumber)
def staff_comments(request, consultation_id: int,
                   moderation: Literal["", "pending", "published", "hidden"] = ""):
    c = _staff_consultation(request, consultation_id)
    return [{"id": x.pk, "comment": x.case_number, "anchor": x.anchor,
             "anchor_label": x.anchor_label, "display_name": x.shown_name, "channel": x.channel,
             "received_on": x.received_on, "text": x.text, "group": x.group_id,
             "disposition": x.disposition, "answer": x.answer, "moderation": x.moderation,
             "hidden_reason": x.hidden_reason, "email": x.email}
            for x in selectors.staff_comments(c, moderation=moderation)]


@router.post("/staff/comments/{int:comment_id}/moderate",
             response={200: ConsultationCountOut, **responses(409)},
             auth=STAFF_AUTH, summary="审核意见(不予公开须说明理由,提交人可见)")
def staff_moderate(request, comment_id: int, payload: ModerateIn):
    _run(services.comment_moderate, actor=request.auth,
         comment=_staff_comment(request, comment_id), **payload.dict())
    return {"count": 1}


@router.post("/staff/comments/{int:comment_id}/answer",
             response={200: ConsultationCountOut, **responses(409)},
             auth=STAFF_AUTH, summary="答复一条意见(采纳情况公布时公开)")
def staff_answer(request, comment_id: int, payload: AnswerIn):
    _run(services.comment_answer, actor=request.auth,
         comment=_staff_comment(request, comment_id), **payload.dict())
    return {"count": 1}


@router.post("/staff/consultations/{int:consultation_id}/answers",
             response={200: ConsultationCountOut, **responses(409)}, auth=STAFF_AUTH,
             summary="批量答复(勾选、相似意见组或某一条;可用答复模板)")
def staff_answer_bulk(request, consultation_id: int, payload: BulkAnswerIn):
    c = _staff_consultation(request, consultation_id)
    group = (CommentGroup.objects.filter(consultation=c, pk=payload.group).first()
             if payload.group else None)
    template = (AnswerTemplate.objects.filter(agency=c.agency_id, pk=payload.template).first()
                if payload.template else None)
    if (payload.group and group is None) or (payload.template and template is None):
        raise ApiError(422, "没有这个意见组或模板。", fields={"group": ["没有这个意见组或模板。"]})
    n = _run(services.comments_answer_bulk, actor=request.auth, consultation=c,
             disposition=payload.disposition, answer=payload.answer, template=template,
             comment_ids=payload.comment_ids, group=group, article=payload.article)
    return {"count": n}


@router.post("/staff/consultations/{int:consultation_id}/group",
             response={200: ConsultationCountOut, **responses(409)},
             auth=STAFF_AUTH, summary="归并相同或相近的意见")
def staff_group(request, consultation_id: int):
    return {"count": _run(services.comments_group, actor=request.auth,
                          consultation=_staff_consultation(request, consultation_id))}


class ConsultationReportIn(Schema):
    summary: str = ""


@router.post("/staff/consultations/{int:consultation_id}/report/generate",
             response={200: ConsultationReportOut, **responses(409)}, auth=STAFF_AUTH,
             summary="生成意见采纳情况报告")
def staff_report_generate(request, consultation_id: int, payload: ConsultationReportIn):
    r = _run(services.report_generate, actor=request.auth,
             consultation=_staff_consultation(request, consultation_id), summary=payload.summary)
    return _report_out(r)


def _report_out(r: Any) -> dict[str, Any]:
    return {"consultation": r.consultation_id, "status": r.status, "published_at": r.published_at,
            "record": r.record_id, "summary": r.summary, "figures": r.figures, "body": r.body}


def _staff_report(request, consultation_id: int) -> Any:
    c = _staff_consultation(request, consultation_id)
    if not ConsultationPolicy.can_approve(request.auth, c):
        raise PermissionDeniedError
    report = getattr(c, "report", None)
    if report is None:
        raise ApiError(409, "尚未生成意见采纳情况报告。", code="invalid_transition")
    return report


@router.post("/staff/consultations/{int:consultation_id}/report/review",
             response={200: ConsultationReportOut, **responses(409)}, auth=STAFF_AUTH,
             summary="审核意见采纳情况报告(处室负责人或机构管理员)")
def staff_report_review(request, consultation_id: int):
    return _report_out(_run(services.report_review, actor=request.auth,
                            report=_staff_report(request, consultation_id)))


@router.post("/staff/consultations/{int:consultation_id}/report/publish",
             response={200: ConsultationReportOut, **responses(409)}, auth=STAFF_AUTH,
             summary="发布意见采纳情况(经公开目录发布,全部答复同时公开)")
def staff_report_publish(request, consultation_id: int):
    return _report_out(_run(services.report_publish, actor=request.auth,
                            report=_staff_report(request, consultation_id)))


__all__ = ["router", "Disposition"]
