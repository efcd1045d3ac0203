"""Periodic work: alerts before and at each hours limit (every 5 minutes), the feed
import (every 30 minutes) and the embeddings of inbound texts for hot topics by meaning
(every 10 minutes)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from gongkai.jobs.registry import job, periodic

log = logging.getLogger("gongkai.opinion")


def recipients(concern) -> list[str]:
    """The responsible people: the agency's department heads and administrators, and
    whoever registered the concern."""
    from gongkai.core.models import Membership
    from gongkai.opinion.policies import RESPOND_ROLES

    emails = {m.user.email for m in Membership.objects.filter(
        agency_id=concern.agency_id, role__in=RESPOND_ROLES, user__is_active=True)
        .select_related("user") if m.user.email}
    if concern.created_by_id and concern.created_by.email:
        emails.add(concern.created_by.email)
    return sorted(emails)


def send_alerts(now=None) -> dict:
    from gongkai.opinion.services import alerts_due

    sent = 0
    for deadline, kind in alerts_due(now=now):
        concern = deadline.concern
        due = timezone.localtime(deadline.due_at).strftime("%Y-%m-%d %H:%M")
        what = deadline.get_kind_display()
        if kind == "warn":
            subject = f"【舆情】{what}将于{due}到期：{concern.title[:40]}"
        else:
            subject = f"【舆情】{what}已于{due}到期未完成：{concern.title[:40]}"
        body = (f"舆情事件“{concern.title}”（{concern.get_level_display()}）登记于"
                f"{timezone.localtime(concern.registered_at):%Y-%m-%d %H:%M}，"
                f"“{what}”的时限为{due}（按小时连续计算，节假日不扣除）。")
        to = recipients(concern)
        if to:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
            sent += 1
    return {"alerts": sent}


@periodic("opinion.alerts", every_minutes=5)
@job("opinion.alerts")
def alerts() -> dict:
    return send_alerts()


@periodic("opinion.import_feeds", every_minutes=30)
@job("opinion.import_feeds")
def import_feeds() -> dict:
    from gongkai.opinion.feeds import import_feeds as run

    return run()


@periodic("opinion.embed_texts", every_minutes=10)
@job("opinion.embed_texts")
def embed_texts() -> dict:
    """Stored vectors for the hot-topic window's texts (``vectors``); a request never
    encodes."""
    from gongkai.opinion.vectors import embed_recent

    return embed_recent()
