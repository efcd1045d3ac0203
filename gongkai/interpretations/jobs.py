"""Daily reminder of deferred interpretations due within a working day or overdue."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail

from gongkai.jobs.registry import job, periodic

log = logging.getLogger("gongkai.interpretations")


def _recipients(agency_id: int) -> list[str]:
    from gongkai.core.models import Membership
    from gongkai.interpretations.policies import EDIT_ROLES, WAIVE_ROLES

    return sorted({m.user.email for m in Membership.objects.filter(
        agency_id=agency_id, role__in=set(EDIT_ROLES) | set(WAIVE_ROLES),
        user__is_active=True).select_related("user") if m.user.email})


def send_reminders(today=None) -> dict:
    from gongkai.interpretations.services import reminders_due

    sent = 0
    for waiver in reminders_due(today=today):
        to = _recipients(waiver.agency_id)
        if not to:
            continue
        subject = f"政策解读应于{waiver.due_on:%Y年%m月%d日}前发布：{waiver.policy.title[:40]}"
        body = (f"政策文件《{waiver.policy.title}》已于{waiver.policy_published_on}发布，"
                f"其解读按三同步要求最迟应于{waiver.due_on}发布，目前尚未发布。")
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
        sent += 1
    return {"reminded": sent}


@periodic("interpretations.remind", at="08:30")
@job("interpretations.remind")
def remind() -> dict:
    return send_reminders()
