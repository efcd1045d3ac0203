"""One error shape for every API failure: ``{"error": {"code", "message", "fields"}}``."""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from gongkai.core.policies import PermissionDeniedError

log = logging.getLogger("gongkai.api")

STATUS_CODES = {
    400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "too_large", 422: "invalid",
    429: "rate_limited", 500: "server_error", 503: "service_unavailable",
}


class ApiError(Exception):
    """Raise from a handler to answer with a specific status, code and message."""

    def __init__(self, status: int, message: str, *, code: str | None = None,
                 fields: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code or STATUS_CODES.get(status, "error")
        self.message = message
        self.fields = fields or {}


def error_body(code: str, message: str, fields: dict[str, Any] | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _validation_fields(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path")]
        if loc and loc[0] in {"payload", "filters", "pagination", "params"}:
            loc = loc[1:]
        key = ".".join(loc) or "__all__"
        fields.setdefault(key, []).append(str(err.get("msg", "invalid")))
    return fields


def install(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, code: str, message: str,
                fields: dict | None = None) -> HttpResponse:
        return api.create_response(request, error_body(code, message, fields), status=status)

    @api.exception_handler(ApiError)
    def on_api_error(request, exc: ApiError):
        return respond(request, exc.status, exc.code, exc.message, exc.fields)

    @api.exception_handler(ValidationError)
    def on_validation(request, exc: ValidationError):
        return respond(request, 422, "invalid", "请求参数不正确。", _validation_fields(exc.errors))

    @api.exception_handler(AuthenticationError)
    def on_auth(request, exc):
        return respond(request, 401, "unauthenticated", "需要登录或有效的 API 令牌。")

    @api.exception_handler(PermissionDeniedError)
    def on_forbidden(request, exc):
        return respond(request, 403, "forbidden", "您的角色无权执行此操作。")

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return respond(request, 404, "not_found", "请求的资源不存在。")

    @api.exception_handler(HttpError)
    def on_http_error(request, exc: HttpError):
        status = exc.status_code
        return respond(request, status, STATUS_CODES.get(status, "error"), str(exc))

    @api.exception_handler(Exception)
    def on_unexpected(request, exc):
        log.exception("unhandled API error on %s", request.path)
        return respond(request, 500, "server_error", "服务器内部错误,已记录。")
