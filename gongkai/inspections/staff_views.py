"""Staff pages of random inspections under /staff/inspections/ (``staff`` namespace)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.core.access import staff_view
from gongkai.core.models import Agency
from gongkai.core.workflow import InvalidTransition
from gongkai.inspections import selectors, services
from gongkai.inspections.forms import DrawForm, ImportForm, PlanForm, ResultForm
from gongkai.inspections.models import Inspection, InspectionItem, Plan, PlanStatus
from gongkai.inspections.policies import InspectionPolicy, may_edit_any, may_view_any


def _agencies(ids: list[int] | None) -> list[Agency]:
    qs = Agency.objects.filter(is_active=True).order_by("name")
    return list(qs if ids is None else qs.filter(pk__in=ids))


def _errors_into(form: Any, exc: ValidationError) -> None:
    for field, errors in (exc.message_dict if hasattr(exc, "error_dict")
                          else {"__all__": exc.messages}).items():
        form.add_error(field if field in form.fields else None, errors)


@staff_view(may_view_any)
@require_http_methods(["GET"])
def plan_list(request: HttpRequest) -> HttpResponse:
    ids = InspectionPolicy.agencies_viewable(request.user)
    return render(request, "inspections/staff/plans.html", {
        "plans": selectors.staff_plans(ids), "pools": selectors.pools(ids)[:50],
        "may_edit": may_edit_any(request.user)})


@staff_view(may_edit_any)
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest) -> HttpResponse:
    agencies = _agencies(InspectionPolicy.agencies_editable(request.user))
    form = ImportForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        agency = next(a for a in agencies if a.pk == form.cleaned_data["agency"])
        upload = form.cleaned_data["file"]
        data = upload.read()
        kind = form.cleaned_data["kind"]
        try:
            if kind == "items":
                count = services.items_import(actor=request.user, agency=agency, data=data)
            else:
                count = services.pool_import(actor=request.user, agency=agency, kind=kind,
                                             data=data, filename=upload.name).row_count
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, f"已导入{count}行。")
            return redirect("staff:inspections_plans")
    return render(request, "inspections/staff/import.html", {"form": form})


@staff_view(may_edit_any)
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest) -> HttpResponse:
    ids = InspectionPolicy.agencies_editable(request.user)
    agencies = _agencies(ids)
    items = InspectionItem.objects.select_related("agency").order_by("agency_id", "number")
    if ids is not None:
        items = items.filter(agency_id__in=ids)
    form = PlanForm(request.POST or None, agencies=agencies, items=items)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agency = next(a for a in agencies if a.pk == data["agency"])
        try:
            found = services.plan_create(
                actor=request.user, agency=agency, title=data["title"],
                items=items.filter(pk__in=[int(i) for i in data["items"]]),
                share_bp=int(Decimal(data["share_percent"]) * 100),
                inspectors_per_entity=data["inspectors_per_entity"],
                inspector_field=data["inspector_field"],
                period_start=data["period_start"], period_end=data["period_end"],
                public_value_source=data["public_value_source"],
                public_value_date=data["public_value_date"])
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, "已保存抽查计划。")
            return redirect("staff:inspections_plan", pk=found.pk)
    return render(request, "inspections/staff/plan_new.html", {"form": form})


def _plan(request: HttpRequest, pk: int) -> Plan:
    found = get_object_or_404(Plan.objects.select_related("agency", "entity_pool",
                                                         "inspector_pool"), pk=pk)
    if not InspectionPolicy.can_view(request.user, found.agency):
        raise Http404
    return found


@staff_view(may_view_any)
@require_http_methods(["GET"])
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = _plan(request, pk)
    return render(request, "inspections/staff/plan.html", {
        "plan": found, "statuses": PlanStatus, "draw_form": DrawForm(),
        "result_form": ResultForm(), "inspections": found.inspections.order_by("order")[:500],
        "may_edit": InspectionPolicy.can_edit(request.user, found.agency),
        "events": found.events.select_related("actor")})


def _act(request: HttpRequest, found: Plan, action, done: str, **kwargs: Any) -> HttpResponse:
    if not InspectionPolicy.can_edit(request.user, found.agency):
        return render(request, "staff/forbidden.html", status=403)
    try:
        action(actor=request.user, **kwargs)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except InvalidTransition as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("staff:inspections_plan", pk=found.pk)


@staff_view(may_edit_any)
@require_POST
def plan_commit(request: HttpRequest, pk: int) -> HttpResponse:
    found = _plan(request, pk)
    return _act(request, found, services.plan_commit, "已公布承诺值。", plan=found)


@staff_view(may_edit_any)
@require_POST
def plan_draw(request: HttpRequest, pk: int) -> HttpResponse:
    found = _plan(request, pk)
    form = DrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写公开随机值。")
        return redirect("staff:inspections_plan", pk=found.pk)
    return _act(request, found, services.plan_draw, "已抽取并公布。", plan=found,
                public_value=form.cleaned_data["public_value"])


@staff_view(may_edit_any)
@require_POST
def result_record(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(Inspection.objects.select_related("plan__agency"), pk=pk)
    found = inspection.plan
    if not InspectionPolicy.can_view(request.user, found.agency):
        raise Http404
    form = ResultForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("staff:inspections_plan", pk=found.pk)
    return _act(request, found, services.result_record, "已记录检查结果。",
                inspection=inspection, **form.cleaned_data)


@staff_view(may_edit_any)
@require_POST
def results_publish(request: HttpRequest, pk: int) -> HttpResponse:
    found = _plan(request, pk)
    return _act(request, found, services.results_publish, "已公开检查结果。", plan=found)


urlpatterns = [
    path("", plan_list, name="inspections_plans"),
    path("import/", import_view, name="inspections_import"),
    path("plans/new/", plan_new, name="inspections_plan_new"),
    path("plans/<int:pk>/", plan_detail, name="inspections_plan"),
    path("plans/<int:pk>/commit/", plan_commit, name="inspections_plan_commit"),
    path("plans/<int:pk>/draw/", plan_draw, name="inspections_plan_draw"),
    path("plans/<int:pk>/publish/", results_publish, name="inspections_results_publish"),
    path("inspections/<int:pk>/result/", result_record, name="inspections_result"),
]
