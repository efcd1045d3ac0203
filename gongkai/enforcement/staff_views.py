"""Staff pages of enforcement publicity under /staff/enforcement/ (``staff`` namespace).

``staff_view`` asks the coarse question (does the person hold an enforcement role
anywhere); each page asks the policy again about the decision's agency.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.core.access import staff_view
from gongkai.core.models import Agency
from gongkai.core.workflow import InvalidTransition
from gongkai.enforcement import selectors, services
from gongkai.enforcement.forms import BodyForm, DecisionForm, GuidanceForm, OfficerForm, WithdrawForm
from gongkai.enforcement.models import Category, Decision, DecisionStatus
from gongkai.enforcement.policies import EnforcementPolicy, may_edit_any, may_view_any


def _agencies(ids: list[int] | None) -> list[Agency]:
    qs = Agency.objects.filter(is_active=True).order_by("name")
    return list(qs if ids is None else qs.filter(pk__in=ids))


def _apply_errors(form: Any, exc: ValidationError, mapping: dict[str, str] | None = None) -> None:
    for field, errors in (exc.message_dict if hasattr(exc, "error_dict")
                          else {"__all__": exc.messages}).items():
        name = (mapping or {}).get(field, field)
        form.add_error(name if name in form.fields else None, errors)


@staff_view(may_view_any)
@require_http_methods(["GET"])
def decision_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in DecisionStatus.values else ""
    category = request.GET.get("category", "")
    category = category if category in Category.values else ""
    qs = selectors.staff_decisions(agency_ids=EnforcementPolicy.agencies_viewable(request.user),
                                   status=status, category=category,
                                   q=request.GET.get("q", "")[:100])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    year = timezone.localdate().year
    summary = [(agency, selectors.year_figures(agency.pk, y))
               for agency in _agencies(EnforcementPolicy.agencies_viewable(request.user))[:20]
               for y in (year, year - 1)]
    return render(request, "enforcement/staff/list.html", {
        "summary": summary, "category_labels": dict(Category.choices),
        "page_obj": page, "statuses": DecisionStatus.choices, "categories": Category.choices,
        "filters": {"status": status, "category": category, "q": request.GET.get("q", "")[:100]},
        "may_edit": may_edit_any(request.user)})


@staff_view(may_edit_any)
@require_http_methods(["GET", "POST"])
def decision_new(request: HttpRequest) -> HttpResponse:
    agencies = _agencies(EnforcementPolicy.agencies_editable(request.user))
    form = DecisionForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        agency = next(a for a in agencies if a.pk == data.pop("agency"))
        try:
            found = services.decision_record(actor=request.user, agency=agency, **data)
        except ValidationError as exc:
            _apply_errors(form, exc, {"party": "party_name"})
        else:
            messages.success(request, f"已登记，应于{found.publish_by:%Y年%m月%d日}前公开。")
            return redirect("staff:enforcement_decision", pk=found.pk)
    return render(request, "enforcement/staff/new.html", {"form": form})


def _decision(request: HttpRequest, pk: int) -> Decision:
    found = get_object_or_404(Decision.objects.select_related("agency", "body", "record"), pk=pk)
    if not EnforcementPolicy.can_view(request.user, found.agency):
        raise Http404
    return found


@staff_view(may_view_any)
@require_http_methods(["GET"])
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = _decision(request, pk)
    return render(request, "enforcement/staff/detail.html", {
        "decision": found, "shown": services.public_fields(found),
        "events": found.events.select_related("actor"),
        "may_edit": EnforcementPolicy.can_edit(request.user, found.agency),
        "withdraw_form": WithdrawForm(), "statuses": DecisionStatus})


def _act(request: HttpRequest, found: Decision, action, done: str, **kwargs: Any) -> HttpResponse:
    if not EnforcementPolicy.can_edit(request.user, found.agency):
        return render(request, "staff/forbidden.html", status=403)
    try:
        action(actor=request.user, decision=found, **kwargs)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except InvalidTransition as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("staff:enforcement_decision", pk=found.pk)


@staff_view(may_edit_any)
@require_POST
def decision_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, _decision(request, pk), services.decision_publish, "已公开。")


@staff_view(may_edit_any)
@require_POST
def decision_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    found = _decision(request, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("staff:enforcement_decision", pk=found.pk)
    return _act(request, found, services.decision_withdraw, "已撤回并公开说明理由。",
                **form.cleaned_data)


@staff_view(may_edit_any)
@require_http_methods(["GET", "POST"])
def publicity(request: HttpRequest) -> HttpResponse:
    """事前公开: enforcement bodies, officers and guidance pages of one agency."""
    agencies = _agencies(EnforcementPolicy.agencies_editable(request.user))
    chosen = request.POST.get("agency") or request.GET.get("agency") or ""
    agency = next((a for a in agencies if str(a.pk) == chosen), agencies[0] if agencies else None)
    if agency is None:
        return render(request, "staff/forbidden.html", status=403)
    forms = {"officer": OfficerForm(prefix="officer"), "body": BodyForm(prefix="body"),
             "guidance": GuidanceForm(prefix="guidance")}
    which = request.POST.get("form", "")
    if request.method == "POST" and which in forms:
        form_class = {"officer": OfficerForm, "body": BodyForm, "guidance": GuidanceForm}[which]
        form = form_class(request.POST, prefix=which)
        forms[which] = form
        if form.is_valid():
            action: Any = {"officer": services.officer_create, "body": services.body_create,
                           "guidance": services.guidance_create}[which]
            try:
                action(actor=request.user, agency=agency, **form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, "已保存。")
                return redirect(f"{request.path}?agency={agency.pk}")
    return render(request, "enforcement/staff/publicity.html", {
        "agencies": agencies, "agency": agency, "forms": forms,
        "bodies": selectors.bodies(agency.pk), "officers": selectors.officers(agency.pk),
        "guidance": selectors.guidance(agency.pk)})


urlpatterns = [
    path("", decision_list, name="enforcement_decisions"),
    path("new/", decision_new, name="enforcement_decision_new"),
    path("publicity/", publicity, name="enforcement_publicity"),
    path("<int:pk>/", decision_detail, name="enforcement_decision"),
    path("<int:pk>/publish/", decision_publish, name="enforcement_decision_publish"),
    path("<int:pk>/withdraw/", decision_withdraw, name="enforcement_decision_withdraw"),
]
