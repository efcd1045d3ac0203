"""Matching after publication, the morning digests and webhook retries."""

from __future__ import annotations

from django.conf import settings

from gongkai.jobs.registry import job, periodic
from gongkai.subscriptions import services


@job("subscriptions.match")
def match(event_id: int, keys: dict) -> dict:
    return {"immediate": services.event_match(event_id=event_id, keys=keys)}


@periodic("subscriptions.digest", at=settings.GONGKAI_SUBSCRIPTIONS_DIGEST_AT)
@job("subscriptions.digest")
def digest() -> dict:
    return services.digest_send()


@periodic("subscriptions.webhook_retry", every_minutes=5)
@job("subscriptions.webhook_retry")
def webhook_retry() -> dict:
    return services.webhook_send_due()
