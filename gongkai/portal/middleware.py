"""Elder mode (长辈版) preference, and a friendly page when the database is down."""

from __future__ import annotations

import logging

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

from gongkai.core.security import allow_style_blocks

ELDER_COOKIE = "gk_elder"
log = logging.getLogger("gongkai.portal")


class ElderModeMiddleware:
    """Reads the elder-mode cookie so every page can render large text without JavaScript."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.elder_mode = request.COOKIES.get(ELDER_COOKIE) == "1"
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """Turns a lost database connection into a 503 page that needs no database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        except (OperationalError, InterfaceError) as exc:
            return self._unavailable(request, exc)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)) or (
            isinstance(exception, DatabaseError) and "connect" in str(exception).lower()
        ):
            return self._unavailable(request, exception)
        return None

    @staticmethod
    def _unavailable(request, exc) -> HttpResponse:
        log.error("database unavailable: %s", exc)
        if request.path.startswith("/api/"):
            return HttpResponse(
                '{"error": {"code": "service_unavailable", "message": "数据库暂时不可用,请稍后再试。", '
                '"fields": {}}}',
                status=503, content_type="application/json",
            )
        html = render_to_string("503.html")
        response = allow_style_blocks(HttpResponse(html, status=503), html)
        response["Retry-After"] = "30"
        return response
