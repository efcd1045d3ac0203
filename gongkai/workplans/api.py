"""API: a published work plan with its points, tasks and published progress (public), and
the office's publication of a point's progress (staff)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status

from gongkai.api.auth import STAFF_AUTH
from gongkai.api.errors import ApiError, responses
from gongkai.core.access import public_view
from gongkai.core.policies import PermissionDeniedError
from gongkai.core.selectors import agency_resolve
from gongkai.workplans import selectors, services
from gongkai.workplans.models import WorkPlan, WorkPoint
from gongkai.workplans.policies import WorkPlanPolicy

router = Router(tags=["workplans"])


class TaskOut(Schema):
    lead_department: str
    deadline: dt.date
    measures: str


class ProgressOut(Schema):
    published_on: dt.date
    status: str
    percent: int
    progress: str
    problems: str
    next_steps: str


class PointOut(Schema):
    number: int
    chapter: str
    title: str
    text: str
    deadline: dt.date | None
    done: bool
    late: bool
    tasks: list[TaskOut]
    progress: ProgressOut | None


class CountsOut(Schema):
    points: int
    done: int
    on_time: int
    late: int


class PlanOut(Schema):
    agency: str
    year: int
    title: str
    document_number: str
    published_on: dt.date | None
    counts: CountsOut
    points: list[PointOut]


@router.get("/workplans/{agency}/{year}", response=PlanOut, auth=None,
            summary="年度工作要点及各要点已公开的进展")
@public_view
def plan_detail(request, agency: str, year: int):
    """``agency`` is the organisation code or the URL slug; only a published plan."""
    found = agency_resolve(agency)
    if found is None:
        raise ApiError(404, "没有这个机构。")
    plan = selectors.public_plan(agency_id=found.pk, year=year)
    if plan is None:
        raise ApiError(404, "该年度的工作要点尚未公开。")
    return selectors.plan_data(plan)


class ProgressIn(Schema):
    # Checked by the service after the permission check: every field has a default.
    status: str = Field("", description="not_started / in_progress / done / delayed")
    percent: int = Field(0, ge=0, le=100)
    progress: str = ""
    problems: str = ""
    next_steps: str = ""
    published_on: dt.date | None = None


@router.post("/staff/workplans/{agency}/{year}/points/{int:number}/progress",
             response={200: PlanOut, **responses(409)}, auth=STAFF_AUTH,
             summary="公开某项要点的进展（工作要点公开后）")
def point_progress_publish(request, agency: str, year: int, number: int, payload: ProgressIn):
    found = agency_resolve(agency)
    plan = None if found is None else WorkPlan.objects.filter(agency=found, year=year).first()
    point = None if plan is None else WorkPoint.objects.filter(plan=plan, number=number).first()
    if point is None or plan is None:
        raise ApiError(404, "没有这项工作要点。")
    if not WorkPlanPolicy.can_manage(request.auth, plan.agency_id):
        raise PermissionDeniedError
    try:
        services.progress_publish(actor=request.auth, point=point, status=payload.status,
                                  percent=payload.percent, progress=payload.progress,
                                  problems=payload.problems, next_steps=payload.next_steps,
                                  published_on=payload.published_on)
    except ValidationError as exc:
        raw = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        raise ApiError(422, next(iter(raw.values()))[0], fields=raw) from exc
    return selectors.plan_data(WorkPlan.objects.select_related("agency").get(pk=plan.pk))


class WorkPlanReportIn(Schema):
    department: str = Field("", description="牵头处室名称（该要点下由其牵头的任务）")
    status: str = Field("", description="not_started / in_progress / done / delayed")
    percent: int = Field(0, ge=0, le=100)
    progress: str = ""
    problems: str = ""
    next_steps: str = ""
    reported_on: dt.date | None = None


class WorkPlanReportOut(Schema):
    id: int
    task_deadline: dt.date
    reported_on: dt.date
    status: str
    percent: int
    reporter_name: str


@router.post("/staff/workplans/{agency}/{year}/points/{int:number}/reports",
             response={201: WorkPlanReportOut, **responses(409)}, auth=STAFF_AUTH,
             summary="处室报送任务进展（本处室牵头的任务）")
def task_report(request, agency: str, year: int, number: int, payload: WorkPlanReportIn):
    found = agency_resolve(agency)
    point = None if found is None else WorkPoint.objects.filter(
        plan__agency=found, plan__year=year, number=number).first()
    visible = WorkPlanPolicy.agencies_visible(request.auth)
    if point is None or (visible is not None and found.pk not in visible):  # type: ignore[union-attr]
        raise ApiError(404, "没有这项工作要点。")
    task = point.tasks.select_related("point__plan").filter(
        lead_department__name=payload.department).order_by("deadline", "pk").first()
    if task is None:
        message = f"该要点没有由“{payload.department}”牵头的任务。"
        raise ApiError(422, message, fields={"department": [message]})
    try:
        report = services.progress_report(
            actor=request.auth, task=task, status=payload.status, percent=payload.percent,
            progress=payload.progress, problems=payload.problems, next_steps=payload.next_steps,
            reported_on=payload.reported_on)
    except ValidationError as exc:
        raw = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        raise ApiError(422, next(iter(raw.values()))[0], fields=raw) from exc
    return Status(201, {"id": report.pk, "task_deadline": task.deadline,
                        "reported_on": report.reported_on, "status": report.status,
                        "percent": report.percent, "reporter_name": report.reporter_name})
