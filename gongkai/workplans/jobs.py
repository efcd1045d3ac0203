"""Daily reminders to departments: tasks due within ``GONGKAI_WORKPLANS_REMINDER_DAYS`` and
tasks past their deadline (for 30 days after it; an old plan does not mail forever) that the
department has not reported done. To the department's editors and head and the agency's
openness office; a ``TaskReminder`` row per task, kind and day makes a second run send
nothing."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.jobs.registry import job, periodic

log = logging.getLogger("gongkai.workplans")
OVERDUE_WINDOW_DAYS = 30


def _recipients(task: Any) -> list[str]:
    from django.db.models import Q

    from gongkai.core.models import Membership
    from gongkai.workplans.policies import MANAGE_ROLES, REPORT_ROLES

    agency_id = task.point.plan.agency_id
    emails = set(Membership.objects.filter(agency_id=agency_id).filter(
        Q(role__in=REPORT_ROLES, department_id=task.lead_department_id)
        | Q(role__in=MANAGE_ROLES)).exclude(user__email="").values_list("user__email", flat=True))
    return sorted(emails)


def send_reminders(today: dt.date | None = None) -> dict[str, int]:
    from gongkai.workplans.models import ProgressStatus, TaskReminder, WorkTask

    today = today or timezone.localdate()
    soon = today + dt.timedelta(days=int(getattr(settings, "GONGKAI_WORKPLANS_REMINDER_DAYS",
                                                 14)))
    counts = {"due_soon": 0, "overdue": 0}
    tasks = (WorkTask.objects.filter(deadline__gte=today - dt.timedelta(days=OVERDUE_WINDOW_DAYS),
                                     deadline__lte=soon)
             .select_related("point__plan", "lead_department"))
    for task in tasks:
        latest = task.reports.order_by("-reported_on", "-pk").first()
        if latest is not None and latest.status == ProgressStatus.DONE:
            continue
        kind = "overdue" if task.deadline < today else "due_soon"
        recipients = _recipients(task)
        try:
            with transaction.atomic():
                TaskReminder.objects.create(task=task, kind=kind, sent_on=today,
                                            recipients=recipients)
        except IntegrityError:
            continue
        counts[kind] += 1
        if recipients:
            subject = (f"工作要点任务{'已超期' if kind == 'overdue' else '即将到期'}："
                       f"{task.point.plan.year}年第{task.point.number}项（时限{task.deadline}）")
            try:
                send_mail(subject, f"{task.point.title}\n{task.measures}\n牵头处室："
                          f"{task.lead_department.name}\n今天：{today}",
                          settings.DEFAULT_FROM_EMAIL, recipients)
            except Exception:  # the row stays
                log.exception("reminder mail for task %s failed", task.pk)
    return counts


@periodic("workplans.reminders", at="07:50")
@job("workplans.reminders")
def reminders_job() -> dict:
    return send_reminders()
