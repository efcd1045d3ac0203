"""Reads for the inbox page and the account page."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from gongkai.notifications.models import Channel, Notification, Preference


def inbox(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, channel=Channel.INBOX)


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return inbox(user).filter(read_at__isnull=True).count()


def preference_for(user: Any) -> Preference:
    return Preference.objects.filter(user=user).first() or Preference(user=user)
