"""API of participation: read a survey, answer it, read its published results; list open
days and register for one (the answer carries the check-in code).

A survey or an open day is named by its agency (slug or organisation code) and its number
within the agency: ``/surveys/{agency}/{number}``, ``/events/{agency}/{number}``.
Errors: 404 for an unknown or unpublished object, 422 with fields for bad answers or
registrant details (nothing stored), 409 for a closed survey (``survey_closed``), a second
answer (``already_answered``), a second registration (``already_registered``) or a closed
registration, 429 when rate-limited. Past capacity a registration is accepted onto the
waitlist (``status: "waitlisted"``), never refused.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.urls import reverse
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from gongkai.api.errors import ApiError, responses
from gongkai.api.pagination import PageNumber
from gongkai.core import intake
from gongkai.core.access import public_view
from gongkai.core.links import absolute_url
from gongkai.core.models import Agency
from gongkai.core.selectors import agency_resolve
from gongkai.participation import selectors, services
from gongkai.participation.models import OpenDay, Survey

router = Router(tags=["participation"])


def _agency(value: str) -> Agency:
    agency = agency_resolve(value)
    if agency is None:
        raise ApiError(404, "未找到该机构。")
    return agency


def _run(fn: Callable[..., Any], **kwargs: Any) -> Any:
    try:
        return fn(**kwargs)
    except ValidationError as exc:
        fields = {k: list(v) for k, v in getattr(exc, "message_dict", {}).items()}
        raise ApiError(422, "提交的内容有误,请按字段提示修改。", code="invalid",
                       fields=fields) from None


# Surveys ------------------------------------------------------------------------------


class QuestionOut(Schema):
    id: int
    position: int
    kind: Literal["single", "multiple", "scale", "text", "matrix"]
    text: str
    help_text: str
    required: bool
    options: list[str] = Field(description="选项(单选、多选)或矩阵的列;答案用从 0 开始的序号")
    rows: list[str] = Field(description="矩阵题的行")
    scale_min: int | None
    scale_max: int | None
    show_if: int | None = Field(description="条件题:仅当题目 show_if 的答案包含 show_if_option 时作答")
    show_if_option: int | None


class SurveyOut(Schema):
    agency: str
    number: int
    title: str
    description: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    phase: Literal["scheduled", "open", "closed", "withdrawn"]
    anonymous: bool
    one_per_person: bool
    results_published: bool
    url: str
    questions: list[QuestionOut]


def _survey(agency: str, number: int) -> Survey:
    survey = selectors.survey_public(_agency(agency), number)
    if survey is None:
        raise ApiError(404, "未找到该调查。")
    return survey


def _survey_out(survey: Survey, agency: Agency) -> dict[str, Any]:
    return {
        "agency": agency.slug, "number": survey.number, "title": survey.title,
        "description": survey.description, "opens_at": survey.opens_at,
        "closes_at": survey.closes_at, "phase": survey.phase, "anonymous": survey.anonymous,
        "one_per_person": survey.one_per_person, "results_published": survey.results_published,
        "url": reverse("participation:survey", kwargs={"agency": agency.slug,
                                                       "number": survey.number}),
        "questions": [{
            "id": q.pk, "position": q.position, "kind": q.kind, "text": q.text,
            "help_text": q.help_text, "required": q.required, "options": q.options,
            "rows": q.rows, "scale_min": q.scale_min if q.kind == "scale" else None,
            "scale_max": q.scale_max if q.kind == "scale" else None, "show_if": q.show_if_id,
            "show_if_option": q.show_if_option} for q in survey.questions.all()],
    }


@router.get("/surveys/{agency}/{int:number}", auth=None, response=SurveyOut,
            summary="调查及其题目(agency:机构网址标识或组织机构代码;number:机构内调查编号)")
@public_view
def survey_get(request, agency: str, number: int):
    survey = _survey(agency, number)
    return _survey_out(survey, survey.agency)


class ResponseIn(Schema):
    answers: dict[str, Any] = Field(
        default_factory=dict,
        description="题目 id → 答案:单选和量表为整数,多选为整数数组,文字题为字符串,"
                    "矩阵题为 {行序号: 列序号};条件不满足的题目的答案会被忽略")
    name: str = Field("", description="实名调查必填")
    phone: str = ""
    email: str = ""
    idempotency_key: str = Field("", max_length=100, description="幂等键;也可用请求头 Idempotency-Key")
    confirm_email: str = Field("", description="每人限答一次的调查、未登录时必填:答卷在确认邮件中的"
                                               "链接被确认后才计入(只保存不可逆校验值)")


class ResponseOut(Schema):
    response_id: int | None = Field(description="答卷编号;等待邮件确认时为 null")
    created: bool
    confirmation_sent: bool = False


@router.post("/surveys/{agency}/{int:number}/responses", auth=None,
             response={201: ResponseOut, 200: ResponseOut, 202: ResponseOut, **responses(409, 429)},
             summary="提交答卷(调查不在作答时间内时 409 survey_closed,不保存;"
                     "每人限答一次且未登录时 202,待邮件确认)")
@public_view
@intake.api_rate_limit("participation.respond")
def response_submit(request, agency: str, number: int, payload: ResponseIn):
    survey = _survey(agency, number)
    user = request.user
    voter = f"user:{user.pk}" if getattr(user, "is_authenticated", False) else ""
    contact = {"name": payload.name, "phone": payload.phone, "email": payload.email}
    if survey.one_per_person and not voter and payload.confirm_email:
        def link(token: str) -> str:
            return absolute_url(reverse("participation:survey_confirm", kwargs={
                "agency": survey.agency.slug, "number": survey.number, "token": token}))

        _run(services.response_request_confirmation, survey=survey, answers=payload.answers,
             contact=contact, email=payload.confirm_email, confirm_url=link)
        return Status(202, {"response_id": None, "created": False, "confirmation_sent": True})
    response, created = _run(
        services.response_submit, survey=survey, answers=payload.answers,
        contact=contact, voter=voter,
        idempotency_key=request.headers.get("Idempotency-Key", "") or payload.idempotency_key)
    return Status(201 if created else 200, {"response_id": response.pk, "created": created})


class BarOut(Schema):
    label: str
    count: int
    share: float = Field(description="占作答人数的百分比")


class MatrixRowOut(Schema):
    row: str
    bars: list[BarOut]


class ResultOut(Schema):
    question_id: int
    position: int
    kind: str
    text: str
    answered: int
    mean: float | None
    bars: list[BarOut]
    matrix: list[MatrixRowOut]


class ResultsOut(Schema):
    agency: str
    number: int
    title: str
    responses: int
    summary: str
    results: list[ResultOut]


@router.get("/surveys/{agency}/{int:number}/results", auth=None, response=ResultsOut,
            summary="已公开的调查结果(只含工作人员选择公开的题目;未公开时 404)")
@public_view
def survey_results(request, agency: str, number: int):
    survey = _survey(agency, number)
    if not survey.results_published:
        raise ApiError(404, "该调查的结果尚未公开。")
    return {
        "agency": survey.agency.slug, "number": survey.number, "title": survey.title,
        "responses": selectors.response_count(survey), "summary": survey.results_summary,
        "results": [{
            "question_id": r.question.pk, "position": r.question.position,
            "kind": r.question.kind, "text": r.question.text, "answered": r.answered,
            "mean": r.mean, "bars": [b.__dict__ for b in r.bars],
            "matrix": [{"row": label, "bars": [b.__dict__ for b in bars]}
                       for label, bars in r.matrix]}
            for r in selectors.survey_results(survey, public_only=True)],
    }


# Open days ----------------------------------------------------------------------------


class EventOut(Schema):
    agency: str
    number: int
    kind: Literal["open_day", "open_week", "online"]
    theme: str
    description: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    online_url: str
    capacity: int
    places_left: int
    cancelled: bool
    registration_open: bool
    announced_at: dt.datetime | None
    record_summary: str = Field(description="活动纪实(活动结束后发布)")
    url: str


def _event_out(item: OpenDay) -> dict[str, Any]:
    return {
        "agency": item.agency.slug, "number": item.number, "kind": item.kind,
        "theme": item.theme, "description": item.description, "starts_at": item.starts_at,
        "ends_at": item.ends_at, "place": item.place, "online_url": item.online_url,
        "capacity": item.capacity, "places_left": selectors.places_left(item),
        "cancelled": item.status == "withdrawn",
        "registration_open": services.registration_open(item),
        "announced_at": item.announced_at,
        "record_summary": item.record_summary if item.record_published_at else "",
        "url": reverse("participation:open_day", kwargs={"agency": item.agency.slug,
                                                         "number": item.number}),
    }


@router.get("/events", auth=None, response={200: list[EventOut], **responses(404)},
            summary="政府开放日等活动(agency:机构网址标识或组织机构代码;不填为全部)")
@public_view
@paginate(PageNumber)
def event_list(request, agency: str = ""):
    found = _agency(agency) if agency else None
    return [_event_out(o) for o in selectors.open_days_public(found).order_by("-starts_at", "-id")]


class RegistrationIn(Schema):
    name: str = ""
    phone: str = Field("", description="电话和电子邮箱至少填一项")
    email: str = ""


class RegistrationOut(Schema):
    status: Literal["confirmed", "waitlisted"]
    waitlist_position: int = Field(description="候补位次(1 为下一位);正式报名为 0")
    checkin_code: str = Field(description="签到码(只返回这一次);取消报名也凭它")
    checkin_qr_svg: str
    checkin_qr_png: str


@router.post("/events/{agency}/{int:number}/registrations", auth=None,
             response={201: RegistrationOut, **responses(409, 429)},
             summary="报名参加活动(名额已满时进入候补;重复报名 409 already_registered)")
@public_view
@intake.api_rate_limit("participation.register")
def registration_create(request, agency: str, number: int, payload: RegistrationIn):
    found = _agency(agency)
    item = selectors.open_day_public(found, number)
    if item is None:
        raise ApiError(404, "未找到该活动。")
    result = _run(services.registration_create, open_day=item, name=payload.name,
                  phone=payload.phone, email=payload.email)
    qr = {fmt: reverse("participation:checkin_qr", kwargs={
        "agency": found.slug, "code": result.checkin_code, "fmt": fmt}) for fmt in ("svg", "png")}
    return Status(201, {
        "status": "waitlisted" if result.waitlisted else "confirmed",
        "waitlist_position": result.position, "checkin_code": result.checkin_code,
        "checkin_qr_svg": qr["svg"], "checkin_qr_png": qr["png"]})
