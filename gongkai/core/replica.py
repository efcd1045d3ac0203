"""Reads of the public from a PostgreSQL streaming replica; everything else on the primary.

A city's platform is read far more than it is written, and almost all reads are anonymous
visitors' page views. With ``DATABASE_REPLICA_URL`` set (docs/operations.md), those reads go
to the replica alias; writes, and every read that may follow a write, stay on the primary:

- a request reads from the replica only when it is a GET or HEAD, carries no session cookie
  (a signed-in person, a form's flash message) and no pin cookie; everything else — staff,
  background jobs, management commands, tests — reads the primary (the default);
- read-your-writes: any other request (a form posted by a visitor: an application, a
  comment) sets the pin cookie, so the same browser reads from the primary for
  ``GONGKAI_REPLICA_PIN_SECONDS`` and sees what it just wrote although the replica lags.

Without a replica alias the router is not installed and nothing here runs.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings

ALIAS = "replica"
PIN_COOKIE = "gk_primary"
SAFE_METHODS = frozenset({"GET", "HEAD"})

#: True while a request may read from the replica; off by default, so code outside a
#: public request (jobs, commands, shells) always reads the primary.
_replica_reads: ContextVar[bool] = ContextVar("gk_replica_reads", default=False)


def configured() -> bool:
    return ALIAS in settings.DATABASES


class ReplicaRouter:
    """Database router: reads to the replica when the current request allows it."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return ALIAS if _replica_reads.get() else "default"

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"  # the replica follows the primary's schema by streaming


def may_read_replica(request: Any) -> bool:
    return (request.method in SAFE_METHODS
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and PIN_COOKIE not in request.COOKIES)


class ReplicaReadsMiddleware:
    """Decides, per request, whether its reads may go to the replica; pins a browser that
    wrote to the primary. First in the stack, so the session and user lookups are routed
    by the same decision."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        token = _replica_reads.set(configured() and may_read_replica(request))
        try:
            response = self.get_response(request)
        finally:
            _replica_reads.reset(token)
        if configured() and request.method not in SAFE_METHODS:
            response.set_cookie(PIN_COOKIE, "1", max_age=settings.GONGKAI_REPLICA_PIN_SECONDS,
                                httponly=True, samesite="Lax",
                                secure=settings.SESSION_COOKIE_SECURE)
        return response
