"""API of disclosure applications: the public form and status view, and one staff
endpoint per step, all through the same services as the pages.

Public endpoints show no personal data and answer a wrong access code exactly like an
unknown case number. Errors: 422 with fields for bad input (nothing written), 409 for a
step not allowed in the case's state (or an idempotency key reused with other content),
429 when rate-limited.
"""

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from gongkai.api.auth import STAFF_AUTH
from gongkai.api.errors import ApiError, responses
from gongkai.api.pagination import PageNumber
from gongkai.applications import selectors, services, timelimits
from gongkai.applications.models import Application
from gongkai.applications.policies import ApplicationPolicy, has_any
from gongkai.core import intake
from gongkai.core.access import public_view
from gongkai.core.models import Agency, Department, User
from gongkai.core.policies import PermissionDeniedError
from gongkai.core.selectors import agency_resolve

router = Router(tags=["applications"])

ChannelCode = Literal["online", "in_person", "post", "ordinary_mail", "fax"]

# Service field → API field, so that errors name what the client sent.
FIELD_NAMES = {
    "applicant_type": "applicant.type", "organisation_category": "applicant.category",
    "applicant_name": "applicant.name", "id_type": "applicant.id_type",
    "id_number": "applicant.id_number", "credit_code": "applicant.credit_code",
    "contact_name": "applicant.contact", "phone": "applicant.phone",
    "email": "applicant.email", "address": "applicant.address",
    "postcode": "applicant.postcode",
}


# The applicant and request fields are plain strings here: what they must contain (and
# which are required for which applicant type and receipt method) is checked in one place,
# ``services._clean_fields``, whose Chinese errors come back field by field (422).
_MAX = services.FIELD_MAX_LENGTH


class ApplicantIn(Schema):
    type: str = Field("", description="申请人类型:natural_person(自然人)或 organisation(法人或其他组织)")
    category: str = Field("", description="组织类别(法人或其他组织必填):commercial、research、"
                                          "public_interest、legal_service、other")
    name: str = Field("", description=f"姓名或名称(必填,不超过{_MAX['applicant_name']}字)")
    id_type: str = Field("", description="证件类型(自然人),默认 resident_id(居民身份证);"
                                         "passport、hk_macao_permit、taiwan_permit、"
                                         "foreign_permanent_residence、other")
    id_number: str = Field("", description="证件号码(自然人必填)")
    credit_code: str = Field("", description="统一社会信用代码(组织必填)")
    contact: str = Field("", description="联系人(组织必填)")
    phone: str = ""
    email: str = Field("", description="电子邮箱(以电子邮件获取时必填)")
    address: str = Field("", description="通信地址(邮寄获取时必填)")
    postcode: str = ""


class ApplicationIn(Schema):
    agency: str = Field("", description="受理机构的组织机构代码(或网址标识),必填")
    applicant: ApplicantIn | None = None
    description: str = Field("", description=f"所需信息的内容描述(必填,不超过{services.MAX_DESCRIPTION}字)")
    document_number: str = ""
    purpose: str = ""
    delivery_form: str = Field("", description="提供形式:paper、electronic(默认)、inspection")
    receipt_method: str = Field("", description="获取方式:email、post、collection;不填时有电子邮箱"
                                                "的为 email,否则有通信地址的为 post")
    idempotency_key: str = Field("", max_length=100,
                                 description="幂等键;也可用请求头 Idempotency-Key")


class StaffApplicationIn(ApplicationIn):
    channel: ChannelCode
    received_on: dt.date = Field(..., description="收到申请之日(条例第三十一条)")
    arrived_on: dt.date | None = Field(None, description="平常信函的到达日期")
    department: str | None = Field(None, description="承办处室名称")


class SubmittedOut(Schema):
    case_number: str
    access_code: str | None
    status: str
    received_on: dt.date
    due_on: dt.date
    due_on_provisional: bool


class ClockStepOut(Schema):
    kind: str
    text: str
    on: str
    working_days: int
    provisional: bool


class NoticeOut(Schema):
    kind: str
    title: str
    created_at: dt.datetime
    sent_at: dt.datetime | None


class PublicStatusOut(Schema):
    case_number: str
    agency: str
    status: str
    status_label: str
    step: str
    received_on: dt.date
    due_on: dt.date | None
    due_on_provisional: bool
    clock: list[ClockStepOut]
    working_days_elapsed: int
    working_days_left: int
    reply_type: str
    replied_on: dt.date | None
    notices: list[NoticeOut]


class CaseOut(Schema):
    id: int
    case_number: str
    agency: str
    department: str | None
    status: str
    channel: str
    received_on: dt.date
    clock_start_on: dt.date
    due_on: dt.date
    due_on_provisional: bool
    working_days_left: int
    clock: list[ClockStepOut]
    applicant_type: str
    organisation_category: str
    applicant_name: str
    id_number: str
    assignee: str | None
    reply_type: str
    reply_type_reason: str
    replied_on: dt.date | None
    is_repeated: bool
    similar_count: int


class StaffCreatedOut(CaseOut):
    access_code: str | None


class AssignIn(Schema):
    department: str | None = None
    assignee: str | None = Field(None, description="经办人用户名")
    comment: str = ""


class CorrectionIn(Schema):
    what_to_correct: str = Field(..., min_length=1, max_length=4000)
    requested_on: dt.date | None = None
    reply_by: dt.date | None = None


class CorrectionReceivedIn(Schema):
    received_on: dt.date
    corrected_description: str = Field("", max_length=services.MAX_DESCRIPTION)


class ThirdPartyConsultationIn(Schema):
    kind: Literal["third_party", "other_agency"] = "third_party"
    party_name: str = Field(..., min_length=1, max_length=200)
    party_address: str = Field("", max_length=300)
    started_on: dt.date | None = None


class ThirdPartyConsultationEndIn(Schema):
    ended_on: dt.date | None = None
    response: str = ""
    consented: bool | None = None


class ExtensionIn(Schema):
    working_days: int = Field(..., ge=1, le=timelimits.EXTENSION_MAX_WORKING_DAYS)
    reason: str = Field(..., min_length=1, max_length=2000)


class DecisionIn(Schema):
    note: str = ""


class FeeIn(Schema):
    method: Literal["per_request", "per_volume"]
    quantity: int | None = Field(None, ge=1)


class FeePaidIn(Schema):
    paid_on: dt.date | None = None


class WithheldIn(Schema):
    description: str = Field(..., min_length=1, max_length=300)
    reason: str
    legal_basis: str = ""


class ReplyIn(Schema):
    reply_type: str = Field(..., description="答复类型代码,见 reply_types.py")
    reply_type_reason: str = ""
    reply_text: str = ""
    legal_basis: str = ""
    replied_on: dt.date | None = None
    records: list[int] = Field(default_factory=list, description="关联的政府信息 id")
    withheld: list[WithheldIn] = Field(default_factory=list)


class ReplyDraftIn(Schema):
    reply_type: str = Field(..., description="答复类型代码,见 reply_types.py")
    reply_type_reason: str = ""
    reply_text: str = ""
    legal_basis: str = ""
    records: list[int] = Field(default_factory=list, description="关联的政府信息 id")
    withheld: list[WithheldIn] = Field(default_factory=list)


class ReplyReviewDecisionIn(Schema):
    comment: str = Field("", max_length=4000, description="审核意见(退回时必填)")


class ReasonIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000)


class NoteIn(Schema):
    text: str = Field(..., min_length=1, max_length=4000)


class AccessIn(Schema):
    access_code: str = Field(..., min_length=1, max_length=40)
    reason: str = ""


# A staff step answers with the case, or 409 when the case's state does not allow it.
STEP_OUT = {200: CaseOut, **responses(409)}


# Helpers --------------------------------------------------------------------------------


def _bad(field: str, message: str):
    raise ApiError(422, message, fields={field: [message]})


def _run(action, *args, **kwargs):
    """A service's ValidationError as 422 naming the fields the client sent. (An invalid
    transition and a reused idempotency key are 409 for every app: api/errors.py.)"""
    try:
        return action(*args, **kwargs)
    except ValidationError as exc:
        raw = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        fields = {FIELD_NAMES.get(k, k): v for k, v in raw.items()}
        first = next(iter(fields.values()), ["提交的内容有误。"])[0]
        raise ApiError(422, first, fields=fields) from exc


def _agency(code: str) -> Agency:
    code = (code or "").strip()
    if not code:
        message = "请填写受理机构(组织机构代码或网址标识)。"
        raise ApiError(422, message, fields={"agency": [message]})
    agency = agency_resolve(code)
    if agency is None:
        message = f"没有组织机构代码或网址标识为“{(code or '').strip()}”的机构。"
        raise ApiError(422, message, fields={"agency": [message]})
    return agency


def _applicant_fields(applicant: ApplicantIn) -> dict:
    """As sent; the service keeps the fields of the applicant's type and checks them."""
    return {
        "applicant_type": applicant.type, "applicant_name": applicant.name,
        "id_type": applicant.id_type, "id_number": applicant.id_number,
        "organisation_category": applicant.category, "credit_code": applicant.credit_code,
        "contact_name": applicant.contact, "phone": applicant.phone, "email": applicant.email,
        "address": applicant.address, "postcode": applicant.postcode,
    }


def _request_fields(payload: ApplicationIn) -> dict:
    fields = _applicant_fields(payload.applicant or ApplicantIn.model_validate({}))
    fields.update(description=payload.description, document_number=payload.document_number,
                  purpose=payload.purpose, delivery_form=payload.delivery_form,
                  receipt_method=payload.receipt_method)
    return fields


def _access_code(request, code: str = "") -> str:
    return request.headers.get("X-Access-Code", "") or code


def _clock(application: Application) -> list[dict]:
    return [{"kind": s.get("kind", ""), "text": s.get("text", ""), "on": s.get("on", ""),
             "working_days": int(s.get("working_days", 0)),
             "provisional": bool(s.get("provisional", False))}
            for s in application.clock_steps]


def _case_out(application: Application, *, masked: bool = False) -> dict:
    left = timelimits.working_days_left_many([application.due_on])[0]
    if application.closed_on:
        left = timelimits.elapsed_and_left(application)[1]
    if masked:
        shown = selectors.masked_applicant(application)
        name, number = shown.name, shown.id_number
    else:
        name = application.applicant_name
        number = application.id_number or application.credit_code
    return {
        "id": application.pk, "case_number": application.case_number,
        "agency": application.agency.organisation_code,
        "department": application.department.name if application.department else None,
        "status": application.status, "channel": application.channel,
        "received_on": application.received_on, "clock_start_on": application.clock_start_on,
        "due_on": application.due_on, "due_on_provisional": application.due_on_provisional,
        "working_days_left": left, "clock": _clock(application),
        "applicant_type": application.applicant_type,
        "organisation_category": application.organisation_category,
        "applicant_name": name, "id_number": number,
        "assignee": application.assignee.username if application.assignee else None,
        "reply_type": application.reply_type, "reply_type_reason": application.reply_type_reason,
        "replied_on": application.replied_on, "is_repeated": application.is_repeated,
        "similar_count": application.similar_count,
    }


def _staff_case(request, application_id: int) -> Application:
    application = selectors.application_get(request.auth, application_id)
    if application is None:
        raise Http404
    return application


def _fresh(application: Application) -> dict:
    refreshed = Application.objects.select_related("agency", "department", "assignee").get(
        pk=application.pk)
    return _case_out(refreshed)


# Public ---------------------------------------------------------------------------------


@router.post("/applications", auth=None,
             response={200: SubmittedOut, 201: SubmittedOut, **responses(409, 429)},
             summary="提交政府信息公开申请(网上申请)")
@public_view
@intake.api_rate_limit("applications.submit")
def application_submit(request, payload: ApplicationIn):
    agency = _agency(payload.agency)
    key = request.headers.get("Idempotency-Key", "") or payload.idempotency_key
    result = _run(services.submit_online, agency=agency, idempotency_key=key,
                  **_request_fields(payload))
    application = result.application
    body = {"case_number": application.case_number, "access_code": result.access_code,
            "status": application.status, "received_on": application.received_on,
            "due_on": application.due_on, "due_on_provisional": application.due_on_provisional}
    return Status(201 if result.created else 200, body)


NOT_FOUND = "未找到与申请编号和查询码匹配的申请。"


def _public_case(request, case_number: str, code: str) -> Application:
    """The kit's status look-up: rate-limited (429), and 404 alike for a wrong code and an
    unknown case."""
    application = intake.status_lookup(request, selectors.cases_for_applicant(), case_number,
                                       code, group="applications.status")
    if application is None:
        raise ApiError(404, NOT_FOUND)
    return application


@router.get("/applications/{case_number}", response={200: PublicStatusOut, **responses(429)},
            auth=None,
            summary="凭申请编号和查询码查询办理进度(查询码用请求头 X-Access-Code 或参数 access_code)")
@public_view
def application_status(request, case_number: str, access_code: str = ""):
    application = _public_case(request, case_number, _access_code(request, access_code))
    status = selectors.public_status(application)
    return {
        "case_number": status.case_number, "agency": status.agency_name,
        "status": status.status, "status_label": status.status_label, "step": status.step,
        "received_on": status.received_on, "due_on": status.due_on,
        "due_on_provisional": status.due_on_provisional, "clock": _clock(application),
        "working_days_elapsed": status.working_days_elapsed,
        "working_days_left": status.working_days_left, "reply_type": status.reply_type,
        "replied_on": status.replied_on,
        "notices": [{"kind": n.kind, "title": n.get_kind_display(), "created_at": n.created_at,
                     "sent_at": n.sent_at} for n in status.notices],
    }


@router.post("/applications/{case_number}/withdraw", auth=None,
             response={200: SubmittedOut, **responses(409, 429)},
             summary="申请人撤回申请(凭查询码)")
@public_view
def application_withdraw_public(request, case_number: str, payload: AccessIn):
    application = _public_case(request, case_number, _access_code(request, payload.access_code))
    application = _run(services.withdraw_by_applicant, case_number=application.case_number,
                       access_code=_access_code(request, payload.access_code),
                       reason=payload.reason)
    return {"case_number": application.case_number, "access_code": None,
            "status": application.status, "received_on": application.received_on,
            "due_on": application.due_on, "due_on_provisional": application.due_on_provisional}


# Staff ----------------------------------------------------------------------------------


class StaffPage(PageNumber):
    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page["results"] = [_case_out(a, masked=True) for a in page["results"]]
        return page


@router.get("/staff/applications", response=list[CaseOut], auth=STAFF_AUTH,
            summary="依申请公开工作队列(证件号码脱敏)")
@paginate(StaffPage)
def staff_list(request, queue: str = "open", agency: str = "", q: str = ""):
    # The same gate as the web queue: staff with no application role get 403, not [].
    if not has_any(ApplicationPolicy.agencies_visible(request.auth)):
        raise PermissionDeniedError
    if queue not in selectors.QUEUES:
        _bad("queue", f"队列应为 {', '.join(selectors.QUEUES)} 之一。")
    agency_id = _agency(agency).pk if agency else None
    return selectors.staff_queue(request.auth, queue, agency_id=agency_id, q=q)


@router.post("/staff/applications",
             response={200: StaffCreatedOut, 201: StaffCreatedOut, **responses(409)},
             auth=STAFF_AUTH, summary="登记申请(邮寄、平常信函、传真、当面)")
def staff_register(request, payload: StaffApplicationIn):
    agency = _agency(payload.agency)
    if not ApplicationPolicy.can_register(request.auth, agency):
        raise PermissionDeniedError
    department = None
    if payload.department:
        department = Department.objects.filter(agency=agency, name=payload.department).first()
        if department is None:
            _bad("department", "该机构没有这个处室。")
    key = request.headers.get("Idempotency-Key", "") or payload.idempotency_key
    result = _run(services.register, actor=request.auth, agency=agency,
                  channel=payload.channel, received_on=payload.received_on,
                  arrived_on=payload.arrived_on, department=department,
                  idempotency_key=key, **_request_fields(payload))
    body = {**_fresh(result.application), "access_code": result.access_code}
    return Status(201 if result.created else 200, body)


@router.get("/staff/applications/{int:application_id}", response=CaseOut, auth=STAFF_AUTH,
            summary="申请详情(本机构工作人员)")
def staff_detail(request, application_id: int):
    return _case_out(_staff_case(request, application_id))


@router.post("/staff/applications/{int:application_id}/assign", response=STEP_OUT,
             auth=STAFF_AUTH, summary="分办")
def staff_assign(request, application_id: int, payload: AssignIn):
    application = _staff_case(request, application_id)
    department = assignee = None
    if payload.department:
        department = Department.objects.filter(agency_id=application.agency_id,
                                               name=payload.department).first()
        if department is None:
            _bad("department", "该机构没有这个处室。")
    if payload.assignee:
        assignee = User.objects.filter(username=payload.assignee).first()
        if assignee is None:
            _bad("assignee", "没有该用户。")
    _run(services.assign, actor=request.auth, application=application, department=department,
         assignee=assignee, comment=payload.comment)
    return _fresh(application)


@router.post("/staff/applications/{int:application_id}/correction", response=STEP_OUT,
             auth=STAFF_AUTH, summary="告知补正(仅一次,收到申请后7个工作日内)")
def staff_correction(request, application_id: int, payload: CorrectionIn):
    application = _staff_case(request, application_id)
    _run(services.request_correction, actor=request.auth, application=application,
         what_to_correct=payload.what_to_correct, requested_on=payload.requested_on,
         reply_by=payload.reply_by)
    return _fresh(application)


@router.post("/staff/applications/{int:application_id}/correction/received", response=STEP_OUT,
             auth=STAFF_AUTH, summary="收到补正(答复期限重新起算)")
def staff_correction_received(request, application_id: int, payload: CorrectionReceivedIn):
    application = _staff_case(request, application_id)
    _run(services.receive_correction, actor=request.auth, application=application,
         received_on=payload.received_on, corrected_description=payload.corrected_description)
    return _fresh(application)


@router.post("/staff/applications/{int:application_id}/third-party-consultation", response=STEP_OUT,
             auth=STAFF_AUTH, summary="征求第三方或其他机关意见(期间不计入答复期限)")
def staff_third_party_consultation_start(request, application_id: int, payload: ThirdPartyConsultationIn):
    application = _staff_case(request, application_id)
    _run(services.third_party_consultation_start, actor=request.auth, application=application,
         kind=payload.kind, party_name=payload.party_name, party_address=payload.party_address,
         started_on=payload.started_on)
    return _fresh(application)


@router.post("/staff/applications/{int:application_id}/third-party-consultation/end", response=STEP_OUT,
             auth=STAFF_AUTH, summary="结束征求意见")
def staff_third_party_consultation_end(request, application_id: int, payload: ThirdPartyConsultationEndIn):
    application = _staff_case(request, application_id)
    _run(services.third_party_consultation_end, actor=request.auth, application=application,
         ended_on=payload.ended_on, response=payload.response, consented=payload.consented)
    return _fresh(application)


@router.post("/staff/applications/{int:application_id}/extension", response=STEP_OUT,
             auth=STAFF_AUTH, summary="申请延期(至多20个工作日,须负责人批准)")
def staff_extension(request, application_id: int, payload: ExtensionIn):
    application = _staff_case(request, application_id)
    _run(services.extension_request, actor=request.auth, application=application,
         working_days=payload.working_days, reason=payload.reason)
    return _fresh(application)


@router.post("/staff/applications/{int:application_id}/extension/approve", response=STEP_OUT,
             auth=STAFF_AUTH, summary="批准延期")
def staff_extension_approve(request, application_id: int, payload: DecisionIn):
    application = _staff_case(request, application_id)
    _run(services.extension_approve, actor=request.auth, application=application,
         note=payload.note)
    return _fresh(application)


@router.post("/staff/applications/{int:application_id}/extension/deny", response=STEP_OUT,
             auth=STAFF_AUTH, summary="不批准延期")
def staff_extension_deny(request, application_id: int, payload: DecisionIn):
    application = _staff_case(request, application_id)
    _run(services.extension_deny, actor=request.auth, application=application, note=payload.note)
    return _fresh(application)


@router.post("/staff/applications/{int:application_id}/fee", response=STEP_OUT,
             auth=STAFF_AUTH, summary="发出收费通知(国办函〔2020〕109号)")
def staff_fee(request, application_id: int, payload: FeeIn):
    application = _staff_case(request, application_id)
    _run(services.fee_issue, actor=request.auth, application=application,
         method=payload.method, quantity=payload.quantity)
    return _fresh(application)


@router.post("/staff/applications/{int:application_id}/fee/paid", response=STEP_OUT,
             auth=STAFF_AUTH, summary="确认已缴费")
def staff_fee_paid(request, application_id: int, payload: FeePaidIn):
    application = _staff_case(request, application_id)
    _run(services.fee_paid, actor=request.auth, application=application, paid_on=payload.paid_on)
    return _fresh(application)


def _reply_records(application: Application, ids: list[int]) -> list:
    from gongkai.catalogue.models import Record

    records = list(Record.objects.filter(pk__in=ids, agency_id=application.agency_id))
    if len(records) != len(set(ids)):
        _bad("records", "只能关联本机构的政府信息。")
    return records


@router.post("/staff/applications/{int:application_id}/reply", response=STEP_OUT,
             auth=STAFF_AUTH, summary="答复(条例第三十六条答复类型;须审核的类型答 409)")
def staff_reply(request, application_id: int, payload: ReplyIn):
    application = _staff_case(request, application_id)
    records = _reply_records(application, payload.records)
    _run(services.reply, actor=request.auth, application=application, reply_type=payload.reply_type,
         reply_type_reason=payload.reply_type_reason, reply_text=payload.reply_text,
         legal_basis=payload.legal_basis, replied_on=payload.replied_on, records=records,
         withheld=[services.WithheldPart(**w.dict()) for w in payload.withheld])
    return _fresh(application)


@router.post("/staff/applications/{int:application_id}/reply/submit-for-review", response=STEP_OUT,
             auth=STAFF_AUTH, summary="提交答复审核(审核期间答复期限照常计算)")
def staff_reply_submit_for_review(request, application_id: int, payload: ReplyDraftIn):
    application = _staff_case(request, application_id)
    records = _reply_records(application, payload.records)
    _run(services.reply_submit_for_review, actor=request.auth, application=application,
         reply_type=payload.reply_type, reply_type_reason=payload.reply_type_reason,
         reply_text=payload.reply_text,
         legal_basis=payload.legal_basis, records=records,
         withheld=[services.WithheldPart(**w.dict()) for w in payload.withheld])
    return _fresh(application)


@router.post("/staff/applications/{int:application_id}/reply/review/approve", response=STEP_OUT,
             auth=STAFF_AUTH, summary="审核通过并发出答复(处室负责人或公开办负责人)")
def staff_reply_review_approve(request, application_id: int, payload: ReplyReviewDecisionIn):
    application = _staff_case(request, application_id)
    _run(services.reply_review_approve, actor=request.auth, application=application,
         comment=payload.comment)
    return _fresh(application)


@router.post("/staff/applications/{int:application_id}/reply/review/return", response=STEP_OUT,
             auth=STAFF_AUTH, summary="退回答复(附审核意见)")
def staff_reply_review_return(request, application_id: int, payload: ReplyReviewDecisionIn):
    application = _staff_case(request, application_id)
    _run(services.reply_review_return, actor=request.auth, application=application,
         comment=payload.comment)
    return _fresh(application)


@router.post("/staff/applications/{int:application_id}/withdraw", response=STEP_OUT,
             auth=STAFF_AUTH, summary="登记申请人撤回")
def staff_withdraw(request, application_id: int, payload: ReasonIn):
    application = _staff_case(request, application_id)
    _run(services.withdraw, actor=request.auth, application=application, reason=payload.reason)
    return _fresh(application)


@router.post("/staff/applications/{int:application_id}/archive", response=STEP_OUT,
             auth=STAFF_AUTH, summary="归档")
def staff_archive(request, application_id: int):
    application = _staff_case(request, application_id)
    _run(services.archive, actor=request.auth, application=application)
    return _fresh(application)


@router.post("/staff/applications/{int:application_id}/notes", response={201: dict},
             auth=STAFF_AUTH, summary="内部备注")
def staff_note(request, application_id: int, payload: NoteIn):
    application = _staff_case(request, application_id)
    note = _run(services.note_add, actor=request.auth, application=application, text=payload.text)
    return Status(201, {"id": note.pk})
