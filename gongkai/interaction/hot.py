"""Mailbox messages and hotline orders as texts for the public-opinion app's hot topics.

Registered in ``InteractionConfig.ready`` (the opinion app imports no channel: each channel
hands it texts). Only staff see hot topics; the writer's contact never leaves this app —
a text carries the subject and the message, nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.urls import reverse

from gongkai.interaction.models import Message
from gongkai.opinion.hot import InboundText


def fetch(agency_ids: list[int] | None, since: dt.datetime) -> Iterable[InboundText]:
    qs = Message.objects.filter(received_at__gte=since)
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    for pk, channel, subject, text, at in qs.values_list(
            "pk", "channel", "subject", "text", "received_at").iterator(chunk_size=2000):
        yield InboundText(f"interaction.{channel}", str(pk), subject, text, at,
                          reverse("staff:interaction_message", kwargs={"pk": pk}))
