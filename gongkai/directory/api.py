"""API of the directory: the public search (``GET /directory``), an entry, the status
look-up through the connectors, and staff writes and export through the same services
as the pages (audited there)."""


import base64
import datetime as dt

from django.http import Http404, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from gongkai.api.auth import STAFF_AUTH
from gongkai.api.errors import ApiError, responses
from gongkai.api.pagination import PageNumber
from gongkai.core.access import public_view
from gongkai.core.intake import api_rate_limit
from gongkai.core.models import Agency
from gongkai.core.policies import PermissionDeniedError
from gongkai.core.selectors import agency_resolve
from gongkai.directory import connectors, selectors, services
from gongkai.directory.models import ConnectorSystem, Entity, EntityKind

router = Router(tags=["directory"])


class EntityOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    agency: str
    district: str
    address: str
    services: str
    licence_number: str
    licence_status: str
    licence_valid_until: dt.date | None
    assessment_result: str
    credit_code: str
    phone: str
    opening_hours: str
    parent_id: int | None
    parent_name: str
    is_demo: bool
    url: str


def _out(entity: Entity) -> dict:
    from django.urls import reverse

    return {
        "id": entity.pk, "kind": entity.kind, "kind_label": str(entity.get_kind_display()),
        "name": entity.name, "agency": entity.agency.slug, "district": entity.district,
        "address": entity.address, "services": entity.services,
        "licence_number": entity.licence_number, "licence_status": entity.licence_status,
        "licence_valid_until": entity.licence_valid_until,
        "assessment_result": entity.assessment_result, "credit_code": entity.credit_code,
        "phone": entity.phone, "opening_hours": entity.opening_hours,
        "parent_id": entity.parent_id,
        "parent_name": entity.parent.name if entity.parent else "",
        "is_demo": entity.is_demo,
        "url": reverse("directory:entity", kwargs={"agency": entity.agency.slug,
                                                   "pk": entity.pk}),
    }


class EntityPage(PageNumber):
    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page["results"] = [_out(e) for e in page["results"]]
        return page


def _agency_id(agency: str) -> int | None:
    if not agency:
        return None
    found = agency_resolve(agency)
    if found is None:
        message = f"没有组织机构代码或网址标识为“{agency}”的机构。"
        raise ApiError(422, message, fields={"agency": [message]})
    return found.pk


@router.get("/directory", response=list[EntityOut], auth=None,
            summary="法律服务名录（按类别、名称、所在区、服务范围、执业证号查找）")
@paginate(EntityPage)
@public_view
def directory_list(request, kind: EntityKind | None = None,
                   q: str = Query("", max_length=100), district: str = Query("", max_length=40),
                   service: str = Query("", max_length=50),
                   licence_number: str = Query("", max_length=40), agency: str = ""):
    return selectors.public_entity_list(
        agency_id=_agency_id(agency), kind=kind.value if kind else "", q=q, district=district,
        service=service, licence_number=licence_number)


@router.get("/directory/{int:entity_id}", response=EntityOut, auth=None,
            summary="法律服务名录条目")
@public_view
def directory_entity(request, entity_id: int):
    entity = selectors.public_entity_get(pk=entity_id)
    if entity is None:
        raise Http404
    return _out(entity)


class LookupIn(Schema):
    agency: str = Field(..., max_length=40, description="机构网址标识或组织机构代码")
    system: ConnectorSystem
    number: str = Field(..., min_length=4, max_length=40)


class LookupStepOut(Schema):
    label: str
    on: str


class LookupOut(Schema):
    available: bool
    found: bool
    message: str
    number: str
    status: str
    status_label: str
    updated_at: str
    steps: list[LookupStepOut]


@router.post("/directory/lookup", response={200: LookupOut, **responses(429)}, auth=None,
             summary="公证、司法鉴定办理进度查询（不保存编号）")
@public_view
@api_rate_limit("directory.lookup")
def directory_lookup(request, payload: LookupIn):
    if not connectors.valid_number(payload.number):
        message = "编号只能包含数字、字母、括号和连字符,4至40个字符。"
        raise ApiError(422, message, fields={"number": [message]})
    found = agency_resolve(payload.agency) if payload.agency else None
    if found is None:
        message = f"没有组织机构代码或网址标识为“{payload.agency}”的机构。"
        raise ApiError(422, message, fields={"agency": [message]})
    config = selectors.connector_get(agency_id=found.pk, system=payload.system.value)
    return connectors.status_lookup(config=config, number=payload.number).as_dict()


# Staff ---------------------------------------------------------------------------------


class EntityIn(Schema):
    agency: str = Field(..., description="机构网址标识")
    kind: EntityKind
    name: str = Field(..., min_length=1, max_length=200)
    district: str = Field("", max_length=40)
    address: str = Field("", max_length=300)
    services: str = Field("", max_length=5000)
    licence_number: str = Field("", max_length=40)
    licence_status: str = Field("valid", max_length=20)
    licence_issued_on: dt.date | None = None
    licence_valid_until: dt.date | None = None
    credit_code: str = Field("", max_length=18)
    phone: str = Field("", max_length=60)
    opening_hours: str = Field("", max_length=200)
    parent_licence_number: str = Field("", max_length=40)


def _staff_agency(slug: str) -> Agency:
    found = Agency.objects.filter(slug=slug).first()
    if found is None:
        message = f"没有网址标识为“{slug}”的机构。"
        raise ApiError(422, message, fields={"agency": [message]})
    return found


@router.post("/directory/entities", response={201: EntityOut, **responses(403)},
             auth=STAFF_AUTH, summary="登记法律服务名录条目")
def directory_create(request, payload: EntityIn):
    agency = _staff_agency(payload.agency)
    data = payload.dict(exclude={"agency"})
    data["kind"] = payload.kind.value
    try:
        entity = services.entity_create(actor=request.auth, agency=agency, data=data, via="api")
    except PermissionDeniedError as exc:
        raise ApiError(403, "无权登记该机构的名录。") from exc
    except services.EntityInvalid as exc:
        raise ApiError(422, "条目信息有误。", fields=exc.errors) from exc
    return Status(201, _out(entity))


class ImportIn(Schema):
    agency: str
    filename: str = Field(..., max_length=200, description="以 .csv 或 .xlsx 结尾")
    content_base64: str = Field(..., max_length=30_000_000)
    dry_run: bool = False


class DirectoryRowErrorOut(Schema):
    line: int
    column: str
    message: str


class DirectoryImportOut(Schema):
    written: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    errors: list[DirectoryRowErrorOut]


@router.post("/directory/import", response={200: DirectoryImportOut, **responses(403)},
             auth=STAFF_AUTH, summary="导入法律服务名录（有错误则整批不写入）")
def directory_import(request, payload: ImportIn):
    agency = _staff_agency(payload.agency)
    try:
        data = base64.b64decode(payload.content_base64, validate=True)
    except ValueError as exc:
        raise ApiError(422, "content_base64 不是有效的 Base64。",
                       fields={"content_base64": ["不是有效的 Base64。"]}) from exc
    try:
        report = services.directory_import(actor=request.auth, agency=agency,
                                           filename=payload.filename, data=data,
                                           dry_run=payload.dry_run)
    except PermissionDeniedError as exc:
        raise ApiError(403, "无权导入该机构的名录。") from exc
    return {"written": report.written, "rows": report.rows, "created": report.created,
            "updated": report.updated, "unchanged": report.unchanged,
            "errors": [{"line": e.line, "column": e.column, "message": e.message}
                       for e in report.errors]}


@router.get("/directory/export", auth=STAFF_AUTH, response={200: str, **responses(403)},
            summary="导出法律服务名录（CSV 或 Excel）")
def directory_export(request, agency: str, format: str = Query("csv", pattern="^(csv|xlsx)$")):
    found = _staff_agency(agency)
    try:
        body, content_type, filename = services.directory_export(actor=request.auth,
                                                                 agency=found, fmt=format)
    except PermissionDeniedError as exc:
        raise ApiError(403, "无权导出该机构的名录。") from exc
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Licence-expiry reminders (证照到期提醒) ---------------------------------------------------


class DirectoryLicenceDeadlineOut(Schema):
    entity_id: int
    name: str
    kind: str
    kind_label: str
    agency: str
    licence_number: str
    deadline: str = Field(..., description="expiry（执业证到期）或 assessment（年度考核）")
    due_on: dt.date
    renew_by: dt.date | None = Field(None, description="延续申请截止（行政许可法第五十条：到期前30日）")
    days_left: int
    state: str = Field(..., description="due 即将到期 / lapsed 证照已过期 / overdue 考核逾期")
    holder_consented: bool


@router.get("/staff/licences", response={200: list[DirectoryLicenceDeadlineOut],
                                         **responses(403)},
            auth=STAFF_AUTH, summary="证照到期与年度考核（本机构，due_within 天内及已过期）")
@paginate(PageNumber)
def staff_licences(request, due_within: int = Query(90, ge=0, le=3660),
                   state: str = Query("", pattern="^(|due|late|lapsed|overdue)$"),
                   deadline: str = Query("", pattern="^(|expiry|assessment)$")):
    from django.utils import timezone

    from gongkai.directory.policies import DirectoryPolicy

    ids = DirectoryPolicy.agencies_editable(request.auth)
    if ids is not None and not ids:
        raise ApiError(403, "无权查看证照到期提醒。")
    rows = selectors.licence_deadlines(agency_ids=ids, today=timezone.localdate(),
                                       due_within=due_within, kind=deadline, state=state)
    return [{"entity_id": r.entity.pk, "name": r.entity.name, "kind": r.entity.kind,
             "kind_label": str(r.entity.get_kind_display()), "agency": r.entity.agency.slug,
             "licence_number": r.entity.licence_number, "deadline": r.kind,
             "due_on": r.due_on, "renew_by": r.renew_by, "days_left": r.days_left,
             "state": r.state, "holder_consented": bool(r.entity.reminder_consent_at)}
            for r in rows]
