"""Signed links: confirm, unsubscribe, manage (API) and click. Django's signer under
``SECRET_KEY`` with a salt per purpose, so a token for one purpose is worthless for
another and nothing secret is stored. Unsubscribe and manage tokens never expire (a
message read a year later must still unsubscribe); a confirmation expires."""

from __future__ import annotations

from django.conf import settings
from django.core import signing


class BadToken(Exception):
    """Forged, altered, for another purpose, or expired."""


def make(purpose: str, *values: int) -> str:
    return signing.dumps(list(values), salt=f"subscriptions.{purpose}", compress=False)


def read(purpose: str, token: str, *, max_age: int | None = None) -> list[int]:
    try:
        values = signing.loads(token, salt=f"subscriptions.{purpose}", max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise BadToken(str(exc)) from exc
    if not isinstance(values, list) or not all(isinstance(v, int) for v in values):
        raise BadToken("malformed")
    return values


def confirm_max_age() -> int:
    return settings.GONGKAI_SUBSCRIPTIONS_CONFIRM_DAYS * 86400
