"""Who is acting and from where, for the request being served (set by the middleware)."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class ActorContext:
    ip_address: str | None = None


current = contextvars.ContextVar("gongkai_audit_context", default=ActorContext())
