"""Staff pages: interpretations (draft, prepare, publish), 三同步 exemptions, the list of
late and missing interpretations, and the 50 % dashboard with the list behind each figure.

``staff_view`` asks whether the person may use the pages at all; each view asks again for
the object's agency (another agency's object is a 404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.shortcuts import render as _render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.catalogue.models import Record, RecordStatus
from gongkai.core.access import staff_view
from gongkai.core.policies import PermissionDeniedError
from gongkai.core.workflow import InvalidTransition
from gongkai.interpretations import limits, selectors, services
from gongkai.interpretations.forms import InterpretationForm, NewInterpretationForm, WaiverForm
from gongkai.interpretations.models import NON_TEXT, Form, Interpretation, Status, Waiver
from gongkai.interpretations.policies import InterpretationPolicy, may_edit_any, may_view_any


def render(request: HttpRequest, template: str, context: dict[str, Any] | None = None,
           status: int = 200) -> HttpResponse:
    """The pages share a menu; the rules entry is shown to those who may set rules."""
    return _render(request, template, {**(context or {}),
                                       "can_set_rules": may_set_rules(request.user)},
                   status=status)


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/forbidden.html", status=403)


def _apply(form: Any, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        for message in errors:
            form.add_error(name if name in form.fields else None, message)


def _visible(request: HttpRequest, agency_id: int) -> None:
    if not InterpretationPolicy.can_view(request.user, agency_id):
        raise Http404("not visible")


def _item(request: HttpRequest, pk: int) -> Interpretation:
    item = get_object_or_404(Interpretation.objects.select_related(
        "policy", "policy__genre", "agency", "department", "record"), pk=pk)
    _visible(request, item.agency_id)
    return item


def _pending_policies(ids: list[int] | None) -> list[Record]:
    """Unpublished policies a 三同步 rule covers with neither an interpretation prepared nor
    an exemption: what will be refused at publication today."""
    qs = Record.objects.filter(current_version__isnull=True, status__in=[
        RecordStatus.DRAFT, RecordStatus.IN_REVIEW, RecordStatus.RETURNED,
        RecordStatus.SCHEDULED]).select_related("genre").order_by("-pk")
    if ids is not None:
        qs = qs.filter(agency_id__in=ids)
    records = services.needs_interpretation(list(qs[:500]))
    return [r for r in records if services.sync_guard([r])]


@staff_view(may_view_any)
@require_safe
def interpretation_list(request: HttpRequest) -> HttpResponse:
    ids = InterpretationPolicy.agencies_visible(request.user)
    qs = selectors.for_agencies(ids)
    status = request.GET.get("status", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "interpretations/staff/list.html", {
        "page_obj": page, "statuses": Status.choices, "status": status,
        "pending": _pending_policies(ids), "can_edit": may_edit_any(request.user)})


@staff_view(may_edit_any)
@require_http_methods(["GET", "POST"])
def interpretation_new(request: HttpRequest) -> HttpResponse:
    ids = InterpretationPolicy.agencies_editable(request.user)
    initial = {"policy": request.GET.get("policy", "")}
    policy = None
    agency_id = None
    if request.method == "POST":
        try:
            policy = Record.objects.select_related("genre").filter(
                pk=int(request.POST.get("policy", ""))).first()
        except ValueError:
            policy = None
        if policy is not None and (ids is None or policy.agency_id in ids):
            agency_id = policy.agency_id
    form = NewInterpretationForm(request.POST or None, initial=initial,
                                 agency_id=agency_id or (ids[0] if ids else 0))
    if request.method == "POST" and form.is_valid():
        if agency_id is None or policy is None:
            form.add_error("policy", "没有找到这份政策文件（请填写本机构信息的编号）。")
        else:
            data = {k: v for k, v in form.cleaned_data.items() if k != "policy"}
            try:
                item = services.interpretation_create(actor=request.user, policy=policy, **data)
            except ValidationError as exc:
                _apply(form, exc)
            except PermissionDeniedError:
                return _forbidden(request)
            else:
                messages.success(request, "已创建解读。")
                return redirect("staff:interpretations_edit", pk=item.pk)
    return render(request, "interpretations/staff/edit.html", {"form": form, "item": None},
                  status=400 if form.errors else 200)


@staff_view(may_view_any)
@require_http_methods(["GET", "POST"])
def interpretation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    can_edit = InterpretationPolicy.can_edit(request.user, item.agency_id)
    form = InterpretationForm(request.POST or None, instance=item, agency_id=item.agency_id)
    if request.method == "POST":
        if not can_edit:
            return _forbidden(request)
        if form.is_valid():
            try:
                services.interpretation_update(actor=request.user, interpretation=item,
                                               **form.cleaned_data)
            except ValidationError as exc:
                _apply(form, exc)
            except InvalidTransition as exc:
                messages.error(request, exc.message)
                return redirect("staff:interpretations_edit", pk=item.pk)
            else:
                messages.success(request, "已保存。")
                return redirect("staff:interpretations_edit", pk=item.pk)
    return render(request, "interpretations/staff/edit.html", {
        "form": form, "item": item, "can_edit": can_edit,
        "can_publish": InterpretationPolicy.can_publish(request.user, item.agency_id),
        "missing": services.readiness_errors(item) if item.status == Status.DRAFT else {},
    }, status=400 if form.errors else 200)


def _action(request: HttpRequest, pk: int, run: Any, done: str) -> HttpResponse:
    item = _item(request, pk)
    try:
        run(item)
    except PermissionDeniedError:
        return _forbidden(request)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except InvalidTransition as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("staff:interpretations_edit", pk=item.pk)


@staff_view(may_edit_any)
@require_POST
def interpretation_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, lambda item: services.interpretation_prepare(
        actor=request.user, interpretation=item), "解读已备妥，将与政策文件同步发布。")


@staff_view(may_edit_any)
@require_POST
def interpretation_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, lambda item: services.interpretation_reopen(
        actor=request.user, interpretation=item), "已退回起草。")


@staff_view(may_view_any)
@require_POST
def interpretation_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, lambda item: services.interpretation_publish(
        actor=request.user, interpretation=item), "解读已发布。")


@staff_view(may_view_any)
@require_http_methods(["GET", "POST"])
def waiver(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an exemption from 三同步 for one policy (pk: the policy's record)."""
    policy = get_object_or_404(Record.objects.select_related("genre", "agency"), pk=pk)
    _visible(request, policy.agency_id)
    existing = Waiver.objects.filter(policy=policy).first()
    form = WaiverForm(request.POST or None, initial={"kind": existing.kind,
                                                     "reason": existing.reason}
                      if existing else None)
    if request.method == "POST":
        if not InterpretationPolicy.can_waive(request.user, policy.agency_id):
            return _forbidden(request)
        if form.is_valid():
            try:
                services.waiver_record(actor=request.user, policy=policy, **form.cleaned_data)
            except ValidationError as exc:
                _apply(form, exc)
            else:
                messages.success(request, "已登记三同步例外。")
                return redirect("staff:interpretations_sync")
    return render(request, "interpretations/staff/waiver.html", {
        "form": form, "policy": policy, "existing": existing,
        "delay": limits.delay()}, status=400 if form.errors else 200)


@staff_view(may_view_any)
@require_safe
def sync(request: HttpRequest) -> HttpResponse:
    ids = InterpretationPolicy.agencies_visible(request.user)
    rows = selectors.sync_rows(ids)
    state = request.GET.get("state", "")
    if state:
        rows = [r for r in rows if r.state == state]
    return render(request, "interpretations/staff/sync.html", {
        "rows": rows, "state": state, "delay": limits.delay(),
        "today": timezone.localdate()})


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    return year if 2008 <= year <= 2100 else timezone.localdate().year


@staff_view(may_view_any)
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    ids = InterpretationPolicy.agencies_visible(request.user)
    year = _year(request)
    overall, departments = selectors.share(year=year, agency_ids=ids)
    return render(request, "interpretations/staff/dashboard.html", {
        "year": year, "overall": overall, "departments": departments,
        "forms": list(Form), "target": limits.NON_TEXT_TARGET * 100,
        "citation": limits.NON_TEXT_CITATION, "non_text": [f.value for f in NON_TEXT]})


@staff_view(may_view_any)
@require_safe
def share_list(request: HttpRequest) -> HttpResponse:
    ids = InterpretationPolicy.agencies_visible(request.user)
    year = _year(request)
    form = request.GET.get("form", "")
    if form not in Form.values and form != "non_text":
        form = ""
    department = request.GET.get("department", "")[:20]
    items = list(selectors.share_list(year=year, agency_ids=ids, form=form,
                                      department=department)[:1000])
    label = "多元化解读" if form == "non_text" else (Form(form).label if form else "全部解读")
    name = ""
    if department == "none":
        name = selectors.NO_DEPARTMENT
    elif department.isdigit():
        from gongkai.core.models import Department

        name = Department.objects.filter(pk=int(department)).values_list(
            "name", flat=True).first() or ""
    return render(request, "interpretations/staff/share_list.html", {
        "items": items, "year": year, "label": label, "department": name})


def _admin_agencies(user: Any) -> list[Any]:
    from gongkai.core.models import Agency, Role
    from gongkai.core.policies import agency_ids_for

    ids = agency_ids_for(user, [Role.AGENCY_ADMIN])
    qs = Agency.objects.order_by("name")
    return list(qs if ids is None else qs.filter(pk__in=ids))


def may_set_rules(user: Any) -> bool:
    return bool(_admin_agencies(user))


@staff_view(may_set_rules)
@require_http_methods(["GET", "POST"])
def rules(request: HttpRequest) -> HttpResponse:
    """须同步解读的体裁: the agency administrator says which genres need an interpretation,
    for documents formed from which day."""
    from gongkai.catalogue.models import Genre
    from gongkai.interpretations.forms import SyncRuleForm
    from gongkai.interpretations.models import SyncRule

    agencies = _admin_agencies(request.user)
    form = SyncRuleForm(request.POST or None, agencies=agencies,
                        initial={"applies_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agency = next(a for a in agencies if a.pk == data["agency"])
        services.sync_rule_set(actor=request.user, agency=agency,
                               genre=Genre.objects.get(pk=data["genre"]),
                               applies_from=data["applies_from"])
        messages.success(request, "已保存。")
        return redirect("staff:interpretations_rules")
    rows = SyncRule.objects.filter(agency__in=agencies).select_related("agency", "genre")
    return render(request, "interpretations/staff/rules.html", {"form": form, "rows": rows},
                  status=400 if form.errors else 200)


urlpatterns = [
    path("rules/", rules, name="interpretations_rules"),
    path("", interpretation_list, name="interpretations_list"),
    path("new/", interpretation_new, name="interpretations_new"),
    path("<int:pk>/", interpretation_edit, name="interpretations_edit"),
    path("<int:pk>/prepare/", interpretation_prepare, name="interpretations_prepare"),
    path("<int:pk>/reopen/", interpretation_reopen, name="interpretations_reopen"),
    path("<int:pk>/publish/", interpretation_publish, name="interpretations_publish"),
    path("policies/<int:pk>/waiver/", waiver, name="interpretations_waiver"),
    path("sync/", sync, name="interpretations_sync"),
    path("dashboard/", dashboard, name="interpretations_dashboard"),
    path("dashboard/items/", share_list, name="interpretations_share_list"),
]
