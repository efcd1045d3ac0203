"""Elder mode (长辈版) preference, and a friendly page when the database is down."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.utils import translation

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


class ChosenLanguageMiddleware(LocaleMiddleware):
    """The language the visitor chose with the 简体中文/English switch, else Chinese.

    Django's LocaleMiddleware would also follow the browser's Accept-Language, serving an
    English browser the English pages unasked. A Chinese government site answers in
    Chinese unless the visitor picks English (the switch sets the language cookie), as
    www.gov.cn does; this also keeps one cached page per URL and language cookie rather
    than per Accept-Language header (ADR 0029).
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or ""
        try:
            language = translation.get_supported_language_variant(chosen) if chosen \
                else settings.LANGUAGE_CODE
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
