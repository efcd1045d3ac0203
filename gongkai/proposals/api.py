"""API: published replies to suggestions and proposals (public), the yearly handling
figures (public) and one staff operation per handling step, each answering the proposal
with its ``due_on``. A staff proposal is addressed by agency, registration year and serial
(``/staff/proposals/sfj/2026/3``); a step the state does not allow is 409."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from gongkai.api.auth import STAFF_AUTH
from gongkai.api.errors import ApiError, responses
from gongkai.api.pagination import PageNumber
from gongkai.core.access import public_view
from gongkai.core.models import Agency, Department
from gongkai.core.policies import PermissionDeniedError
from gongkai.core.selectors import agency_resolve
from gongkai.proposals import selectors, services
from gongkai.proposals.models import Proposal, ProposalReply
from gongkai.proposals.policies import ProposalPolicy, may_handle_any
from gongkai.proposals.workflow import InvalidTransition

router = Router(tags=["proposals"])

FIRST_YEAR, LAST_YEAR = 2000, 9998


class PublicReplyOut(Schema):
    round: int
    outcome: str
    outcome_label: str
    replied_on: dt.date
    published_on: dt.date
    publish_mode: str
    text: str
    published_late: bool
    index_number: str


class PublicProposalOut(Schema):
    agency: str
    kind: str
    kind_label: str
    year: int
    session: str
    number: str
    proposers: str
    subject: str
    lead_department: str
    status: str
    replies: list[PublicReplyOut]


class ProposalReplyOut(Schema):
    round: int
    outcome: str
    due_on: dt.date
    replied_on: dt.date
    replied_late: bool
    satisfaction: str
    feedback_on: dt.date | None
    publish_mode: str
    publish_by: dt.date
    published_on: dt.date | None
    published_late: bool


class ProposalOut(Schema):
    id: int
    reference: str
    agency: str
    kind: str
    year: int
    serial: int
    session: str
    number: str
    proposers: str
    subject: str
    status: str
    registered_on: dt.date
    assigned_on: dt.date | None
    due_on: dt.date | None
    overdue: bool
    extension_months: int
    lead_department: str
    co_departments: list[str]
    replies: list[ProposalReplyOut]


class SummaryOut(Schema):
    year: int
    total: int
    by_kind: dict[str, int]
    by_status: dict[str, int]
    by_outcome: dict[str, int]
    by_satisfaction: dict[str, int]
    replied: int
    replied_on_time: int
    replied_late: int
    open_overdue: int
    published: int
    published_on_time: int
    published_late: int
    redo: int


# Required fields are checked by the services (after the permission check), so a refused
# caller learns nothing from a validation error: every field has a default here.
class RegisterIn(Schema):
    agency: str = Field("", description="组织机构代码或网址标识")
    kind: str = Field("", description="deputy_suggestion 人大代表建议 / cppcc_proposal 政协委员提案")
    session: str = Field("", max_length=100)
    number: str = Field("", max_length=40)
    proposers: str = Field("", max_length=300)
    subject: str = Field("", max_length=300)
    text: str = ""
    registered_on: dt.date | None = None


class ProposalAssignIn(Schema):
    lead_department: str = Field("", description="主办处室名称")
    co_departments: list[str] = []
    assigned_on: dt.date | None = None


class ProposalExtendIn(Schema):
    months: int = Field(0, ge=0, le=12)
    reason: str = Field("", max_length=300)


class ProposalReplyIn(Schema):
    outcome: str = Field("", description="A 已解决 / B 正在解决 / C 以后解决 / D 留作参考；必填")
    text: str = ""
    replied_on: dt.date | None = None
    publish_mode: Literal["full", "summary"] = "full"
    summary: str = ""
    summary_reason: str = Field("", max_length=300)


class FeedbackIn(Schema):
    satisfaction: str = Field("", description="satisfied / basically_satisfied / dissatisfied")
    feedback_on: dt.date | None = None


class RedoIn(Schema):
    started_on: dt.date | None = None


class CloseIn(Schema):
    closed_on: dt.date | None = None
    comment: str = Field("", max_length=300)


def _reply_public(reply: ProposalReply) -> dict[str, Any]:
    assert reply.published_on is not None
    return {"round": reply.round, "outcome": reply.outcome,
            "outcome_label": reply.get_outcome_display(), "replied_on": reply.replied_on,
            "published_on": reply.published_on, "publish_mode": reply.publish_mode,
            "text": reply.published_text, "published_late": reply.published_late,
            "index_number": getattr(reply.record, "index_number", "") or ""}


def _public_out(proposal: Proposal) -> dict[str, Any]:
    return {"agency": proposal.agency.slug, "kind": proposal.kind,
            "kind_label": proposal.get_kind_display(), "year": proposal.year,
            "session": proposal.session, "number": proposal.number,
            "proposers": proposal.proposers, "subject": proposal.subject,
            "lead_department": getattr(proposal.lead_department, "name", ""),
            "status": proposal.status,
            "replies": [_reply_public(r) for r in getattr(proposal, "public_replies", [])]}


def _out(proposal: Proposal) -> dict[str, Any]:
    proposal = Proposal.objects.select_related("agency", "lead_department").get(pk=proposal.pk)
    return {"id": proposal.pk, "reference": proposal.reference, "agency": proposal.agency.slug,
            "kind": proposal.kind, "year": proposal.year, "serial": proposal.serial,
            "session": proposal.session, "number": proposal.number,
            "proposers": proposal.proposers, "subject": proposal.subject,
            "status": proposal.status, "registered_on": proposal.registered_on,
            "assigned_on": proposal.assigned_on, "due_on": proposal.due_on,
            "overdue": selectors.is_overdue(proposal),
            "extension_months": proposal.extension_months,
            "lead_department": getattr(proposal.lead_department, "name", ""),
            "co_departments": [d.name for d in proposal.co_departments.all()],
            "replies": [{"round": r.round, "outcome": r.outcome, "due_on": r.due_on,
                         "replied_on": r.replied_on, "replied_late": r.replied_late,
                         "satisfaction": r.satisfaction, "feedback_on": r.feedback_on,
                         "publish_mode": r.publish_mode, "publish_by": r.publish_by,
                         "published_on": r.published_on, "published_late": r.published_late}
                        for r in proposal.replies.order_by("round")]}


def _agency(code: str, *, required: bool = True) -> Agency | None:
    code = (code or "").strip()
    if not code:
        if required:
            raise ApiError(422, "请填写机构（组织机构代码或网址标识）。",
                           fields={"agency": ["请填写机构（组织机构代码或网址标识）。"]})
        return None
    agency = agency_resolve(code)
    if agency is None:
        message = f"没有组织机构代码或网址标识为“{code}”的机构。"
        raise ApiError(422 if required else 404, message, fields={"agency": [message]})
    return agency


def _run(action: Any, **kwargs: Any) -> Any:
    try:
        return action(**kwargs)
    except ValidationError as exc:
        raw = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        first = next(iter(raw.values()), ["提交的内容有误。"])[0]
        raise ApiError(422, first, fields=raw) from exc


def _staff_proposal(request: Any, agency: str, year: int, number: int) -> Proposal:
    found = agency_resolve(agency)
    proposal = None if found is None else selectors.proposal_by_reference(
        agency_id=found.pk, year=year, serial=number)
    if proposal is None or not ProposalPolicy.can_handle(request.auth, proposal):
        raise ApiError(404, "没有这件建议提案。")
    return proposal


def _department(proposal: Proposal, name: str, field: str) -> Department:
    department = Department.objects.filter(agency_id=proposal.agency_id, name=name).first()
    if department is None:
        message = f"本机构没有名为“{name}”的处室。"
        raise ApiError(422, message, fields={field: [message]})
    return department


class PublicPage(PageNumber):
    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page["results"] = [_public_out(p) for p in page["results"]]
        return page


class StaffPage(PageNumber):
    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page["results"] = [_out(p) for p in page["results"]]
        return page


@router.get("/proposals", response=list[PublicProposalOut], auth=None,
            summary="建议提案办理结果（已公开的答复）")
@public_view
@paginate(PublicPage)
def proposal_list(request, agency: str = "", year: int | None = Query(None, ge=FIRST_YEAR,
                                                                       le=LAST_YEAR)):
    found = _agency(agency, required=False)
    return selectors.public_proposals(agency_id=found.pk if found else None, year=year)


@router.get("/proposals/summary/{agency}/{year}", response=SummaryOut, auth=None,
            summary="建议提案年度办理情况（按类别、办理结果、时效）")
@public_view
def proposal_summary(request, agency: str, year: int):
    found = agency_resolve(agency)
    if found is None:
        raise ApiError(404, "没有这个机构。")
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise ApiError(404, "没有该年度的数据。")
    return selectors.yearly_summary(agency_id=found.pk, year=year).as_dict()


@router.get("/staff/proposals", response=list[ProposalOut], auth=STAFF_AUTH,
            summary="建议提案办理队列（本机构）")
@paginate(StaffPage)
def staff_list(request, agency: str = "", status: str = "",
               year: int | None = Query(None, ge=FIRST_YEAR, le=LAST_YEAR)):
    if not may_handle_any(request.auth):
        raise PermissionDeniedError
    ids = ProposalPolicy.agencies_visible(request.auth)
    qs = selectors.staff_queue(agency_ids=ids, status=status, year=year)
    found = _agency(agency, required=False)
    return qs.filter(agency=found) if found else qs


@router.post("/staff/proposals", response={201: ProposalOut, **responses(409)},
             auth=STAFF_AUTH, summary="登记建议提案")
def staff_register(request, payload: RegisterIn):
    if not may_handle_any(request.auth):
        raise PermissionDeniedError
    agency = _agency(payload.agency)
    if not ProposalPolicy.can_register(request.auth, agency):
        raise PermissionDeniedError
    proposal = _run(services.proposal_register, actor=request.auth, agency=agency,
                    kind=payload.kind, number=payload.number, session=payload.session,
                    proposers=payload.proposers, subject=payload.subject, text=payload.text,
                    registered_on=payload.registered_on)
    return Status(201, _out(proposal))


STEP = {200: ProposalOut, **responses(409)}
PATH = "/staff/proposals/{agency}/{year}/{int:number}"


@router.get(PATH, response=ProposalOut, auth=STAFF_AUTH, summary="建议提案详情")
def staff_detail(request, agency: str, year: int, number: int):
    return _out(_staff_proposal(request, agency, year, number))


@router.post(PATH + "/assign", response=STEP, auth=STAFF_AUTH,
             summary="交办（主办、会办处室；办理期限自交办之日起3个月）")
def staff_assign(request, agency: str, year: int, number: int, payload: ProposalAssignIn):
    proposal = _staff_proposal(request, agency, year, number)
    if not ProposalPolicy.can_handle(request.auth, proposal):
        raise PermissionDeniedError
    lead = _department(proposal, payload.lead_department, "lead_department")
    co = [_department(proposal, name, "co_departments") for name in payload.co_departments]
    _run(services.proposal_assign, actor=request.auth, proposal=proposal, lead_department=lead,
         co_departments=co, assigned_on=payload.assigned_on)
    return _out(proposal)


@router.post(PATH + "/extension", response=STEP, auth=STAFF_AUTH,
             summary="批准延期（办理期限合计最长6个月）")
def staff_extend(request, agency: str, year: int, number: int, payload: ProposalExtendIn):
    proposal = _staff_proposal(request, agency, year, number)
    if not ProposalPolicy.can_approve_extension(request.auth, proposal):
        raise PermissionDeniedError
    _run(services.proposal_extend, actor=request.auth, proposal=proposal, months=payload.months,
         reason=payload.reason)
    return _out(proposal)


@router.post(PATH + "/reply", response=STEP, auth=STAFF_AUTH,
             summary="答复（必须填写办理结果 A/B/C/D；答复后20个工作日内公开）")
def staff_reply(request, agency: str, year: int, number: int, payload: ProposalReplyIn):
    proposal = _staff_proposal(request, agency, year, number)
    _run(services.proposal_reply, actor=request.auth, proposal=proposal, outcome=payload.outcome,
         text=payload.text, replied_on=payload.replied_on, summary=payload.summary,
         publish_mode=payload.publish_mode, summary_reason=payload.summary_reason)
    return _out(proposal)


@router.post(PATH + "/feedback", response=STEP, auth=STAFF_AUTH,
             summary="登记代表委员意见（满意、基本满意、不满意）")
def staff_feedback(request, agency: str, year: int, number: int, payload: FeedbackIn):
    proposal = _staff_proposal(request, agency, year, number)
    _run(services.proposal_feedback, actor=request.auth, proposal=proposal,
         satisfaction=payload.satisfaction, feedback_on=payload.feedback_on)
    return _out(proposal)


@router.post(PATH + "/redo", response=STEP, auth=STAFF_AUTH,
             summary="重新办理（3个月内再次答复）")
def staff_redo(request, agency: str, year: int, number: int, payload: RedoIn):
    proposal = _staff_proposal(request, agency, year, number)
    _run(services.proposal_redo, actor=request.auth, proposal=proposal,
         started_on=payload.started_on)
    return _out(proposal)


@router.post(PATH + "/close", response=STEP, auth=STAFF_AUTH, summary="办结")
def staff_close(request, agency: str, year: int, number: int, payload: CloseIn):
    proposal = _staff_proposal(request, agency, year, number)
    _run(services.proposal_close, actor=request.auth, proposal=proposal,
         closed_on=payload.closed_on, comment=payload.comment)
    return _out(proposal)


@router.post(PATH + "/publish", response=STEP, auth=STAFF_AUTH,
             summary="公开答复（删除联系方式，经保密检查后作为政府信息发布）")
def staff_publish(request, agency: str, year: int, number: int):
    proposal = _staff_proposal(request, agency, year, number)
    reply = proposal.replies.filter(published_on__isnull=True).order_by("round").first()
    if reply is None:
        raise InvalidTransition(proposal.status, "publish", "没有待公开的答复。")
    _run(services.reply_publish, actor=request.auth, reply=reply)
    return _out(proposal)


class CorrectIn(Schema):
    text: str = ""
    publish_mode: Literal["full", "summary"] = "full"
    summary: str = ""
    summary_reason: str = Field("", max_length=300)


@router.post(PATH + "/reply/correct", response=STEP, auth=STAFF_AUTH,
             summary="修改待公开的答复（如保密检查未通过；已公开的答复不能修改）")
def staff_reply_correct(request, agency: str, year: int, number: int, payload: CorrectIn):
    proposal = _staff_proposal(request, agency, year, number)
    reply = proposal.replies.filter(published_on__isnull=True).order_by("round").first()
    if reply is None:
        raise InvalidTransition(proposal.status, "correct", "没有待公开的答复。")
    _run(services.reply_correct, actor=request.auth, reply=reply, text=payload.text,
         summary=payload.summary, publish_mode=payload.publish_mode,
         summary_reason=payload.summary_reason)
    return _out(proposal)
