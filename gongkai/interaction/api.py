"""API of the mailbox and the hotline connection.

Public: ``POST /messages`` (idempotent: the ``Idempotency-Key`` header or field),
``GET /messages/{tracking_code}`` (with the access code: header ``X-Access-Code`` or
``access_code``; a wrong code and an unknown number answer alike, 404), ``GET /messages``
(published exchanges only, without personal data).

Hotline (a token of an account with the agency administrator role):
``POST /hotline/orders`` takes one order or a batch in the Open311-like shape; good rows
are taken, each bad row reported; an order number already here answers 200 with the
existing order, never a second one. ``GET /hotline/replies?since=`` gives the answers.
"""


import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Body, Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from gongkai.api.auth import HOTLINE_AUTH
from gongkai.api.errors import ApiError, responses
from gongkai.api.pagination import PageNumber
from gongkai.core import intake
from gongkai.core.access import public_view
from gongkai.core.models import Agency
from gongkai.core.selectors import agency_resolve
from gongkai.interaction import hotline, services
from gongkai.interaction.models import Message, MessageStatus, Publication
from gongkai.interaction.policies import InteractionPolicy

router = Router(tags=["interaction"])
REPLY_PAGE_MAX = 2000


class MessageIn(Schema):
    agency: str = Field("", description="受理机构的组织机构代码或网址标识（必填）")
    type: str = Field("", description="consult（咨询）、complaint（投诉）、suggestion（建议）、help（求助）")
    subject: str = Field("", description="标题（默认10至25个字）")
    text: str = Field("", description="来信内容（默认不超过600字）")
    name: str = Field("", description="姓名（必填，不公开）")
    email: str = ""
    phone: str = ""
    reply_by_email: bool = Field(False, description="答复后发电子邮件通知（须填电子邮箱）")
    publish_consent: bool = Field(False, description="同意隐去个人信息后公开来信和答复")
    idempotency_key: str = Field("", max_length=100, description="幂等键；也可用请求头 Idempotency-Key")


class InteractionSubmittedOut(Schema):
    tracking_code: str
    access_code: str | None = Field(None, description="只在首次提交（及24小时内的重试）时返回")
    due_on: dt.date
    status: str


class StepOut(Schema):
    at: dt.datetime
    step: str


class StatusOut(Schema):
    tracking_code: str
    agency: str
    type: str
    subject: str
    status: str
    status_label: str
    received_at: dt.datetime
    due_on: dt.date
    answered_at: dt.datetime | None
    reply: str
    rating: str
    publication: str
    steps: list[StepOut]


class PublishedOut(Schema):
    tracking_code: str = Field(..., alias="case_number")
    agency: str
    type: str
    subject: str = Field(..., alias="published_subject")
    text: str = Field(..., alias="published_text")
    reply: str = Field(..., alias="published_reply")
    received_at: dt.datetime
    answered_at: dt.datetime | None
    due_on: dt.date
    answered_in_time: bool | None

    @staticmethod
    def resolve_agency(obj: Message) -> str:
        return obj.agency.organisation_code


class OrderOut(Schema):
    service_request_id: str
    case_number: str
    access_code: str = Field(..., description="来电人凭信件编号和此查询码在网站上查询进度")
    status: str
    due_on: dt.date
    created: bool


class InteractionRowErrorOut(Schema):
    row: int
    service_request_id: str
    errors: dict[str, str]


class BatchOut(Schema):
    created: int
    existing: int
    rejected: int
    orders: list[OrderOut]
    errors: list[InteractionRowErrorOut]


class InteractionReplyOut(Schema):
    service_request_id: str
    status: str
    status_notes: str
    service_name: str
    agency_responsible: str
    requested_datetime: str
    updated_datetime: str | None
    expected_datetime: str
    hotline: str
    case_number: str


def _agency(code: str) -> Agency:
    code = (code or "").strip()
    agency = agency_resolve(code) if code else None
    if agency is None:
        message = (f"没有组织机构代码或网址标识为“{code[:40]}”的机构。" if code
                   else "请填写受理机构（组织机构代码或网址标识）。")
        raise ApiError(422, message, fields={"agency": [message]})
    return agency


# Public ---------------------------------------------------------------------------------


@router.post("/messages", auth=None,
             response={200: InteractionSubmittedOut, 201: InteractionSubmittedOut, **responses(409, 429)},
             summary="写信（局长信箱：咨询、投诉、建议、求助）")
@public_view
@intake.api_rate_limit("interaction.submit")
def message_submit(request: HttpRequest, payload: MessageIn):
    agency = _agency(payload.agency)
    key = request.headers.get("Idempotency-Key", "") or payload.idempotency_key
    try:
        submission = services.message_submit(
            agency=agency, idempotency_key=key, type=payload.type, subject=payload.subject,
            text=payload.text, name=payload.name, email=payload.email, phone=payload.phone,
            reply_by_email=payload.reply_by_email, publish_consent=payload.publish_consent)
    except ValidationError as exc:
        fields = hotline.validation_fields(exc)
        raise ApiError(422, next(iter(fields.values()))[0], fields=fields) from exc
    message = submission.message
    return Status(201 if submission.created else 200, {
        "tracking_code": message.case_number, "access_code": submission.access_code,
        "due_on": message.due_on, "status": message.status})


NOT_FOUND = "未找到与信件编号和查询码匹配的来信。"


@router.get("/messages/{tracking_code}", auth=None, response={200: StatusOut, **responses(429)},
            summary="凭信件编号和查询码查看办理进度和答复（查询码用请求头 X-Access-Code 或参数 access_code）")
@public_view
def message_status(request: HttpRequest, tracking_code: str, access_code: str = ""):
    code = request.headers.get("X-Access-Code", "") or access_code
    message = intake.status_lookup(request, Message.objects.all(), tracking_code, code,
                                   group="interaction.status")
    if message is None:
        raise ApiError(404, NOT_FOUND)
    from gongkai.interaction.views import STEP_VERBS

    return {
        "tracking_code": message.case_number, "agency": message.agency.organisation_code,
        "type": message.type, "subject": message.subject, "status": message.status,
        "status_label": str(MessageStatus(message.status).label), "received_at": message.received_at,
        "due_on": message.due_on, "answered_at": message.answered_at, "reply": message.reply,
        "rating": message.rating, "publication": message.publication,
        "steps": [{"at": e.created_at, "step": STEP_VERBS[e.verb]}
                  for e in message.events.all() if e.verb in STEP_VERBS],
    }


@router.get("/messages", auth=None, response=list[PublishedOut],
            summary="公开的来信和答复（已隐去个人信息）")
@public_view
@paginate(PageNumber)
def message_list(request: HttpRequest, agency: str = "", published: bool = True):
    if not published:
        raise ApiError(422, "只能列出已公开的来信（published=true）。",
                       fields={"published": ["只能列出已公开的来信（published=true）。"]})
    queryset = Message.objects.filter(publication=Publication.APPROVED).select_related("agency")
    if agency:
        queryset = queryset.filter(agency=_agency(agency))
    return queryset.order_by("-published_at", "-id")


# Hotline ----------------------------------------------------------------------------------


def _hotline_user(request: HttpRequest) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    if not InteractionPolicy.may_exchange_hotline(user):
        raise ApiError(403, "只有热线对接账号或机构管理员可以交换热线工单。")
    return user


@router.post("/hotline/orders", auth=HOTLINE_AUTH, response={200: BatchOut, 201: BatchOut},
             summary="导入热线工单（一条或一批，Open311 格式，按 service_request_id 幂等）")
def hotline_orders(request: HttpRequest, payload: Any = Body(...)):  # noqa: B008
    user = _hotline_user(request)
    if isinstance(payload, dict):
        rows = payload.get("orders") or payload.get("service_requests") or [payload]
    elif isinstance(payload, list):
        rows = payload
    else:
        raise ApiError(422, "请求体应为一条工单（对象）或工单列表。")
    if not isinstance(rows, list):
        raise ApiError(422, "orders 应为工单列表。")
    result = hotline.import_orders(actor=user, rows=rows, source="api")
    orders = [{"service_request_id": m.external_id, "case_number": m.case_number,
               "access_code": hotline.order_access_code(m), "status": m.status,
               "due_on": m.due_on, "created": created}
              for created, group in ((True, result.created), (False, result.existing))
              for m in group]
    body = {"created": len(result.created), "existing": len(result.existing),
            "rejected": len(result.errors), "orders": orders, "errors": result.errors}
    return Status(201 if result.created else 200, body)


@router.get("/hotline/replies", auth=HOTLINE_AUTH, response=list[InteractionReplyOut],
            summary="热线工单的答复，按答复时间先后（Open311 格式）。取下一批时以上一批最后一条的 "
                    "updated_datetime 作为 since")
def hotline_replies(request: HttpRequest, since: dt.datetime | None = None,
                    limit: int = Query(500, ge=1, le=REPLY_PAGE_MAX)):  # noqa: B008
    user = _hotline_user(request)
    if since is not None and since.tzinfo is None:
        from django.utils import timezone

        since = timezone.make_aware(since)
    found = hotline.replies(agency_ids=InteractionPolicy.agencies_hotline(user), since=since)
    return [hotline.reply_row(m) for m in found[:limit]]

