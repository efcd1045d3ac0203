"""Staff pages: the power list with its basis flags, power changes and import/export,
service items and the editing and review of their guides."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.catalogue.files import AttachmentRejected
from gongkai.catalogue.views import content_disposition
from gongkai.core.access import staff_view
from gongkai.core.models import Agency
from gongkai.core.selectors import agency_resolve
from gongkai.services import exporter, forms, selectors, services, workflow
from gongkai.services.basis import BasisResolver
from gongkai.services.models import (
    GuideMaterial,
    GuideStatus,
    MaterialFile,
    Power,
    ServiceGuide,
    ServiceItem,
)
from gongkai.services.policies import ServicesPolicy

P = ServicesPolicy


def _forbidden(request):
    return render(request, "staff/forbidden.html", status=403)


def _agencies(ids: list[int] | None):
    agencies = Agency.objects.filter(is_active=True).order_by("sort_order", "id")
    return agencies if ids is None else agencies.filter(pk__in=ids)


def _add_errors(form, exc: ValidationError) -> None:
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


@staff_view(P.may_view_any)
def index(request):
    agencies = list(_agencies(P.agencies_visible(request.user)))
    chosen = next((a for a in agencies if str(a.pk) == request.GET.get("agency")),
                  agencies[0] if agencies else None)
    if chosen is None:
        raise Http404
    latest = selectors.powers_latest(agency_id=chosen.pk)
    items = list(selectors.staff_items(agency_ids=[chosen.pk]))
    warnings = {}
    for item in items:
        guides = sorted(item.guides.all(), key=lambda g: -g.number)
        item.latest_guide = guides[0] if guides else None
        published = next((g for g in guides if g.status == GuideStatus.PUBLISHED), None)
        item.published_guide = published
        if published is not None:
            warnings[item.pk] = selectors.basis_changed_since(published)
        item.basis_warnings = warnings.get(item.pk, [])
    return render(request, "services/staff/index.html", {
        "agencies": agencies, "chosen": chosen, "powers": latest, "items": items,
        "flags": selectors.basis_flags(latest),
        "can_edit": P.can_edit(request.user, chosen),
        "can_import": P.can_import(request.user, chosen),
    })


@staff_view(P.may_edit_any)
def power_new(request):
    agencies = list(_agencies(P.agencies_editable(request.user)))
    chosen = next((a for a in agencies if str(a.pk) == (request.POST or request.GET).get("agency")),
                  agencies[0])
    form = forms.PowerForm(request.POST or None, agency=chosen,
                           initial={"effective_on": timezone.localdate(), "reason": "新增事项"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            power = services.power_create(
                actor=request.user, agency=chosen, code=data["code"], power_type=data["power_type"],
                name=data["name"], department=data["department"], basis=form.basis_entries(),
                responsibilities=data["responsibilities"], accountability=data["accountability"],
                effective_on=data["effective_on"], reason=data["reason"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "已新增权力事项。")
            return redirect("staff:services_power", pk=power.pk)
    return render(request, "services/staff/power_form.html", {
        "form": form, "agencies": agencies, "chosen": chosen, "power": None})


@staff_view(P.may_view_any)
def power_edit(request, pk: int):
    power = get_object_or_404(Power.objects.select_related("agency"), pk=pk)
    if not P.can_view_staff(request.user, power.agency):
        return _forbidden(request)
    history = list(selectors.power_history(power))
    current = history[0]
    form = forms.PowerForm(request.POST or None, agency=power.agency, editing=True,
                           initial={**forms.PowerForm.initial_from(current),
                                    "effective_on": timezone.localdate()})
    if request.method == "POST":
        if not P.can_edit(request.user, power.agency):
            return _forbidden(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.power_change(
                    actor=request.user, power=power, effective_on=data["effective_on"],
                    reason=data["reason"], power_type=data["power_type"], name=data["name"],
                    department=data["department"], basis=form.basis_entries(),
                    responsibilities=data["responsibilities"],
                    accountability=data["accountability"])
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, "已记录本次调整。")
                return redirect("staff:services_power", pk=power.pk)
    resolved = BasisResolver().resolve_all(current.basis)
    return render(request, "services/staff/power_form.html", {
        "form": form, "power": power, "current": current, "history": history,
        "basis": [(r, r.url(power.agency.slug)) for r in resolved],
        "can_edit": P.can_edit(request.user, power.agency),
    })


@staff_view(P.may_edit_any)
@require_POST
def power_remove(request, pk: int):
    power = get_object_or_404(Power.objects.select_related("agency"), pk=pk)
    if not P.can_edit(request.user, power.agency):
        return _forbidden(request)
    try:
        services.power_remove(actor=request.user, power=power,
                              effective_on=timezone.localdate(),
                              reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(m for ms in exc.message_dict.values() for m in ms))
    else:
        messages.success(request, "已取消该事项。")
    return redirect("staff:services_power", pk=power.pk)


@staff_view(P.may_import_any)
def powers_import(request):
    agencies = list(_agencies(P.agencies_importable(request.user)))
    form = forms.ImportForm(request.POST or None, request.FILES or None, agencies=agencies,
                            initial={"effective_on": timezone.localdate()})
    report = None
    file_error = ""
    if request.method == "POST" and form.is_valid():
        agency = next(a for a in agencies if str(a.pk) == form.cleaned_data["agency"])
        upload = form.cleaned_data["file"]
        try:
            columns, rows = exporter.read_rows(upload.read(5 * 1024 * 1024 + 1), upload.name)
        except ValueError as exc:
            file_error = str(exc)
        else:
            report = services.powers_import(actor=request.user, agency=agency, rows=rows,
                                            columns=columns,
                                            effective_on=form.cleaned_data["effective_on"])
    return render(request, "services/staff/import.html", {
        "form": form, "report": report, "file_error": file_error})


@staff_view(P.may_view_any)
def powers_export(request):
    agency = agency_resolve(request.GET.get("agency", ""))
    if agency is None:
        raise Http404("no such agency")
    if not P.can_view_staff(request.user, agency):
        return _forbidden(request)
    versions = list(selectors.powers_on(agency_id=agency.pk, on=timezone.localdate()))
    kind = "json" if request.GET.get("format") == "json" else "csv"
    text = (exporter.powers_json_text(versions) if kind == "json"
            else exporter.powers_csv_text(versions))
    response = HttpResponse(text, content_type=("application/json" if kind == "json"
                                                else "text/csv") + "; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="powers-{agency.slug}.{kind}"'
    return response


@staff_view(P.may_edit_any)
def item_new(request):
    agencies = list(_agencies(P.agencies_editable(request.user)))
    form = forms.ItemForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        agency = next(a for a in agencies if str(a.pk) == form.cleaned_data["agency"])
        try:
            item = services.item_create(actor=request.user, agency=agency,
                                        code=form.cleaned_data["code"],
                                        name=form.cleaned_data["name"],
                                        keywords=form.cleaned_data["keywords"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("staff:services_guide", pk=item.guides.get().pk)
    return render(request, "services/staff/item_form.html", {"form": form})


def _guide_or_404(pk: int) -> ServiceGuide:
    return get_object_or_404(ServiceGuide.objects.select_related("item", "item__agency"), pk=pk)


@staff_view(P.may_view_any)
def guide_edit(request, pk: int):
    guide = _guide_or_404(pk)
    agency = guide.item.agency
    if not P.can_view_staff(request.user, agency):
        return _forbidden(request)
    form = forms.GuideForm(request.POST or None, initial=forms.GuideForm.initial_from(guide))
    if request.method == "POST":
        if not P.can_edit(request.user, agency):
            return _forbidden(request)
        if form.is_valid():
            try:
                services.guide_update(actor=request.user, guide=guide, **form.values())
            except ValidationError as exc:
                _add_errors(form, exc)
            except workflow.GuideTransitionError as exc:
                messages.error(request, exc.message)
                return redirect("staff:services_guide", pk=guide.pk)
            else:
                messages.success(request, "已保存。")
                return redirect("staff:services_guide", pk=guide.pk)
    versions = list(guide.item.guides.order_by("-number"))
    published = next((g for g in versions if g.status == GuideStatus.PUBLISHED), None)
    return render(request, "services/staff/guide.html", {
        "guide": guide, "item": guide.item, "form": form, "versions": versions,
        "missing": services.guide_missing(guide),
        "basis_warnings": selectors.basis_changed_since(guide),
        "materials": list(guide.materials.prefetch_related("files")),
        "material_form": forms.MaterialForm(), "file_form": forms.MaterialFileForm(),
        "return_form": forms.ReturnForm(), "published": published,
        "editable": guide.status in workflow.EDITABLE and P.can_edit(request.user, agency),
        "can_edit": P.can_edit(request.user, agency),
        "can_review": P.can_review(request.user, agency),
    })


def _act(request, guide: ServiceGuide, allowed: bool, run) -> HttpResponse:
    if not allowed:
        return _forbidden(request)
    try:
        run()
    except workflow.GuideIncomplete as exc:
        messages.error(request, exc.message)
    except workflow.GuideTransitionError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, "；".join(m for ms in exc.message_dict.values() for m in ms))
    return redirect("staff:services_guide", pk=guide.pk)


@staff_view(P.may_edit_any)
@require_POST
def material_add(request, pk: int):
    guide = _guide_or_404(pk)
    if not P.can_edit(request.user, guide.item.agency):
        return _forbidden(request)
    form = forms.MaterialForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写材料名称。")
        return redirect("staff:services_guide", pk=guide.pk)
    return _act(request, guide, True, lambda: services.material_add(
        actor=request.user, guide=guide, name=form.cleaned_data["name"],
        copies=form.cleaned_data["copies"], note=form.cleaned_data["note"],
        condition_tags=form.tags()))


@staff_view(P.may_edit_any)
@require_POST
def material_attach(request, pk: int):
    material = get_object_or_404(GuideMaterial.objects.select_related("guide__item__agency"),
                                 pk=pk)
    guide = material.guide
    if not P.can_edit(request.user, guide.item.agency):
        return _forbidden(request)
    form = forms.MaterialFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择文件类型并上传文件。")
        return redirect("staff:services_guide", pk=guide.pk)
    upload = form.cleaned_data["file"]
    try:
        services.material_attach(actor=request.user, material=material,
                                 kind=form.cleaned_data["kind"], filename=upload.name,
                                 data=upload.read())
    except AttachmentRejected as exc:
        messages.error(request, exc.message)
    except (workflow.GuideTransitionError, ValidationError) as exc:
        messages.error(request, getattr(exc, "message", "无法上传。"))
    else:
        messages.success(request, "已上传。")
    return redirect("staff:services_guide", pk=guide.pk)


@staff_view(P.may_view_any)
def material_file(request, pk: int):
    """A form of any version (drafts included) for the agency's staff to check before
    publication; the public download is ``services:file`` (published versions only)."""
    stored = get_object_or_404(MaterialFile.objects.select_related("material__guide__item__agency"),
                               pk=pk)
    if not P.can_view_staff(request.user, stored.material.guide.item.agency):
        return _forbidden(request)
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("file missing") from exc
    response = FileResponse(handle, content_type=stored.content_type)
    response["Content-Disposition"] = content_disposition(stored.original_name,
                                                          fallback=f"form-{stored.pk}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_view(P.may_edit_any)
@require_POST
def guide_submit(request, pk: int):
    guide = _guide_or_404(pk)
    return _act(request, guide, P.can_edit(request.user, guide.item.agency),
                lambda: services.guide_submit(actor=request.user, guide=guide))


@staff_view(P.may_review_any)
@require_POST
def guide_approve(request, pk: int):
    guide = _guide_or_404(pk)
    return _act(request, guide, P.can_review(request.user, guide.item.agency),
                lambda: services.guide_approve(actor=request.user, guide=guide,
                                               comment=request.POST.get("comment", "")))


@staff_view(P.may_review_any)
@require_POST
def guide_return(request, pk: int):
    guide = _guide_or_404(pk)
    return _act(request, guide, P.can_review(request.user, guide.item.agency),
                lambda: services.guide_return(actor=request.user, guide=guide,
                                              comment=request.POST.get("comment", "")))


@staff_view(P.may_edit_any)
@require_POST
def guide_redraft(request, pk: int):
    item = get_object_or_404(ServiceItem.objects.select_related("agency"), pk=pk)
    if not P.can_edit(request.user, item.agency):
        return _forbidden(request)
    try:
        draft = services.guide_redraft(actor=request.user, item=item)
    except workflow.GuideTransitionError as exc:
        messages.error(request, exc.message)
        published = item.guides.order_by("-number").first()
        return redirect("staff:services_guide", pk=published.pk) if published else redirect(
            "staff:services_index")
    return redirect("staff:services_guide", pk=draft.pk)


@staff_view(P.may_edit_any)
def scenarios(request):
    """The scenario guides as editable JSON (questions, choices, the items and material tags
    each answer implies): pick one, change the text, save; or paste a new one."""
    agencies = list(_agencies(P.agencies_editable(request.user)))
    chosen = next((a for a in agencies
                   if str(a.pk) == (request.POST or request.GET).get("agency")), agencies[0])
    existing = list(selectors.scenarios(agency_id=chosen.pk))
    slug = request.GET.get("slug", "")
    current = next((s for s in existing if s.slug == slug), None)
    text = json.dumps(selectors.scenario_data(current), ensure_ascii=False, indent=1) \
        if current else ""
    error = ""
    if request.method == "POST":
        text = request.POST.get("data", "")
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise ValueError
        except ValueError:
            error = "内容不是有效的 JSON 对象。"
        else:
            try:
                saved = services.scenario_save(actor=request.user, agency=chosen, data=data)
            except ValidationError as exc:
                error = "；".join(m for ms in exc.message_dict.values() for m in ms)
            except (KeyError, TypeError, AttributeError):
                error = "内容缺少必要的键（slug、title、questions 及其 key、text、choices 的 value、label）。"
            else:
                messages.success(request, "已保存场景引导。")
                return redirect(f"{request.path}?agency={chosen.pk}&slug={saved.slug}")
    return render(request, "services/staff/scenarios.html", {
        "agencies": agencies, "chosen": chosen, "scenarios": existing, "current": current,
        "text": text, "error": error})
