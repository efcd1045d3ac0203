"""API: the public catalogue (read) and staff writes through the same services as the
pages. Public reads come from each record's published version, never the working copy."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from gongkai.api.auth import STAFF_AUTH
from gongkai.api.errors import ApiError, responses
from gongkai.api.pagination import PageNumber
from gongkai.catalogue import selectors, services
from gongkai.catalogue.models import DisclosureAttribute, Genre, Record, Topic, Validity
from gongkai.catalogue.policies import RecordPolicy
from gongkai.catalogue.workflow import InvalidTransition
from gongkai.core.access import public_view
from gongkai.core.models import Agency, Department
from gongkai.core.policies import PermissionDeniedError
from gongkai.core.selectors import agency_resolve

router = Router(tags=["records"])


class RecordOut(Schema):
    id: int
    index_number: str
    document_number: str
    title: str
    summary: str
    agency: str
    agency_name: str
    department: str | None
    formed_on: dt.date
    published_on: dt.date
    disclosure_attribute: str
    topic: str
    genre: str
    validity: str
    version: int
    url: str


def _public_out(record: Record) -> dict:
    version = record.current_version
    assert version is not None  # public_records guarantees it
    return {
        "id": record.pk,
        "index_number": record.index_number or "",
        "document_number": version.document_number,
        "title": version.title,
        "summary": version.summary,
        "agency": record.agency.slug,
        "agency_name": record.agency.name,
        "department": record.department.name if record.department else None,
        "formed_on": version.formed_on,
        "published_on": record.published_on,
        "disclosure_attribute": version.disclosure_attribute,
        "topic": version.topic.code,
        "genre": version.genre.code,
        "validity": version.validity,
        "version": version.number,
        "url": reverse("catalogue:record", kwargs={"agency": record.agency.slug,
                                                   "pk": record.pk}),
    }



class PublicPage(PageNumber):
    """Pagination that maps only the page's rows to output (the query stays lazy)."""

    @staticmethod
    def render(record: Record) -> dict:
        return _public_out(record)

    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page["results"] = [self.render(r) for r in page["results"]]
        return page


@router.get("/records", response=list[RecordOut], auth=None, summary="公开的政府信息(最新在前)")
@paginate(PublicPage)
@public_view
def record_list(request, agency: str = "", topic: str = "", genre: str = "",
                year: int | None = Query(None, ge=1, le=9999, description="发布年份"),
                q: str = "", document_number: str = ""):
    agency_id = None
    if agency:
        found = agency_resolve(agency)
        if found is None:
            message = f"没有组织机构代码或网址标识为“{agency}”的机构。"
            raise ApiError(422, message, fields={"agency": [message]})
        agency_id = found.pk
    return selectors.public_record_list(agency_id=agency_id, topic=topic, genre=genre,
                                        year=year, q=q, document_number=document_number)


@router.get("/records/by-index/{path:index_number}", response=RecordOut, auth=None,
            summary="按索取号查找(斜杠写作 %2F)")
@public_view
def record_by_index(request, index_number: str):
    found = selectors.public_record_by_index(index_number)
    record = selectors.public_record_get(pk=found.pk) if found else None
    if record is None:
        raise Http404
    return _public_out(record)


@router.get("/records/{int:record_id}", response=RecordOut, auth=None, summary="政府信息详情")
@public_view
def record_detail(request, record_id: int):
    record = selectors.public_record_get(pk=record_id)
    if record is None:
        raise Http404
    return _public_out(record)


# Staff writes --------------------------------------------------------------------------


class RecordIn(Schema):
    agency: str = Field(..., description="机构网址标识")
    department: str | None = Field(None, description="处室名称")
    title: str = Field(..., min_length=1, max_length=300)
    summary: str = Field("", max_length=100)
    body: str = ""
    body_html: str = Field("", description="排版正文（HTML）：按白名单清理，并由它生成纯文本正文 body")
    keywords: str = ""
    document_number: str = ""
    is_official_document: bool = True
    formed_on: dt.date
    topic: str = Field(..., description="主题分类代码")
    genre: str = Field(..., description="体裁分类代码")
    disclosure_attribute: DisclosureAttribute = DisclosureAttribute.PROACTIVE
    withholding_reason: str = ""
    withholding_basis: str = ""
    is_classified: bool = False
    validity: Validity = Validity.NOT_APPLICABLE
    validity_changed_on: dt.date | None = None


class RecordPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=300)
    summary: str | None = Field(None, max_length=100)
    body: str | None = None
    body_html: str | None = Field(None, description="排版正文（HTML）；只给 body 时清除排版")
    keywords: str | None = None
    document_number: str | None = None
    formed_on: dt.date | None = None
    topic: str | None = None
    genre: str | None = None
    disclosure_attribute: DisclosureAttribute | None = None
    withholding_reason: str | None = None
    withholding_basis: str | None = None
    validity: Validity | None = None
    validity_changed_on: dt.date | None = None


class StaffRecordOut(Schema):
    id: int
    status: str
    agency: str
    title: str
    document_number: str
    formed_on: dt.date
    disclosure_attribute: str
    index_number: str | None
    is_public: bool
    findings: int


class CommentIn(Schema):
    comment: str = Field(..., min_length=1, max_length=2000)


class ReasonIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000)


class ApproveIn(Schema):
    publish_at: dt.datetime | None = None
    comment: str = ""


# A staff write answers with the record, or 409 when its state does not allow the step.
STAFF_OUT = {200: StaffRecordOut, **responses(409)}


def _staff_out(record: Record) -> dict:
    return {
        "id": record.pk, "status": record.status, "agency": record.agency.slug,
        "title": record.title, "document_number": record.document_number,
        "formed_on": record.formed_on, "disclosure_attribute": record.disclosure_attribute,
        "index_number": record.index_number, "is_public": record.is_public,
        "findings": (record.findings_count if hasattr(record, "findings_count")
                     else record.findings.count()),
    }


def _fields(payload: dict) -> dict:
    """Translate codes in the payload to model instances, with field-level errors."""
    out = dict(payload)
    if "topic" in out and out["topic"] is not None:
        out["topic"] = Topic.objects.filter(code=out["topic"]).first() or _bad("topic", "未知的主题分类。")
    if "genre" in out and out["genre"] is not None:
        out["genre"] = Genre.objects.filter(code=out["genre"]).first() or _bad("genre", "未知的体裁分类。")
    return {k: v for k, v in out.items() if v is not None}


def _bad(field: str, message: str):
    raise ApiError(422, message, fields={field: [message]})


def _run(action, *args, **kwargs):
    """Map the services' errors to the API's error shape."""
    try:
        return action(*args, **kwargs)
    except ValidationError as exc:
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        raise ApiError(422, "提交的内容有误。", fields=fields) from exc
    except InvalidTransition as exc:
        raise ApiError(409, exc.message, code="invalid_transition") from exc
    except PermissionDeniedError:
        raise


def _staff_record(request, record_id: int) -> Record:
    record = get_object_or_404(Record.objects.select_related("agency"), pk=record_id)
    if not RecordPolicy.can_view_staff(request.auth, record):
        raise Http404
    return record


class StaffPage(PublicPage):
    @staticmethod
    def render(record: Record) -> dict:
        return _staff_out(record)


@router.get("/staff/records", response=list[StaffRecordOut], auth=STAFF_AUTH,
            summary="工作人员可见的记录")
@paginate(StaffPage)
def staff_records(request, status: str = "", q: str = ""):
    return selectors.staff_record_list(
        agency_ids=RecordPolicy.agencies_visible(request.auth), status=status, q=q,
    ).annotate(findings_count=Count("findings"))


@router.post("/records", response={201: StaffRecordOut, **responses(409)}, auth=STAFF_AUTH,
             summary="新建草稿")
def record_create(request, payload: RecordIn):
    data = payload.dict()
    agency = Agency.objects.filter(slug=data.pop("agency")).first()
    if agency is None:
        _bad("agency", "未知的机构。")
    department_name = data.pop("department")
    department = None
    if department_name:
        department = Department.objects.filter(agency=agency, name=department_name).first()
        if department is None:
            _bad("department", "该机构没有这个处室。")
    record = _run(services.record_create, actor=request.auth, agency=agency,
                  department=department, **_fields(data))
    return Status(201, _staff_out(record))


@router.patch("/records/{int:record_id}", response=STAFF_OUT, auth=STAFF_AUTH,
              summary="修改草稿或更正")
def record_update(request, record_id: int, payload: RecordPatch):
    record = _staff_record(request, record_id)
    fields = _fields(payload.dict(exclude_unset=True))
    return _staff_out(_run(services.record_update, actor=request.auth, record=record, **fields))


@router.post("/records/{int:record_id}/submit", response=STAFF_OUT, auth=STAFF_AUTH,
             summary="提交保密审查")
def record_submit(request, record_id: int):
    record = _staff_record(request, record_id)
    return _staff_out(_run(services.record_submit, actor=request.auth, record=record))


@router.post("/records/{int:record_id}/approve", response=STAFF_OUT, auth=STAFF_AUTH,
             summary="审查通过并发布(或定时发布)")
def record_approve(request, record_id: int, payload: ApproveIn):
    record = _staff_record(request, record_id)
    return _staff_out(_run(services.record_approve, actor=request.auth, record=record,
                           publish_at=payload.publish_at, comment=payload.comment))


@router.post("/records/{int:record_id}/return", response=STAFF_OUT, auth=STAFF_AUTH,
             summary="退回修改")
def record_return(request, record_id: int, payload: CommentIn):
    record = _staff_record(request, record_id)
    return _staff_out(_run(services.record_return, actor=request.auth, record=record,
                           comment=payload.comment))


@router.post("/records/{int:record_id}/withdraw", response=STAFF_OUT, auth=STAFF_AUTH,
             summary="撤回")
def record_withdraw(request, record_id: int, payload: ReasonIn):
    record = _staff_record(request, record_id)
    return _staff_out(_run(services.record_withdraw, actor=request.auth, record=record,
                           reason=payload.reason))
