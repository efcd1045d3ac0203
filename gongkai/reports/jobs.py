"""The January reminder (Regulations Art. 49: last year's report by 31 January).

Every day in January, each active agency without a published report for last year gets one
mail to its disclosure office; a ReportReminder row per agency, year and day means a second
run the same day sends nothing, and publishing stops the reminders.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.jobs.registry import job, periodic

log = logging.getLogger("gongkai.reports")


def office_emails(agency: Any) -> list[str]:
    from gongkai.core.models import Membership
    from gongkai.reports.policies import VIEW_ROLES

    emails = {getattr(agency, "email", "")} | set(
        Membership.objects.filter(agency=agency, role__in=VIEW_ROLES)
        .exclude(user__email="").values_list("user__email", flat=True))
    return sorted(e for e in emails if e)


def send_january_reminders(today: dt.date | None = None) -> dict[str, int]:
    from gongkai.core.models import Agency
    from gongkai.reports.models import AnnualReport, ReportReminder, ReportStatus

    today = today or timezone.localdate()
    if today.month != 1:
        return {"sent": 0}
    year = today.year - 1
    published = set(AnnualReport.objects.filter(year=year, status=ReportStatus.PUBLISHED)
                    .values_list("agency_id", flat=True))
    sent = 0
    for agency in Agency.objects.filter(is_active=True).exclude(pk__in=published):
        recipients = office_emails(agency)
        try:
            with transaction.atomic():
                ReportReminder.objects.create(agency=agency, year=year, sent_on=today,
                                              recipients=recipients)
        except IntegrityError:
            continue
        sent += 1
        if recipients:
            deadline = dt.date(today.year, 1, 31)
            try:
                send_mail(f"请于{deadline:%Y年%m月%d日}前发布{year}年政府信息公开工作年度报告",
                          f"{agency.name}:\n依据《中华人民共和国政府信息公开条例》第四十九条,"
                          f"应于每年1月31日前公布上一年度政府信息公开工作年度报告。"
                          f"{year}年度报告尚未发布,请登录工作台“年度报告”编制并发布。",
                          settings.DEFAULT_FROM_EMAIL, recipients)
            except Exception:  # the log row stays: the dashboard shows the report status
                log.exception("annual report reminder for %s failed", agency.slug)
    return {"sent": sent}


@periodic("reports.january_reminder", at="08:00")
@job("reports.january_reminder")
def january_reminder_job() -> dict:
    return send_january_reminders()
