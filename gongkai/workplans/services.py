"""Writes for work plans: each keyword-only, policy-checked, atomic and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.models import Agency, Department
from gongkai.core.policies import PermissionDeniedError
from gongkai.workplans.models import (
    PointProgress,
    ProgressReport,
    ProgressStatus,
    WorkPlan,
    WorkPoint,
    WorkTask,
)
from gongkai.workplans.policies import WorkPlanPolicy
from gongkai.workplans.workflow import check_progress, check_publish


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _check_progress_fields(status: str, percent: int) -> None:
    errors: dict[str, list[str]] = {}
    if status not in ProgressStatus.values:
        errors["status"] = ["请选择进展状态。"]
    if not 0 <= int(percent) <= 100:
        errors["percent"] = ["完成比例应在0到100之间。"]
    if status == ProgressStatus.DONE and int(percent) != 100:
        errors["percent"] = ["已完成的完成比例应为100。"]
    if errors:
        raise ValidationError(errors)


def plan_create(*, actor: Any, agency: Agency, year: int, title: str, document_number: str = "",
                introduction: str = "") -> WorkPlan:
    _require(actor is None or WorkPlanPolicy.can_manage(actor, agency))
    if not title.strip():
        raise ValidationError({"title": ["请填写标题。"]})
    if not 2000 <= int(year) <= 9998:
        raise ValidationError({"year": ["请填写有效的年度。"]})
    with transaction.atomic():
        if WorkPlan.objects.filter(agency=agency, year=year).exists():
            raise ValidationError({"year": [f"{year}年的工作要点已经建立。"]})
        plan = WorkPlan.objects.create(agency=agency, year=year, title=title.strip(),
                                       document_number=document_number.strip(),
                                       introduction=introduction)
        audit_record(actor=actor, verb="workplans.plan_create", obj=plan, agency=agency,
                     details={"year": year})
    return plan


def plan_publish(*, actor: Any, plan: WorkPlan, published_on: dt.date | None = None) -> WorkPlan:
    _require(actor is None or WorkPlanPolicy.can_manage(actor, plan.agency_id))
    published_on = published_on or timezone.localdate()
    with transaction.atomic():
        plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
        check_publish(plan.is_public)
        if not plan.points.exists():
            raise ValidationError({"__all__": ["工作要点还没有任何要点，不能公开。"]})
        plan.published_on = published_on
        plan.save(update_fields=["published_on"])
        audit_record(actor=actor, verb="workplans.plan_publish", obj=plan, agency=plan.agency_id,
                     details={"published_on": published_on.isoformat()})
    return plan


def point_add(*, actor: Any, plan: WorkPlan, number: int, title: str, text: str = "",
              chapter: str = "") -> WorkPoint:
    _require(actor is None or WorkPlanPolicy.can_manage(actor, plan.agency_id))
    if not title.strip():
        raise ValidationError({"title": ["请填写要点标题。"]})
    if int(number) < 1:
        raise ValidationError({"number": ["序号应为正整数。"]})
    with transaction.atomic():
        if WorkPoint.objects.filter(plan=plan, number=number).exists():
            raise ValidationError({"number": [f"第{number}项要点已经存在。"]})
        point = WorkPoint.objects.create(plan=plan, number=number, title=title.strip()[:200],
                                         text=text, chapter=chapter.strip()[:100])
        audit_record(actor=actor, verb="workplans.point_add", obj=point, agency=plan.agency_id,
                     details={"plan": plan.pk, "number": number})
    return point


def task_add(*, actor: Any, point: WorkPoint, lead_department: Department, deadline: dt.date,
             measures: str) -> WorkTask:
    agency_id = point.plan.agency_id
    _require(actor is None or WorkPlanPolicy.can_manage(actor, agency_id))
    errors: dict[str, list[str]] = {}
    if lead_department is None or lead_department.agency_id != agency_id:
        errors["lead_department"] = ["请选择本机构的牵头处室。"]
    if not measures.strip():
        errors["measures"] = ["请填写工作措施。"]
    if deadline.year < point.plan.year:
        errors["deadline"] = ["完成时限不能早于工作要点所属年度。"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        task = WorkTask.objects.create(point=point, lead_department=lead_department,
                                       deadline=deadline, measures=measures.strip())
        audit_record(actor=actor, verb="workplans.task_add", obj=task, agency=agency_id,
                     details={"point": point.number, "department": lead_department.name,
                              "deadline": deadline.isoformat()})
    return task


def progress_report(*, actor: Any, task: WorkTask, status: str, percent: int, progress: str = "",
                    problems: str = "", next_steps: str = "", reported_on: dt.date | None = None,
                    reporter_name: str = "") -> ProgressReport:
    """A department reports on its task (percent or status, problems, next steps)."""
    task = WorkTask.objects.select_related("point__plan", "lead_department").get(pk=task.pk)
    _require(actor is None or WorkPlanPolicy.can_report(actor, task))
    _check_progress_fields(status, percent)
    reported_on = reported_on or timezone.localdate()
    if reported_on > timezone.localdate():
        raise ValidationError({"reported_on": ["报送日期不能晚于今天。"]})
    name = reporter_name.strip() or (getattr(actor, "display_name", "") or
                                     getattr(actor, "username", "") if actor else "")
    with transaction.atomic():
        report = ProgressReport.objects.create(
            task=task, reported_on=reported_on, status=status, percent=int(percent),
            progress=progress, problems=problems, next_steps=next_steps, reporter=_actor(actor),
            reporter_name=name[:100])
        audit_record(actor=actor, verb="workplans.progress_report", obj=task,
                     agency=task.point.plan.agency_id,
                     details={"status": status, "percent": int(percent),
                              "reported_on": reported_on.isoformat()})
    return report


def progress_publish(*, actor: Any, point: WorkPoint, status: str, percent: int, progress: str,
                     problems: str = "", next_steps: str = "",
                     published_on: dt.date | None = None) -> PointProgress:
    """The office publishes a point's progress (the public page shows the latest)."""
    plan = point.plan
    _require(actor is None or WorkPlanPolicy.can_manage(actor, plan.agency_id))
    _check_progress_fields(status, percent)
    if not progress.strip():
        raise ValidationError({"progress": ["请填写工作进展。"]})
    published_on = published_on or timezone.localdate()
    if published_on > timezone.localdate():
        raise ValidationError({"published_on": ["公开日期不能晚于今天。"]})
    with transaction.atomic():
        plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
        check_progress(plan.is_public)
        row = PointProgress.objects.create(
            point=point, published_on=published_on, status=status, percent=int(percent),
            progress=progress.strip(), problems=problems.strip(), next_steps=next_steps.strip(),
            published_by=_actor(actor))
        audit_record(actor=actor, verb="workplans.progress_publish", obj=point,
                     agency=plan.agency_id,
                     details={"number": point.number, "status": status, "percent": int(percent),
                              "published_on": published_on.isoformat()})
    return row
