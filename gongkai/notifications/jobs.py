"""Retrying an e-mail that did not leave: the jobs framework re-runs a failed run with
back-off until ``GONGKAI_JOB_MAX_ATTEMPTS`` and shows it on the staff jobs page."""

from __future__ import annotations

from gongkai.jobs.registry import job
from gongkai.notifications.models import DeliveryStatus, Notification
from gongkai.notifications.services import send_one


@job("notifications.send_email")
def send_email(notification_id: int) -> dict:
    row = Notification.objects.filter(pk=notification_id).first()
    if row is None or row.status == DeliveryStatus.SENT:
        return {"sent": 0}
    send_one(row)  # raises again while the server refuses: the run fails and is retried
    return {"sent": 1}
