"""Reads for pages, the API and the account page."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from gongkai.subscriptions.models import AudiencePush, Criterion, Subscription


def of_user(user: Any) -> QuerySet[Subscription]:
    return Subscription.objects.filter(user=user).select_related("agency")


def criteria_of(sub: Subscription) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for kind, value in Criterion.objects.filter(subscription=sub).values_list("kind", "value"):
        found.setdefault(kind, []).append(value)
    return found


def pushes(agency_ids: list[int] | None) -> QuerySet[AudiencePush]:
    rows = AudiencePush.objects.select_related("audience", "agency")
    if agency_ids is not None:
        rows = rows.filter(agency_id__in=agency_ids)
    return rows.annotate(
        clicked=Count("receipts", filter=Q(receipts__clicked_at__isnull=False)),
        unsubscribed=Count("receipts", filter=Q(receipts__unsubscribed_at__isnull=False)))
