"""Staff pages: the plans (the office drafts points and tasks and publishes progress), a
page per department with its tasks and what is due, and the department's progress report.
``staff_view`` asks whether the person works on plans anywhere; each view asks again for
the plan's agency or the task's department."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core.access import staff_view
from gongkai.core.models import Agency, Department
from gongkai.core.policies import PermissionDeniedError, roles_of
from gongkai.workplans import forms, selectors, services
from gongkai.workplans.models import WorkPlan, WorkTask
from gongkai.workplans.policies import WorkPlanPolicy, may_use_any
from gongkai.workplans.workflow import InvalidTransition

ACTIONS = ("point", "task", "progress", "publish")


def _errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/forbidden.html", status=403)


def _departments(user: Any) -> list[Department]:
    """The departments whose page the person may open (own ones, or all of a managed agency)."""
    ids = WorkPlanPolicy.agencies_managed(user)
    qs = Department.objects.filter(is_active=True).select_related("agency") \
        .order_by("agency__sort_order", "sort_order", "pk")
    if ids is None:
        return list(qs)
    own = {m.department_id for m in roles_of(user) if m.department_id}
    agencies = set(ids) | {m.agency_id for m in roles_of(user) if m.department_id is None
                           and m.role in ("editor", "department_head")}
    return [d for d in qs if d.agency_id in agencies or d.pk in own]


@staff_view(may_use_any)
@require_http_methods(["GET", "POST"])
def plan_list(request: HttpRequest) -> HttpResponse:
    managed = WorkPlanPolicy.agencies_managed(request.user)
    agencies = Agency.objects.filter(is_active=True).order_by("sort_order", "pk")
    if managed is not None:
        agencies = agencies.filter(pk__in=managed)
    form = forms.PlanForm(request.POST or None, agencies=agencies,
                          initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_create(actor=request.user, agency=data["agency"],
                                        year=data["year"], title=data["title"],
                                        document_number=data["document_number"])
        except PermissionDeniedError:
            return _forbidden(request)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, "已建立工作要点。")
            return redirect("staff:workplans_detail", pk=plan.pk)
    plans = selectors.plans_visible(agency_ids=WorkPlanPolicy.agencies_visible(request.user))
    return render(request, "workplans/staff/list.html", {
        "plans": plans, "form": form if agencies.exists() else None,
        "departments": _departments(request.user)})


def _plan(request: HttpRequest, pk: int) -> WorkPlan:
    plan = selectors.plans_visible(agency_ids=WorkPlanPolicy.agencies_visible(request.user)) \
        .filter(pk=pk).first()
    if plan is None:
        raise Http404("no such plan")
    return plan


def _plan_forms(plan: WorkPlan, bound: tuple[str, Any] | None = None) -> dict[str, Any]:
    made = {
        "point": lambda: forms.PointForm(prefix="point", initial={
            "number": (plan.points.order_by("-number").values_list("number", flat=True)
                       .first() or 0) + 1}),
        "task": lambda: forms.TaskForm(prefix="task", plan=plan),
        "progress": lambda: forms.PublishProgressForm(prefix="progress", plan=plan),
        "publish": lambda: forms.PublishPlanForm(prefix="publish"),
    }
    out = {}
    for action, make in made.items():
        if action == "publish" and plan.is_public:
            continue
        if action == "progress" and not plan.is_public:
            continue
        out[action] = bound[1] if bound and bound[0] == action else make()
    return out


def _detail(request: HttpRequest, plan: WorkPlan, bound: tuple[str, Any] | None = None) -> HttpResponse:
    can_manage = WorkPlanPolicy.can_manage(request.user, plan.agency_id)
    return render(request, "workplans/staff/detail.html", {
        "plan": plan, "rows": selectors.point_rows(plan),
        "reports": selectors.plan_tasks_reports(plan), "can_manage": can_manage,
        "forms": _plan_forms(plan, bound) if can_manage else {},
        "labels": {"point": "增加要点", "task": "分解任务", "progress": "公开要点进展",
                   "publish": "公开工作要点"}})


@staff_view(may_use_any)
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _plan(request, pk))


@staff_view(may_use_any)
@require_POST
def plan_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    plan = _plan(request, pk)
    if action not in ACTIONS:
        raise Http404("no such step")
    if not WorkPlanPolicy.can_manage(request.user, plan.agency_id):
        return _forbidden(request)
    form: Any
    if action == "point":
        form = forms.PointForm(request.POST, prefix="point")
    elif action == "task":
        form = forms.TaskForm(request.POST, prefix="task", plan=plan)
    elif action == "progress":
        form = forms.PublishProgressForm(request.POST, prefix="progress", plan=plan)
    else:
        form = forms.PublishPlanForm(request.POST, prefix="publish")
    if form.is_valid():
        data, actor = form.cleaned_data, request.user
        try:
            if action == "point":
                services.point_add(actor=actor, plan=plan, number=data["number"],
                                   title=data["title"], text=data["text"],
                                   chapter=data["chapter"])
            elif action == "task":
                services.task_add(actor=actor, point=data["point"],
                                  lead_department=data["lead_department"],
                                  deadline=data["deadline"], measures=data["measures"])
            elif action == "progress":
                services.progress_publish(actor=actor, point=data["point"], status=data["status"],
                                          percent=data["percent"], progress=data["progress"],
                                          problems=data["problems"],
                                          next_steps=data["next_steps"])
            else:
                services.plan_publish(actor=actor, plan=plan)
        except PermissionDeniedError:
            return _forbidden(request)
        except InvalidTransition as exc:
            messages.error(request, exc.message)
            return redirect("staff:workplans_detail", pk=plan.pk)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("staff:workplans_detail", pk=plan.pk)
    plan.refresh_from_db()
    return _detail(request, plan, (action, form))


@staff_view(may_use_any)
@require_GET
def department(request: HttpRequest, department_id: int) -> HttpResponse:
    found = next((d for d in _departments(request.user) if d.pk == department_id), None)
    if found is None:
        raise Http404("no such department")
    today = timezone.localdate()
    rows = selectors.department_tasks(department_id=found.pk, today=today)
    may_report = WorkPlanPolicy.department_ok(request.user, found.agency_id, found.pk)
    return render(request, "workplans/staff/department.html", {
        "department": found, "rows": rows, "today": today, "may_report": may_report,
        "form_for": {row.task.pk: forms.ReportForm(prefix=f"t{row.task.pk}",
                                                   initial={"reported_on": today})
                     for row in rows} if may_report else {}})


@staff_view(may_use_any)
@require_POST
def task_report(request: HttpRequest, pk: int) -> HttpResponse:
    task = WorkTask.objects.select_related("point__plan", "lead_department").filter(pk=pk).first()
    ids = WorkPlanPolicy.agencies_visible(request.user)
    if task is None or (ids is not None and task.point.plan.agency_id not in ids):
        raise Http404("no such task")
    if not WorkPlanPolicy.can_report(request.user, task):
        return _forbidden(request)
    form = forms.ReportForm(request.POST, prefix=f"t{task.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.progress_report(actor=request.user, task=task, status=data["status"],
                                     percent=data["percent"], progress=data["progress"],
                                     problems=data["problems"], next_steps=data["next_steps"],
                                     reported_on=data["reported_on"])
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, "进展已报送。")
            return redirect("staff:workplans_department", department_id=task.lead_department_id)
    today = timezone.localdate()
    rows = selectors.department_tasks(department_id=task.lead_department_id, today=today)
    return render(request, "workplans/staff/department.html", {
        "department": task.lead_department, "rows": rows, "today": today, "may_report": True,
        "form_for": {row.task.pk: form if row.task.pk == task.pk else forms.ReportForm(
            prefix=f"t{row.task.pk}", initial={"reported_on": today}) for row in rows}})
