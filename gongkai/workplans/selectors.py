"""Reads for work plans: the public progress page (published plans, published progress
only), the staff pages per plan and per department, and ``point_counts``, the figures the
evaluation dashboard counts (points, done, on time, late)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from gongkai.workplans.models import (
    PointProgress,
    ProgressReport,
    ProgressStatus,
    WorkPlan,
    WorkPoint,
    WorkTask,
)


def public_plan(*, agency_id: int, year: int) -> WorkPlan | None:
    return WorkPlan.objects.filter(agency_id=agency_id, year=year,
                                   published_on__isnull=False).first()


def public_years(*, agency_id: int) -> list[int]:
    return list(WorkPlan.objects.filter(agency_id=agency_id, published_on__isnull=False)
                .order_by("-year").values_list("year", flat=True))


def plans_visible(*, agency_ids: list[int] | None) -> QuerySet[WorkPlan]:
    qs = WorkPlan.objects.select_related("agency").order_by("agency__sort_order", "-year")
    return qs if agency_ids is None else qs.filter(agency_id__in=agency_ids)


@dataclass
class PointRow:
    point: WorkPoint
    tasks: list[WorkTask]
    history: list[PointProgress] = field(default_factory=list)  # oldest first
    deadline: dt.date | None = None
    done_on: dt.date | None = None
    late: bool = False

    @property
    def latest(self) -> PointProgress | None:
        return self.history[-1] if self.history else None

    @property
    def done(self) -> bool:
        return self.done_on is not None

    @property
    def on_time(self) -> bool:
        return self.done and (self.deadline is None or self.done_on <= self.deadline)  # type: ignore[operator]


def point_rows(plan: WorkPlan, *, today: dt.date | None = None) -> list[PointRow]:
    """Each point with its tasks and its published progress (three queries). A point's
    deadline is its last task's; it is done from the first publication of the run of
    "done" that it ends with; late when done after the deadline, or not done and the
    deadline has passed."""
    today = today or timezone.localdate()
    points = (WorkPoint.objects.filter(plan=plan).order_by("number")
              .prefetch_related(
                  Prefetch("tasks", queryset=WorkTask.objects.select_related("lead_department")
                           .order_by("deadline", "pk")),
                  Prefetch("published", queryset=PointProgress.objects.order_by(
                      "published_on", "pk"))))
    rows = []
    for point in points:
        tasks = list(point.tasks.all())
        history = list(point.published.all())
        row = PointRow(point=point, tasks=tasks, history=history,
                       deadline=max((t.deadline for t in tasks), default=None))
        for entry in history:
            if entry.status == ProgressStatus.DONE:
                row.done_on = row.done_on or entry.published_on
            else:
                row.done_on = None
        if row.deadline is not None:
            row.late = (row.done_on > row.deadline) if row.done_on else row.deadline < today
        rows.append(row)
    return rows


def point_counts(*, agency_id: int, year: int, today: dt.date | None = None) -> dict[str, int]:
    """For the evaluation dashboard (考核评价): how many points the year's published plan
    has, how many are done (as published), done on time, and late (done late, or open past
    their deadline). Zeros when the plan is not published."""
    plan = public_plan(agency_id=agency_id, year=year)
    counts = {"points": 0, "done": 0, "on_time": 0, "late": 0}
    if plan is None:
        return counts
    for row in point_rows(plan, today=today):
        counts["points"] += 1
        counts["done"] += row.done
        counts["on_time"] += row.on_time
        counts["late"] += row.late
    return counts


@dataclass
class TaskRow:
    task: WorkTask
    latest: ProgressReport | None
    overdue: bool
    due_soon: bool


def department_tasks(*, department_id: int, today: dt.date | None = None,
                     due_within_days: int = 30) -> list[TaskRow]:
    """A department's tasks, soonest deadline first, with its latest report and whether
    the task is due soon or overdue (not reported done)."""
    today = today or timezone.localdate()
    tasks = (WorkTask.objects.filter(lead_department_id=department_id)
             .select_related("point", "point__plan", "lead_department")
             .prefetch_related(Prefetch("reports", queryset=ProgressReport.objects.order_by(
                 "-reported_on", "-pk")))
             .order_by("deadline", "pk"))
    rows = []
    for task in tasks:
        reports: list[Any] = list(task.reports.all())
        latest = reports[0] if reports else None
        done = latest is not None and latest.status == ProgressStatus.DONE
        rows.append(TaskRow(task=task, latest=latest, overdue=not done and task.deadline < today,
                            due_soon=not done and today <= task.deadline <=
                            today + dt.timedelta(days=due_within_days)))
    return rows


def plan_tasks_reports(plan: WorkPlan) -> dict[int, ProgressReport]:
    """The latest department report per task of the plan (staff page)."""
    latest: dict[int, ProgressReport] = {}
    for report in (ProgressReport.objects.filter(task__point__plan=plan)
                   .order_by("task_id", "-reported_on", "-pk")):
        latest.setdefault(report.task_id, report)
    return latest


def plan_data(plan: WorkPlan, *, today: dt.date | None = None) -> dict[str, Any]:
    """The public JSON of a published plan: points, tasks and published progress."""
    rows = point_rows(plan, today=today)
    return {
        "agency": plan.agency.slug, "year": plan.year, "title": plan.title,
        "document_number": plan.document_number, "published_on": plan.published_on,
        "counts": {"points": len(rows), "done": sum(r.done for r in rows),
                   "on_time": sum(r.on_time for r in rows), "late": sum(r.late for r in rows)},
        "points": [{
            "number": r.point.number, "chapter": r.point.chapter, "title": r.point.title,
            "text": r.point.text, "deadline": r.deadline, "done": r.done, "late": r.late,
            "tasks": [{"lead_department": t.lead_department.name, "deadline": t.deadline,
                       "measures": t.measures} for t in r.tasks],
            "progress": None if r.latest is None else {
                "published_on": r.latest.published_on, "status": r.latest.status,
                "percent": r.latest.percent, "progress": r.latest.progress,
                "problems": r.latest.problems, "next_steps": r.latest.next_steps},
        } for r in rows]}


def department_task_counts(*, agency_id: int, year: int,
                           today: dt.date | None = None) -> dict[int, dict[str, int]]:
    """Per lead department, for the evaluation dashboard's department lines: tasks of the
    year's plan (published or not), done (latest department report), done on time (that
    report dated on or before the deadline), and late (done after it, or not done and past
    it). Two queries."""
    today = today or timezone.localdate()
    tasks = list(WorkTask.objects.filter(point__plan__agency_id=agency_id, point__plan__year=year)
                 .values_list("pk", "lead_department_id", "deadline"))
    latest: dict[int, tuple[str, dt.date]] = {}
    for task_id, status, reported_on in (ProgressReport.objects.filter(
            task_id__in=[t[0] for t in tasks]).order_by("task_id", "-reported_on", "-pk")
            .values_list("task_id", "status", "reported_on")):
        latest.setdefault(task_id, (status, reported_on))
    counts: dict[int, dict[str, int]] = {}
    for task_id, department_id, deadline in tasks:
        line = counts.setdefault(department_id, {"tasks": 0, "done": 0, "on_time": 0, "late": 0})
        line["tasks"] += 1
        status, reported_on = latest.get(task_id, ("", today))
        done = status == ProgressStatus.DONE
        line["done"] += done
        line["on_time"] += done and reported_on <= deadline
        line["late"] += (reported_on > deadline) if done else (deadline < today)
    return counts
