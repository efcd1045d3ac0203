"""The mailbox for the website self-inspection: its column (published messages), valid
messages unanswered past the limit the inspection passes in (3 months, 国办秘函〔2019〕19号),
replies not updated (none answered since the date passed in), and whether every message of
the last 12 months was answered in time (a bonus item). Plain dicts (gongkai.core.registry)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max
from django.urls import reverse

from gongkai.interaction.models import Message, MessageStatus

#: Valid and waiting for the agency (not dismissed, not waiting for the writer).
OPEN = (MessageStatus.RECEIVED, MessageStatus.ROUTED, MessageStatus.REVIEWING,
        MessageStatus.REOPENED)


def inspection_columns(agency: Any) -> list[dict[str, Any]]:
    published = Message.objects.filter(agency=agency, published_at__isnull=False)
    last = published.aggregate(last=Max("published_at"))["last"]
    return [{"key": "interaction.mailbox", "name": "局长信箱", "kind": "interaction",
             "url": reverse("interaction:index", kwargs={"agency": agency.slug}),
             "updated_on": last.date() if last else None, "count": published.count()}]


def inspection_signals(agency: Any, context: dict[str, dt.date]) -> list[dict[str, Any]]:
    mine = Message.objects.filter(agency=agency)
    old = mine.filter(status__in=OPEN, received_at__date__lt=context["unanswered_before"]) \
        .order_by("received_at")[:200]
    unanswered = [{"title": m.case_number, "url": reverse("staff:interaction_message",
                                                          kwargs={"pk": m.pk}),
                   "detail": f"收到 {m.received_at:%Y-%m-%d}"} for m in old]
    signals = [{"key": "unanswered_messages", "items": unanswered}]
    received = mine.filter(received_at__date__lt=context["replies_since"]).exists()
    last_reply = mine.aggregate(last=Max("answered_at"))["last"]
    if received and (last_reply is None or last_reply.date() < context["replies_since"]):
        signals.append({"key": "replies_stale", "items": [{
            "title": "最近一次答复", "url": reverse("interaction:index",
                                                   kwargs={"agency": agency.slug}),
            "detail": f"{last_reply:%Y-%m-%d}" if last_reply else "从未答复"}]})
    year = mine.filter(received_at__date__gte=context["year_ago"]).exclude(
        status=MessageStatus.DISMISSED)
    if year.exists() and not year.exclude(answered_in_time=True).exists():
        signals.append({"key": "bonus_replies_on_time", "items": [{"title": "按期答复率100%",
                                                                  "url": "", "detail": ""}]})
    return signals
