"""Background work: open and close consultations on schedule, and tell commenters who left
an e-mail that the adoption report is out (once each)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from gongkai.core.links import absolute_url
from gongkai.jobs.registry import job, periodic

log = logging.getLogger("gongkai.consultations")


@periodic("consultations.tick", every_minutes=15)
@job("consultations.tick")
def tick() -> dict:
    from gongkai.consultations import services

    return services.tick()


@job("consultations.notify_report")
def notify_report(consultation_id: int) -> dict:
    from gongkai.consultations.models import Comment, Consultation

    consultation = Consultation.objects.select_related("agency").get(pk=consultation_id)
    url = absolute_url(reverse("consultations:detail", kwargs={
        "agency": consultation.agency.slug, "pk": consultation.pk}))
    sent = 0
    for comment in Comment.objects.filter(consultation=consultation, notified_at__isnull=True
                                          ).exclude(email=""):
        send_mail(f"《{consultation.title}》意见采纳情况已公布",
                  f"您对《{consultation.title}》提出的意见(编号{comment.case_number})已有答复,"
                  f"意见采纳情况已公布:{url}\n凭提交意见时取得的查询码可以查看对您意见的答复。",
                  settings.DEFAULT_FROM_EMAIL, [comment.email])
        Comment.objects.filter(pk=comment.pk).update(notified_at=timezone.now())
        sent += 1
    return {"consultation": consultation_id, "sent": sent}
