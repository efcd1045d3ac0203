"""API: the power list of any date and service guides (public reads), and staff writes
through the same services as the pages (each audited)."""


import datetime as dt
import json
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ValidationError as PydanticValidationError

from gongkai.api.auth import STAFF_AUTH
from gongkai.api.errors import ApiError, responses, validation_message
from gongkai.api.pagination import PageNumber
from gongkai.core.access import public_view
from gongkai.core.models import Agency, Department
from gongkai.core.policies import PermissionDeniedError
from gongkai.core.selectors import agency_resolve
from gongkai.services import exporter, selectors, services
from gongkai.services.basis import BasisResolver
from gongkai.services.limits import guide_limits
from gongkai.services.models import PowerType, PowerVersion, ServiceGuide, ServiceItem
from gongkai.services.policies import ServicesPolicy

router = Router(tags=["services"])


@contextmanager
def _validated():
    """A service's ValidationError as the API's 422 with the fields' messages."""
    try:
        yield
    except ValidationError as exc:
        fields = exc.message_dict
        raise ApiError(422, "；".join(m for ms in fields.values() for m in ms),
                       fields=fields) from exc


class BasisOut(Schema):
    law: str
    article: str
    url: str
    in_force: bool


class PowerOut(Schema):
    code: str
    agency: str
    type: str
    type_label: str
    name: str
    department: str | None
    responsibilities: str
    accountability: str
    version: int
    effective_on: dt.date
    basis: list[BasisOut]
    url: str


class PowerChangeOut(Schema):
    version: int
    effective_on: dt.date
    change: str
    reason: str
    changed_fields: list[str]


class PowerDetailOut(PowerOut):
    changes: list[PowerChangeOut]


def _agency_id(value: str) -> int | None:
    if not value:
        return None
    found = agency_resolve(value)
    if found is None:
        message = f"没有组织机构代码或网址标识为“{value}”的机构。"
        raise ApiError(422, message, fields={"agency": [message]})
    return found.pk


def _power_out(version: PowerVersion, resolver: BasisResolver) -> dict:
    slug = version.power.agency.slug
    return {
        "code": version.power.code, "agency": slug, "type": version.power_type,
        "type_label": str(PowerType(version.power_type).label), "name": version.name,
        "department": version.department.name if version.department else None,
        "responsibilities": version.responsibilities, "accountability": version.accountability,
        "version": version.number, "effective_on": version.effective_on,
        "basis": [{"law": r.law_title or r.law, "article": r.article, "url": r.url(slug),
                   "in_force": r.in_force} for r in resolver.resolve_all(version.basis)],
        "url": reverse("services:power", kwargs={"agency": slug, "code": version.power.code}),
    }


class PowerPage(PageNumber):
    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        resolver = BasisResolver()
        page["results"] = [_power_out(v, resolver) for v in page["results"]]
        return page


@router.get("/powers", response=list[PowerOut], auth=None, summary="权责清单（任一日期）")
@paginate(PowerPage)
@public_view
def power_list(request, agency: str = "", type: str = "",  # noqa: A002 (the issue's name)
               on: dt.date | None = None):
    if type and type not in PowerType.values:
        message = "权力类型应为：" + "、".join(PowerType.values)
        raise ApiError(422, message, fields={"type": [message]})
    return selectors.powers_on(agency_id=_agency_id(agency), on=on or timezone.localdate(),
                               power_type=type)


@router.get("/powers/{code}", response=PowerDetailOut, auth=None, summary="权力事项详情")
@public_view
def power_detail(request, code: str, agency: str = "", on: dt.date | None = None):
    found = selectors.powers_on(agency_id=_agency_id(agency), on=on or timezone.localdate()
                                ).filter(power__code=code)
    versions = list(found[:2])
    if not versions:
        raise Http404
    if len(versions) > 1:
        message = "多个机构有此编码的事项，请用 agency 参数指明机构。"
        raise ApiError(422, message, fields={"agency": [message]})
    version = versions[0]
    out = _power_out(version, BasisResolver())
    out["changes"] = [{"version": v.number, "effective_on": v.effective_on,
                       "change": v.change_kind, "reason": v.change_reason,
                       "changed_fields": v.changed_fields}
                      for v in selectors.power_history(version.power)]
    return out


# Service items ------------------------------------------------------------------------


class ServiceItemOut(Schema):
    id: int
    code: str
    agency: str
    name: str
    version: int
    updated_at: dt.datetime | None
    url: str


class MaterialFileOut(Schema):
    kind: str
    name: str
    url: str


class MaterialOut(Schema):
    name: str
    copies: str
    note: str
    condition_tags: list[str]
    files: list[MaterialFileOut]


class LimitOut(Schema):
    kind: str
    label: str
    working_days: int
    citation: str
    due_if_filed_today: dt.date
    provisional: bool


class FaqOut(Schema):
    question: str
    answer: str


class GuideOut(ServiceItemOut):
    conditions: str
    materials: list[MaterialOut]
    steps: list[str]
    time_limits: list[LimitOut]
    fees: str
    fee_basis: str
    place: str
    hours: str
    online_url: str
    contacts: str
    faqs: list[FaqOut]
    basis: list[BasisOut]


def _item_out(item: ServiceItem, guide: ServiceGuide) -> dict:
    return {"id": item.pk, "code": item.code, "agency": item.agency.slug, "name": item.name,
            "version": guide.number, "updated_at": guide.published_at,
            "url": reverse("services:guide", kwargs={"agency": item.agency.slug,
                                                     "code": item.code})}


class ItemPage(PageNumber):
    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page["results"] = [_item_out(i, i.published[0]) for i in page["results"]]
        return page


@router.get("/services", response=list[ServiceItemOut], auth=None, summary="服务事项（已发布办事指南）")
@paginate(ItemPage)
@public_view
def service_list(request, agency: str = "", q: str = Query("", max_length=50)):
    return selectors.public_items(agency_id=_agency_id(agency), q=q)


@router.get("/services/{id}", response=GuideOut, auth=None,
            summary="办事指南（id 为事项的数字 id；也可写事项编码，此时可用 agency 参数指明机构）")
@public_view
def service_detail(request, id: str, agency: str = ""):  # noqa: A002 (the issue's name)
    if id.isdigit():
        item = selectors.public_item_get(agency_id=_agency_id(agency), pk=int(id))
    else:
        item = selectors.public_item_get(agency_id=_agency_id(agency), code=id)
    guide = selectors.published_guide(item) if item else None
    if item is None or guide is None:
        raise Http404
    slug = item.agency.slug
    out = _item_out(item, guide)
    out.update({
        "conditions": guide.conditions, "steps": guide.steps, "fees": guide.fees,
        "fee_basis": guide.fee_basis, "place": guide.place, "hours": guide.hours,
        "online_url": guide.online_url, "contacts": guide.contacts, "faqs": guide.faqs,
        "materials": [{"name": m.name, "copies": m.copies, "note": m.note,
                       "condition_tags": m.condition_tags,
                       "files": [{"kind": f.kind, "name": f.original_name,
                                  "url": reverse("services:file", kwargs={
                                      "agency": slug, "pk": f.pk, "filename": f.original_name})}
                                 for f in m.files.all()]}
                      for m in guide.materials.all()],
        "time_limits": [{"kind": limit.kind, "label": limit.label,
                         "working_days": limit.working_days, "citation": limit.citation,
                         "due_if_filed_today": limit.due_if_filed_on,
                         "provisional": limit.provisional}
                        for limit in guide_limits(guide, today=timezone.localdate())],
        "basis": [{"law": r.law_title or r.law, "article": r.article, "url": r.url(slug),
                   "in_force": r.in_force} for r in BasisResolver().resolve_all(guide.basis)],
    })
    return out


# Staff --------------------------------------------------------------------------------
#
# Staff operations name their object in the body (agency and code, or the guide's id)
# rather than the path, and read the body only after the coarse permission check, so that a
# person without the role is refused (403) before anything about the request is examined.
# The request bodies are documented in the schema through ``openapi_extra``.


class PowerIn(Schema):
    agency: str = Field(..., description="机构网址标识或组织机构代码")
    code: str = Field(..., min_length=1, max_length=60)
    type: str = Field(..., description="权力类型：" + "、".join(PowerType.values))
    name: str = Field(..., min_length=1, max_length=200)
    department: str | None = Field(None, description="处室名称")
    basis: list[dict[str, str]] = Field(
        ..., description='[{"law": "中华人民共和国律师法", "article": "第六条"}]')
    responsibilities: str = ""
    accountability: str = ""
    effective_on: dt.date
    reason: str = Field(..., min_length=1, max_length=2000)


class PowerChangeIn(Schema):
    agency: str = Field(..., description="机构网址标识或组织机构代码")
    code: str = Field(..., min_length=1, max_length=60)
    type: str | None = None
    name: str | None = Field(None, min_length=1, max_length=200)
    department: str | None = None
    basis: list[dict[str, str]] | None = None
    responsibilities: str | None = None
    accountability: str | None = None
    effective_on: dt.date
    reason: str = Field(..., min_length=1, max_length=2000)


class PowerRemoveIn(Schema):
    agency: str
    code: str
    effective_on: dt.date
    reason: str = Field(..., min_length=1, max_length=2000)


class GuideActionIn(Schema):
    guide: int = Field(..., description="办事指南版本的 id")
    comment: str = ""


class StaffPowerOut(Schema):
    id: int
    code: str
    agency: str
    version: int
    change: str
    effective_on: dt.date
    flags: list[str]


class ServiceImportOut(Schema):
    ok: bool
    created: int
    changed: int
    unchanged: int
    errors: list[dict]


class GuideStaffOut(Schema):
    id: int
    item: str
    version: int
    status: str
    missing: list[str]


def _body_doc(schema: type[Schema]) -> dict:
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": schema.model_json_schema()}}}}


def _body(request, schema: type[Schema]):
    """The JSON body as ``schema``, or 422 with each field's message."""
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, RecursionError) as exc:  # not JSON, not UTF-8, or nested too deep
        raise ApiError(422, "请求体不是有效的 JSON。") from exc
    try:
        return schema.model_validate(data)
    except PydanticValidationError as exc:
        fields: dict[str, list[str]] = {}
        for err in exc.errors():
            key = ".".join(str(part) for part in err["loc"]) or "body"
            fields.setdefault(key, []).append(validation_message(dict(err)))
        raise ApiError(422, "请求内容不完整或格式不正确：" + "、".join(fields), fields=fields) from exc


def _coarse(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError


def _staff_agency(value: str) -> Agency:
    found = agency_resolve(value)
    if found is None:
        message = f"没有组织机构代码或网址标识为“{value}”的机构。"
        raise ApiError(422, message, fields={"agency": [message]})
    return found


def _department(agency: Agency, name: str | None) -> Department | None:
    if not name:
        return None
    found = Department.objects.filter(agency=agency, name=name).first()
    if found is None:
        message = f"处室“{name}”不存在。"
        raise ApiError(422, message, fields={"department": [message]})
    return found


def _staff_power_out(power) -> dict:
    version = power.versions.order_by("-number").first()
    return {"id": power.pk, "code": power.code, "agency": power.agency.slug,
            "version": version.number, "change": version.change_kind,
            "effective_on": version.effective_on,
            "flags": [r.flag for r in BasisResolver().resolve_all(version.basis) if r.flag]}


def _editable_power(request, agency: str, code: str):
    found = _staff_agency(agency)
    power = selectors.power_get(agency_id=found.pk, code=code)
    if power is None or not ServicesPolicy.can_view_staff(request.auth, found):
        raise Http404
    if not ServicesPolicy.can_edit(request.auth, found):
        raise PermissionDeniedError
    return power


@router.post("/staff/powers", response={201: StaffPowerOut, **responses(422)}, auth=STAFF_AUTH,
             summary="新增权力事项", openapi_extra=_body_doc(PowerIn))
def staff_power_create(request):
    _coarse(ServicesPolicy.may_edit_any(request.auth))
    payload = _body(request, PowerIn)
    agency = _staff_agency(payload.agency)
    if not ServicesPolicy.can_edit(request.auth, agency):
        raise PermissionDeniedError
    with _validated():
        power = services.power_create(
            actor=request.auth, agency=agency, code=payload.code, power_type=payload.type,
            name=payload.name, department=_department(agency, payload.department),
            basis=payload.basis, responsibilities=payload.responsibilities,
            accountability=payload.accountability, effective_on=payload.effective_on,
            reason=payload.reason)
    return Status(201, _staff_power_out(power))


@router.post("/staff/powers/change", response={200: StaffPowerOut, **responses(422)},
             auth=STAFF_AUTH, summary="调整权力事项（动态调整：新版本自生效日期起适用）",
             openapi_extra=_body_doc(PowerChangeIn))
def staff_power_change(request):
    _coarse(ServicesPolicy.may_edit_any(request.auth))
    payload = _body(request, PowerChangeIn)
    power = _editable_power(request, payload.agency, payload.code)
    changes: dict = {}
    if payload.type is not None:
        changes["power_type"] = payload.type
    for name in ("name", "responsibilities", "accountability"):
        if getattr(payload, name) is not None:
            changes[name] = getattr(payload, name)
    if payload.department is not None:
        changes["department"] = _department(power.agency, payload.department)
    if payload.basis is not None:
        changes["basis"] = payload.basis
    with _validated():
        services.power_change(actor=request.auth, power=power,
                              effective_on=payload.effective_on, reason=payload.reason, **changes)
    return _staff_power_out(power)


@router.post("/staff/powers/remove", response={200: StaffPowerOut, **responses(422)},
             auth=STAFF_AUTH, summary="取消权力事项", openapi_extra=_body_doc(PowerRemoveIn))
def staff_power_remove(request):
    _coarse(ServicesPolicy.may_edit_any(request.auth))
    payload = _body(request, PowerRemoveIn)
    power = _editable_power(request, payload.agency, payload.code)
    with _validated():
        services.power_remove(actor=request.auth, power=power,
                              effective_on=payload.effective_on, reason=payload.reason)
    return _staff_power_out(power)


@router.post("/staff/powers/import", response={200: ServiceImportOut, **responses(422)},
             auth=STAFF_AUTH, summary="导入权责清单（CSV 或 JSON；任何一行有错误则全部不写入）",
             openapi_extra={"requestBody": {"required": True, "content": {"multipart/form-data": {
                 "schema": {"type": "object", "required": ["agency", "effective_on", "file"],
                            "properties": {"agency": {"type": "string"},
                                           "effective_on": {"type": "string", "format": "date"},
                                           "file": {"type": "string", "format": "binary"}}}}}}})
def staff_powers_import(request):
    _coarse(ServicesPolicy.may_import_any(request.auth))
    upload = request.FILES.get("file")
    agency_value = request.POST.get("agency", "")
    try:
        effective_on = dt.date.fromisoformat(request.POST.get("effective_on", ""))
    except ValueError:
        effective_on = None
    if upload is None or effective_on is None or not agency_value:
        message = "请提供 agency、effective_on（YYYY-MM-DD）和 file。"
        raise ApiError(422, message, fields={"file": [message]})
    found = _staff_agency(agency_value)
    if not ServicesPolicy.can_import(request.auth, found):
        raise PermissionDeniedError
    try:
        columns, rows = exporter.read_rows(upload.read(5 * 1024 * 1024 + 1), upload.name or "")
    except ValueError as exc:
        raise ApiError(422, str(exc), fields={"file": [str(exc)]}) from exc
    report = services.powers_import(actor=request.auth, agency=found, rows=rows,
                                    columns=columns, effective_on=effective_on)
    return {"ok": report.ok, "created": report.created, "changed": report.changed,
            "unchanged": report.unchanged,
            "errors": [{"row": row, "message": message} for row, message in report.errors]}


@router.get("/staff/powers/export", auth=STAFF_AUTH, summary="导出权责清单（CSV 或 JSON，可再导入）",
            response={200: None, **responses(422)})
def staff_powers_export(request, agency: str = "", format: str = "json"):  # noqa: A002
    """Without ``agency``: the first agency the caller belongs to."""
    _coarse(ServicesPolicy.may_view_any(request.auth))
    if agency:
        found = _staff_agency(agency)
    else:
        ids = ServicesPolicy.agencies_visible(request.auth)
        agencies = Agency.objects.filter(is_active=True).order_by("sort_order", "id")
        first = (agencies if ids is None else agencies.filter(pk__in=ids)).first()
        if first is None:
            raise PermissionDeniedError
        found = first
    if not ServicesPolicy.can_view_staff(request.auth, found):
        raise PermissionDeniedError
    versions = list(selectors.powers_on(agency_id=found.pk, on=timezone.localdate()))
    if format == "csv":
        return HttpResponse(exporter.powers_csv_text(versions),
                            content_type="text/csv; charset=utf-8")
    return HttpResponse(exporter.powers_json_text(versions),
                        content_type="application/json; charset=utf-8")


def _guide_staff_out(guide: ServiceGuide) -> dict:
    return {"id": guide.pk, "item": guide.item.code, "version": guide.number,
            "status": guide.status, "missing": services.guide_missing(guide)}


def _visible_guide(request, guide_id: int) -> ServiceGuide:
    guide = ServiceGuide.objects.select_related("item__agency").filter(pk=guide_id).first()
    if guide is None or not ServicesPolicy.can_view_staff(request.auth, guide.item.agency):
        raise Http404
    return guide


def _guide_action(request, coarse: bool, allowed, run) -> dict:
    from gongkai.services.workflow import GuideIncomplete

    _coarse(coarse)
    payload = _body(request, GuideActionIn)
    guide = _visible_guide(request, payload.guide)
    if not allowed(request.auth, guide.item.agency):
        raise PermissionDeniedError
    try:
        with _validated():
            guide = run(guide, payload)
    except GuideIncomplete as exc:
        raise ApiError(422, exc.message, fields={"missing": exc.missing}) from exc
    return _guide_staff_out(guide)


GUIDE_OUT = {200: GuideStaffOut, **responses(404, 409, 422)}


@router.post("/staff/guides/submit", response=GUIDE_OUT, auth=STAFF_AUTH, summary="办事指南提交审核",
             openapi_extra=_body_doc(GuideActionIn))
def staff_guide_submit(request):
    return _guide_action(request, ServicesPolicy.may_edit_any(request.auth),
                         ServicesPolicy.can_edit,
                         lambda g, p: services.guide_submit(actor=request.auth, guide=g))


@router.post("/staff/guides/approve", response=GUIDE_OUT, auth=STAFF_AUTH,
             summary="办事指南审核通过并发布", openapi_extra=_body_doc(GuideActionIn))
def staff_guide_approve(request):
    return _guide_action(request, ServicesPolicy.may_review_any(request.auth),
                         ServicesPolicy.can_review,
                         lambda g, p: services.guide_approve(actor=request.auth, guide=g,
                                                             comment=p.comment))


@router.post("/staff/guides/return", response=GUIDE_OUT, auth=STAFF_AUTH,
             summary="办事指南退回修改", openapi_extra=_body_doc(GuideActionIn))
def staff_guide_return(request):
    return _guide_action(request, ServicesPolicy.may_review_any(request.auth),
                         ServicesPolicy.can_review,
                         lambda g, p: services.guide_return(actor=request.auth, guide=g,
                                                            comment=p.comment))
