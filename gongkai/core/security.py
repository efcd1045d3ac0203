"""Security headers beyond Django's and django-csp's, and the one way to allow an inline style.

The Content-Security-Policy itself comes from django-csp (``CONTENT_SECURITY_POLICY`` in
settings, ADR 0012). This module adds what neither library sets — ``Permissions-Policy``,
``Cache-Control: no-store`` on responses that may carry personal data — and makes sure the
responses produced before Django's own middleware runs (static files, the 503 page) carry
the framing and sniffing headers too.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import render

R = TypeVar("R", bound=HttpResponseBase)
_STYLE_BLOCK = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)


def _personal(request: HttpRequest) -> bool:
    """Whether the response may show someone's personal data (and so must not be cached).

    Staff pages, public accounts, anything asked with a bearer token or a signed-in session,
    and the paths in ``GONGKAI_NO_STORE_PATHS`` (an applicant's case pages: PIPL Art. 51
    requires preventing unauthorised access, which includes shared caches and back buttons).
    """
    path = request.path_info
    if path.startswith(("/staff/", "/accounts/")) or "HTTP_AUTHORIZATION" in request.META:
        return True
    if any(pattern.search(path) for pattern in _no_store_patterns()):
        return True
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)
    return False


_compiled: tuple[tuple[str, ...], list[re.Pattern[str]]] | None = None


def _no_store_patterns() -> list[re.Pattern[str]]:
    global _compiled
    sources = tuple(settings.GONGKAI_NO_STORE_PATHS)
    if _compiled is None or _compiled[0] != sources:
        _compiled = (sources, [re.compile(source) for source in sources])
    return _compiled[1]


class SecurityHeadersMiddleware:
    """Add Permissions-Policy everywhere and ``Cache-Control: no-store`` where personal.

    Placed right after ``SecurityMiddleware`` so it also wraps WhiteNoise's static files
    and the database-unavailable page, which never reach ``XFrameOptionsMiddleware``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if settings.GONGKAI_PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.GONGKAI_PERMISSIONS_POLICY)
        response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        if _personal(request):
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response


class RejectNulMiddleware:
    """NUL (0x00) never reaches a page view: a path holding one is a 400, and NUL is
    dropped from query-string keys and values (the search pages already treat a query
    leniently, so the rest of the query is still answered).

    PostgreSQL can neither store nor compare text holding NUL, so such a value reaching a
    query was a 500 there (and a silent miss on SQLite). Forms already refuse NUL (Django's
    CharField); path parameters and raw ``request.GET`` reads did not. The API has its own
    check with its JSON error shape (gongkai/api/errors.py), so /api/ is left to it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path_info.startswith("/api/"):
            return self.get_response(request)
        if "\x00" in request.path_info:
            return render(request, "400.html", status=400)
        if "\x00" in request.GET.urlencode() or "%00" in request.META.get("QUERY_STRING", ""):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            request.GET = QueryDict(cleaned.urlencode())
        return self.get_response(request)


def allow_style_blocks(response: R, html: str) -> R:
    """Allow exactly the ``<style>`` blocks of ``html`` (by hash) on this one response.

    For the staff letter previews: a sandboxed ``<iframe srcdoc>`` inherits the page's
    policy, and the letter's own stylesheet is an inline block (WeasyPrint renders the same
    HTML). Hashes allow those bytes only, so the page stays free of ``'unsafe-inline'``.
    """
    hashes = sorted({
        "'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"
        for block in _STYLE_BLOCK.findall(html)
    })
    if hashes:
        update = dict(getattr(response, "_csp_update", None) or {})
        update["style-src"] = list(update.get("style-src", [])) + hashes
        response._csp_update = update  # type: ignore[attr-defined]
    return response


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The username django-axes records for a login attempt, cut to a username's length.

    Django's login form does not enforce the username's max_length, so an over-long name
    reached axes' varchar(255) column and failed the login with a 500 on PostgreSQL.
    """
    value = credentials.get("username") if credentials else request.POST.get("username")
    if value is None:
        return None
    return str(value).replace("\x00", "")[:150]
