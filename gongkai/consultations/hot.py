"""Consultation comments as texts for the public-opinion app's hot topics (a draft that
draws a wave of comments on one point is a concern in the making). Registered in
``ConsultationsConfig.ready``; identity and e-mail never leave this app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.urls import reverse

from gongkai.consultations.models import Comment
from gongkai.opinion.hot import InboundText

SHANGHAI = ZoneInfo("Asia/Shanghai")


def fetch(agency_ids: list[int] | None, since: dt.datetime) -> Iterable[InboundText]:
    qs = Comment.objects.filter(received_on__gte=since.astimezone(SHANGHAI).date())
    if agency_ids is not None:
        qs = qs.filter(consultation__agency_id__in=agency_ids)
    for pk, consultation_id, title, text, day in qs.values_list(
            "pk", "consultation_id", "consultation__title", "text", "received_on"
    ).iterator(chunk_size=2000):
        at = dt.datetime.combine(day, dt.time(12), tzinfo=SHANGHAI)  # the day is all we know
        yield InboundText("consultations.comment", str(pk), title, text, at,
                          reverse("staff:consultations_detail", kwargs={"pk": consultation_id}))
