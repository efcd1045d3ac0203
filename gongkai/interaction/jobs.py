"""Daily work: reminders before the limit, escalation every day after it, and closing
answered messages whose reopen period passed.

A ``Reminder`` row per message, kind and day makes a second run on the same day send
nothing (Alaveteli's "no duplicate updates", righttoknow #614).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.core.links import absolute_url
from gongkai.jobs.registry import job, periodic

log = logging.getLogger("gongkai.interaction")

SUBJECTS = {
    "due_soon": "来信即将到期：{case}（期限{due}）",
    "overdue": "来信已逾期督办：{case}（期限{due}，逾期第{days}天）",
}


def _recipients(message: Any, kind: str) -> list[str]:
    """Due soon: the assignee (else the office); overdue: also the heads and administrators."""
    from gongkai.core.models import Membership, Role
    from gongkai.interaction.policies import HANDLE_ROLES

    roles = HANDLE_ROLES if kind == "overdue" or message.assignee_id is None else ()
    emails = set(Membership.objects.filter(agency_id=message.agency_id, role__in=roles)
                 .exclude(user__email="").values_list("user__email", flat=True)) if roles else set()
    if kind == "overdue":
        emails |= set(Membership.objects.filter(
            agency_id=message.agency_id, role__in=[Role.DEPARTMENT_HEAD, Role.AGENCY_ADMIN])
            .exclude(user__email="").values_list("user__email", flat=True))
    if message.assignee_id and message.assignee.email:
        emails.add(message.assignee.email)
    return sorted(emails)


def send_reminders(today: dt.date | None = None) -> dict[str, int]:
    from gongkai.interaction import limits
    from gongkai.interaction.models import Message, MessageEvent, Reminder
    from gongkai.interaction.workflow import RUNNING_STATES
    from gongkai.workdays.calendar import add_working_days

    today = today or timezone.localdate()
    soon = add_working_days(today, limits.reminder_working_days()).date
    running = list(RUNNING_STATES)
    counts = {"due_soon": 0, "overdue": 0}
    groups = (("due_soon", Message.objects.filter(status__in=running, due_on__gte=today,
                                                  due_on__lte=soon)),
              ("overdue", Message.objects.filter(status__in=running, due_on__lt=today)))
    for kind, queryset in groups:
        for message in queryset.select_related("assignee").iterator():
            recipients = _recipients(message, kind)
            try:
                with transaction.atomic():
                    Reminder.objects.create(message=message, kind=kind, sent_on=today,
                                            recipients=recipients)
                    MessageEvent.objects.create(message=message, verb=f"reminder_{kind}",
                                                to_status=message.status,
                                                details={"recipients": len(recipients)})
            except IntegrityError:
                continue
            counts[kind] += 1
            if recipients:
                late = (today - message.due_on).days
                subject = SUBJECTS[kind].format(case=message.case_number, due=message.due_on,
                                                days=late)
                link = absolute_url(reverse("staff:interaction_message", kwargs={"pk": message.pk}))
                try:
                    send_mail(subject, f"{subject}\n请登录工作台办理：{link}",
                              settings.DEFAULT_FROM_EMAIL, recipients)
                except Exception:  # the row stays: the reminder is on the message page
                    log.exception("reminder mail for %s failed", message.case_number)
    return counts


@periodic("interaction.reminders", at="07:45")
@job("interaction.reminders")
def reminders_job() -> dict:
    return send_reminders()


@periodic("interaction.close_answered", at="01:45")
@job("interaction.close_answered")
def close_answered_job() -> dict:
    from gongkai.interaction.services import close_answered

    return {"closed": close_answered()}


@periodic("interaction.hotline_push_replies", every_minutes=15)
@job("interaction.hotline_push_replies")
def hotline_push_replies_job() -> dict:
    """Only when the hotline gives an endpoint (``GONGKAI_INTERACTION_HOTLINE_REPLY_URL``);
    otherwise the hotline pulls ``GET /api/v1/hotline/replies``."""
    from gongkai.interaction.hotline import push_replies

    url = getattr(settings, "GONGKAI_INTERACTION_HOTLINE_REPLY_URL", "")
    if not url:
        return {"sent": 0, "configured": False}
    return {"sent": push_replies(url, token=getattr(
        settings, "GONGKAI_INTERACTION_HOTLINE_REPLY_TOKEN", ""))}


@periodic("interaction.lapse_waiting", at="01:50")
@job("interaction.lapse_waiting")
def lapse_waiting_job() -> dict:
    from gongkai.interaction.services import lapse_waiting

    return {"closed": lapse_waiting()}
