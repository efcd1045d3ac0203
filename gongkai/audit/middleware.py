"""Puts the client's address where audit events can find it without a request argument."""

from __future__ import annotations

import ipaddress

from django.conf import settings

from gongkai.audit.context import ActorContext, current


def client_ip(request) -> str | None:
    """The client address; X-Forwarded-For is trusted only behind configured proxies."""
    candidate = request.META.get("REMOTE_ADDR")
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if hops and forwarded:
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(chain) >= hops:
            candidate = chain[-hops]
    try:
        return str(ipaddress.ip_address(candidate)) if candidate else None
    except ValueError:
        return None


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current.set(ActorContext(ip_address=client_ip(request)))
        try:
            return self.get_response(request)
        finally:
            current.reset(token)
