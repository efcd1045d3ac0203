"""Who is acting and from where, for the request being served (set by the middleware)."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class ActorContext:
    ip_address: str | None = None


EMPTY = ActorContext()
current: contextvars.ContextVar[ActorContext | None] = contextvars.ContextVar(
    "gongkai_audit_context", default=None
)


def current_context() -> ActorContext:
    return current.get() or EMPTY
