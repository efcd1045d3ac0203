"""Background work for applications: rendering and delivering letters, daily reminders
and escalation, deemed withdrawals, and anonymisation after the retention period.

Letters are rendered after commit by the WEB half's ``letters`` module, imported inside
the job so that the domain does not depend on it at import time; a failure marks the
notice failed (and the job retries) without touching the step the notice reports.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage, send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.core.links import absolute_url
from gongkai.jobs.registry import PRIORITY_WAITING, job, job_enqueue, periodic

log = logging.getLogger("gongkai.applications")


def enqueue_render(notice: Any) -> None:
    """Called inside the service's transaction: the job is enqueued only if it commits."""
    job_enqueue("applications.render_notice", key=f"notice-{notice.pk}", notice_id=notice.pk)


def render_notice(notice_id: int) -> dict:
    """Render one notice to HTML and PDF and e-mail it when that is its channel."""
    from gongkai.applications import letters
    from gongkai.applications.models import Notice, NoticeChannel, NoticeStatus

    notice = Notice.objects.select_related("application", "application__agency").get(pk=notice_id)
    if notice.status == NoticeStatus.SENT:
        return {"notice": notice_id, "status": "already sent"}
    try:
        html = letters.render_notice_html(notice)
        notice.html = html
        pdf = letters.render_notice_pdf(notice)
    except Exception as exc:
        Notice.objects.filter(pk=notice.pk).update(status=NoticeStatus.FAILED, error=str(exc)[:2000])
        raise
    name = f"{notice.application.case_number}-{notice.kind}.pdf"
    notice.pdf.save(name, ContentFile(pdf), save=False)
    notice.status = NoticeStatus.READY
    notice.error = ""
    if notice.channel == NoticeChannel.ONLINE:
        notice.status, notice.sent_at = NoticeStatus.SENT, timezone.now()
    elif notice.channel == NoticeChannel.EMAIL and notice.application.email:
        message = EmailMessage(
            subject=f"{notice.get_kind_display()}({notice.application.case_number})",
            body=f"您的政府信息公开申请({notice.application.case_number})有新的文书,详见附件。"
                 "您也可以凭申请编号和查询码在网站上查看办理进度:"
                 f"{letters.status_url(notice.application.agency)}",
            from_email=settings.DEFAULT_FROM_EMAIL, to=[notice.application.email])
        message.attach(name, pdf, "application/pdf")
        message.send()
        notice.status, notice.sent_at = NoticeStatus.SENT, timezone.now()
    notice.save()
    return {"notice": notice_id, "status": notice.status}


@job("applications.render_notice", priority=PRIORITY_WAITING)
def render_notice_task(notice_id: int) -> dict:
    # A module-level name of its own: django-tasks finds the task by module and qualname.
    return render_notice(notice_id)


def _office_emails(agency: Any) -> list[str]:
    """The disclosure office: the agency's address plus its officers' and heads'."""
    from gongkai.applications.policies import HANDLE_ROLES
    from gongkai.core.models import Membership

    emails = {agency.email} if agency.email else set()
    emails |= set(Membership.objects.filter(agency=agency, role__in=HANDLE_ROLES)
                  .exclude(user__email="").values_list("user__email", flat=True))
    return sorted(e for e in emails if e)


def send_reminders(today: dt.date | None = None) -> dict[str, int]:
    """Daily: cases due within the reminder window go to the assignee and the office;
    overdue cases are escalated to the office and the agency's heads every day. A
    Reminder row per case, kind and day makes a second run the same day send nothing."""
    from gongkai.applications import selectors
    from gongkai.applications.models import Application, ReminderKind
    from gongkai.applications.workflow import OPEN_STATES
    from gongkai.workdays.calendar import add_working_days

    today = today or timezone.localdate()
    days = int(getattr(settings, "GONGKAI_APPLICATIONS_REMINDER_WORKING_DAYS", 3))
    soon = add_working_days(today, days).date
    running = list(selectors.RUNNING_STATES)
    counts = {"due_soon": 0, "overdue": 0, "correction_window": 0}
    groups = [
        (ReminderKind.DUE_SOON, Application.objects.filter(
            status__in=running, due_on__gte=today, due_on__lte=soon)),
        (ReminderKind.OVERDUE, Application.objects.filter(status__in=running, due_on__lt=today)),
    ]
    for kind, qs in groups:
        for application in qs.select_related("agency", "assignee"):
            recipients = _office_emails(application.agency)
            if application.assignee and application.assignee.email:
                recipients = sorted({*recipients, application.assignee.email})
            if _log_reminder(application, kind, today, recipients):
                _mail(kind, application, recipients, today)
                counts[str(kind)] += 1
    for application in Application.objects.filter(
            status__in=running, correction__isnull=True,
            received_on__gte=today - dt.timedelta(days=20)).select_related("agency", "assignee"):
        from gongkai.applications.timelimits import correction_window_closing

        if application.status in OPEN_STATES and correction_window_closing(
                application.received_on, today):
            recipients = [application.assignee.email] if application.assignee and \
                application.assignee.email else _office_emails(application.agency)
            if _log_reminder(application, ReminderKind.CORRECTION_WINDOW, today, recipients):
                _mail(ReminderKind.CORRECTION_WINDOW, application, recipients, today)
                counts["correction_window"] += 1
    return counts


def _log_reminder(application: Any, kind: str, today: dt.date, recipients: list[str]) -> bool:
    from gongkai.applications.models import Reminder

    try:
        with transaction.atomic():
            Reminder.objects.create(application=application, kind=kind, sent_on=today,
                                    recipients=recipients, due_on=application.due_on)
    except IntegrityError:
        return False
    return True


SUBJECTS = {
    "due_soon": "依申请公开即将到期:{case}(期限{due})",
    "overdue": "依申请公开已逾期督办:{case}(期限{due})",
    "correction_window": "依申请公开补正告知期限将届:{case}",
}


def _mail(kind: str, application: Any, recipients: list[str], today: dt.date) -> None:
    if not recipients:
        return
    subject = SUBJECTS[str(kind)].format(case=application.case_number, due=application.due_on)
    body = (f"申请编号:{application.case_number}\n答复期限:{application.due_on}"
            f"{'(暂定)' if application.due_on_provisional else ''}\n"
            f"今天:{today}\n请登录工作台办理:"
            f"{absolute_url(reverse('staff:applications_case', kwargs={'pk': application.pk}))}")
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:  # the log row stays: the reminder is visible on the case page
        log.exception("reminder mail for %s failed", application.case_number)


def deem_withdrawals(today: dt.date | None = None) -> dict[str, int]:
    """Corrections and fees whose period has passed end the case (Art. 30; 109号). Runs
    only when the agency opted in: the officer may know of a good reason for the delay."""
    from gongkai.applications import services
    from gongkai.applications.models import Application, ApplicationStatus

    if not getattr(settings, "GONGKAI_APPLICATIONS_AUTO_DEEM_WITHDRAWN", False):
        return {"corrections": 0, "fees": 0}
    today = today or timezone.localdate()
    corrections = fees = 0
    for application in Application.objects.filter(
            status=ApplicationStatus.AWAITING_CORRECTION, correction__reply_by__lt=today):
        services.correction_deemed_withdrawn(actor=None, application=application, on=today)
        corrections += 1
    for application in Application.objects.filter(
            status=ApplicationStatus.AWAITING_FEE, fee__pay_by__lt=today):
        services.fee_deemed_withdrawn(actor=None, application=application, on=today)
        fees += 1
    return {"corrections": corrections, "fees": fees}


@periodic("applications.reminders", at="07:30")
@job("applications.reminders")
def reminders_job() -> dict:
    return send_reminders()


@periodic("applications.deem_withdrawals", at="01:30")
@job("applications.deem_withdrawals")
def deem_withdrawals_job() -> dict:
    return deem_withdrawals()


@periodic("applications.retention", at="02:30")
@job("applications.retention")
def retention_job() -> dict:
    from gongkai.applications.services import anonymise_expired

    return {"anonymised": anonymise_expired()}
