"""``notify``: the one way any app tells a person something (ADR 0025).

Each app names a *kind* (``application.status``, ``subscriptions.digest`` …) whose template
``notifications/kinds/<kind>.txt`` gives the subject (first line) and the body (the rest),
in Chinese, and an *event key* that identifies what happened (``application:12:accepted``).
The recipient is an account (their preference picks e-mail, the inbox or both) or a bare
address (e-mail only). One row per channel is written in the caller's transaction; the
unique key (kind, event, recipient, channel) makes a repeated call harmless. E-mail leaves
after commit — a rolled-back change tells nobody — and a failed send is retried by the jobs
framework (``notifications.send_email``, with its back-off and attempt limit).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from gongkai.core.links import absolute_url
from gongkai.notifications.models import Channel, DeliveryStatus, Notification, Preference

log = logging.getLogger("gongkai.notifications")


def render(kind: str, context: dict[str, Any]) -> tuple[str, str]:
    """(subject, body) of ``kind`` for ``context``."""
    text = render_to_string(f"notifications/kinds/{kind}.txt", context).strip()
    subject, _sep, body = text.partition("\n")
    return " ".join(subject.split())[:200], body.strip() + "\n"


def channels_for(user: Any | None, email: str) -> list[str]:
    """The channels a recipient gets: an account's preference (without one: both), a bare
    address only e-mail."""
    if user is None:
        return [Channel.EMAIL] if email else []
    pref = Preference.objects.filter(user=user).first()
    wanted: list[str] = []
    if (pref is None or pref.email) and (email or user.email):
        wanted.append(Channel.EMAIL)
    if pref is None or pref.inbox:
        wanted.append(Channel.INBOX)
    return wanted


def notify(*, kind: str, event_key: str, user: Any | None = None, email: str = "",
           context: dict[str, Any] | None = None, url: str = "", unsubscribe_url: str = "",
           channels: Iterable[str] | None = None) -> list[Notification]:
    """Tell ``user`` (or the address ``email``) about ``event_key``; returns the rows
    written now (an event already told on a channel is not told again). ``channels``
    narrows the recipient's choice (a confirmation e-mail must be an e-mail)."""
    if user is not None and not getattr(user, "pk", None):
        user = None
    address = email or (user.email if user is not None else "")
    wanted = channels_for(user, address)
    if channels is not None:
        allowed = set(channels)
        wanted = [c for c in wanted if c in allowed]
    if not wanted:
        return []
    link = absolute_url(url) if url else ""
    subject, body = render(kind, {**(context or {}), "url": link,
                                  "unsubscribe_url": unsubscribe_url})
    recipient = f"u:{user.pk}" if user is not None else f"e:{address.lower()}"
    now = timezone.now()
    written: list[Notification] = []
    for channel in wanted:
        row = Notification(kind=kind, event_key=event_key[:160], recipient=recipient,
                           user=user, email=address if channel == Channel.EMAIL else "",
                           channel=channel, subject=subject, body=body, url=link,
                           unsubscribe_url=unsubscribe_url)
        if channel == Channel.INBOX:
            row.status, row.sent_at = DeliveryStatus.SENT, now
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            continue  # this event was already told on this channel
        written.append(row)
    mails = [n.pk for n in written if n.channel == Channel.EMAIL]
    if mails:
        transaction.on_commit(lambda: deliver(mails))
    return written


def _message(row: Notification) -> EmailMessage:
    headers = {}
    if row.unsubscribe_url:
        headers = {"List-Unsubscribe": f"<{row.unsubscribe_url}>",
                   "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return EmailMessage(row.subject, row.body, settings.DEFAULT_FROM_EMAIL, [row.email],
                        headers=headers)


def send_one(row: Notification) -> None:
    """Send one e-mail row now; raises when the mail server refuses (the row says so)."""
    row.attempts += 1
    try:
        _message(row).send()
    except Exception as exc:
        row.status, row.error = DeliveryStatus.FAILED, str(exc)[:500]
        row.save(update_fields=["status", "error", "attempts"])
        raise
    row.status, row.sent_at, row.error = DeliveryStatus.SENT, timezone.now(), ""
    row.save(update_fields=["status", "sent_at", "error", "attempts"])


def deliver(ids: list[int]) -> int:
    """Send the pending e-mails ``ids`` (after commit); a failure goes to the jobs
    framework, which retries it with back-off. Returns the number sent."""
    from gongkai.jobs.registry import job_enqueue

    sent = 0
    for row in Notification.objects.filter(pk__in=ids, status=DeliveryStatus.PENDING):
        try:
            send_one(row)
            sent += 1
        except Exception:
            log.warning("notification %s not sent; retried by notifications.send_email", row.pk)
            job_enqueue("notifications.send_email", key=f"n{row.pk}", notification_id=row.pk)
    return sent


def inbox_mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    rows = Notification.objects.filter(user=user, channel=Channel.INBOX, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())


def preference_set(*, user: Any, email: bool, inbox: bool) -> Preference:
    pref, _created = Preference.objects.update_or_create(
        user=user, defaults={"email": email, "inbox": inbox})
    return pref
