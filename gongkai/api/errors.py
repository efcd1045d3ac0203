"""One error shape for every API failure: ``{"error": {"code", "message", "fields"}}``."""

from __future__ import annotations

import functools
import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from gongkai.core.intake import IdempotencyConflict, RateLimited
from gongkai.core.policies import PermissionDeniedError
from gongkai.core.workflow import InvalidTransition

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
        # A field's message is shown to users like the envelope's: one that is not Chinese
        # (a code such as "too large" left by a handler) reads as the envelope's message.
        self.fields = {key: [m if _has_han(m) else message for m in messages]
                       for key, messages in (fields or {}).items()}


def _has_han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorOut(Schema):
    """The error envelope, as documented in the OpenAPI schema."""

    error: ErrorDetail


def responses(*statuses: int) -> dict[int, type[ErrorOut]]:
    """Error statuses a route declares beyond the ones ``document`` adds by rule, e.g.
    ``response={200: CaseOut, **responses(409)}``."""
    return dict.fromkeys(statuses, ErrorOut)


ERROR_DESCRIPTIONS = {
    400: "请求体无法解析", 401: "未认证(需要会话或 API 令牌)", 403: "角色无权执行此操作",
    404: "资源不存在", 409: "当前状态不允许此操作", 413: "上传内容过大",
    414: "URL 过长(gunicorn 限制请求行为 4094 字节,以 HTML 回答)",
    422: "请求参数不正确", 429: "请求过于频繁",
}


def document(schema: dict[str, Any]) -> dict[str, Any]:
    """Add to every operation the error statuses the shared machinery can answer with, so
    that the schema lists every status a client may see (the fuzz test holds us to it):
    422 for any parameter or body (validation), 400 for a body (unparseable), 404 for a path
    parameter (unknown object, or a value the URL pattern does not match), 414 with any
    parameter (the server's limit on the request line, answered before Django), 401 and 403
    for staff operations. Statuses a handler raises itself are declared on its route."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    if "ErrorOut" not in components:
        generated = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(generated.pop("$defs", {}))
        components["ErrorOut"] = generated
    ref = {"$ref": "#/components/schemas/ErrorOut"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            params = operation.get("parameters", [])
            statuses = set()
            if params or "requestBody" in operation:
                statuses.add(422)
            if "requestBody" in operation:
                statuses.add(400)
            if any(p.get("in") == "path" for p in params):
                statuses.add(404)
            if params:
                statuses.add(414)
            if operation.get("security"):
                statuses.update({401, 403})
            declared = operation.setdefault("responses", {})
            for status in sorted(statuses):
                if status in declared or str(status) in declared:
                    continue
                declared[status] = {"description": ERROR_DESCRIPTIONS[status],
                                    "content": {"application/json": {"schema": ref}}}
                if status == 414:
                    declared[status]["content"] = {"text/html": {"schema": {"type": "string"}}}
    return schema


def error_body(code: str, message: str, fields: dict[str, Any] | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


# pydantic's error types in Chinese, once for the whole API (its own messages are English).
# ``{name}`` fields come from the error's ``ctx``.
VALIDATION_MESSAGES = {
    "missing": "缺少必填项。",
    "string_type": "应为文本。",
    "string_too_short": "至少{min_length}个字符。",
    "string_too_long": "不超过{max_length}个字符。",
    "string_pattern_mismatch": "格式不正确。",
    "string_unicode": "应为有效的文本。",
    "int_type": "应为整数。",
    "int_parsing": "应为整数。",
    "int_from_float": "应为整数。",
    "float_type": "应为数字。",
    "float_parsing": "应为数字。",
    "decimal_type": "应为数字。",
    "decimal_parsing": "应为数字。",
    "bool_type": "应为 true 或 false。",
    "bool_parsing": "应为 true 或 false。",
    "greater_than": "应大于{gt}。",
    "greater_than_equal": "应不小于{ge}。",
    "less_than": "应小于{lt}。",
    "less_than_equal": "应不大于{le}。",
    "multiple_of": "应为{multiple_of}的倍数。",
    "literal_error": "应为以下值之一:{expected}。",
    "enum": "应为以下值之一:{expected}。",
    "date_type": "应为日期(YYYY-MM-DD)。",
    "date_parsing": "应为日期(YYYY-MM-DD)。",
    "date_from_datetime_parsing": "应为日期(YYYY-MM-DD)。",
    "date_from_datetime_inexact": "应为日期(YYYY-MM-DD),不含时间。",
    "datetime_type": "应为日期时间(ISO 8601)。",
    "datetime_parsing": "应为日期时间(ISO 8601)。",
    "datetime_from_date_parsing": "应为日期时间(ISO 8601)。",
    "time_parsing": "应为时间(HH:MM)。",
    "list_type": "应为列表。",
    "tuple_type": "应为列表。",
    "set_type": "应为列表。",
    "dict_type": "应为对象。",
    "model_type": "应为对象。",
    "model_attributes_type": "应为对象。",
    "too_short": "至少{min_length}项。",
    "too_long": "不超过{max_length}项。",
    "json_invalid": "不是有效的 JSON。",
    "json_type": "不是有效的 JSON。",
    "extra_forbidden": "不允许的字段。",
    "uuid_type": "应为 UUID。",
    "uuid_parsing": "应为 UUID。",
    "url_type": "应为网址。",
    "url_parsing": "应为网址。",
    "url_scheme": "网址协议不正确。",
    "bytes_type": "应为文件内容。",
    "none_required": "应为空。",
    "value_error": "取值不正确。",
    "assertion_error": "取值不正确。",
}
FALLBACK_VALIDATION_MESSAGE = "取值不正确。"


def validation_message(err: dict[str, Any]) -> str:
    """One pydantic error in Chinese. A ``value_error`` raised by our own validators already
    carries Chinese text (pydantic prefixes "Value error, "): keep it."""
    kind = str(err.get("type", ""))
    msg = str(err.get("msg", ""))
    if kind == "value_error" and msg.startswith("Value error, "):
        own = msg.removeprefix("Value error, ")
        if _has_han(own):
            return own
    template = VALIDATION_MESSAGES.get(kind, FALLBACK_VALIDATION_MESSAGE)
    ctx = {k: (v if not isinstance(v, str) else v.replace("'", "")) for k, v in
           (err.get("ctx") or {}).items()}
    try:
        return template.format(**ctx)
    except (KeyError, IndexError, ValueError):
        return template.split("{")[0].rstrip(":") + "。" if "{" in template else template


def _validation_fields(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path")]
        if loc and loc[0] in {"payload", "filters", "pagination", "params"}:
            loc = loc[1:]
        key = ".".join(loc) or "__all__"
        fields.setdefault(key, []).append(validation_message(err))
    return fields


def _validation_summary(fields: dict[str, list[str]]) -> str:
    """The envelope's message names the first field at fault, so a client that shows only
    the message still tells the user what to fix."""
    if not fields:
        return "请求参数不正确。"
    key, messages = next(iter(fields.items()))
    if key == "__all__":
        return f"请求参数不正确:{messages[0]}"
    return f"请求参数不正确:{key} {messages[0]}"


def nul_location(request: HttpRequest) -> str | None:
    """Where the request carries a NUL character (0x00), if anywhere: the path or a JSON
    body (raw or as the escape \\u0000). Uploaded files may hold NUL: they are bytes."""
    if "\x00" in request.path:
        return "path"
    if request.content_type in {"application/json", "text/plain", ""} and request.method in {
            "POST", "PUT", "PATCH", "DELETE"}:
        body = request.body
        if b"\x00" in body or b"\\u0000" in body:
            return "body"
    return None


def install(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, code: str, message: str,
                fields: dict | None = None) -> HttpResponse:
        return api.create_response(request, error_body(code, message, fields), status=status)

    def reject_nul(run):
        """PostgreSQL can neither store nor compare text holding NUL (0x00): a query with one
        fails as a server error. Refuse it at the edge, the same on both databases (422)."""

        @functools.wraps(run)
        def checked(request, *args, **kwargs):
            if any("\x00" in v for _key, values in request.GET.lists() for v in values):
                # Query parameters are filters and search words, normalised like the search
                # box's input (control characters dropped), not refused: drop NUL.
                cleaned = request.GET.copy()
                for key, values in list(cleaned.lists()):
                    cleaned.setlist(key, [v.replace("\x00", "") for v in values])
                request.GET = cleaned
            where = nul_location(request)
            if where is not None:
                message = "请求中含有空字符(NUL),无法处理。"
                return respond(request, 422, "invalid", message, {where: [message]})
            return run(request, *args, **kwargs)

        return checked

    api.add_decorator(reject_nul, mode="view")

    @api.exception_handler(ApiError)
    def on_api_error(request, exc: ApiError):
        return respond(request, exc.status, exc.code, exc.message, exc.fields)

    @api.exception_handler(ValidationError)
    def on_validation(request, exc: ValidationError):
        fields = _validation_fields(exc.errors)
        return respond(request, 422, "invalid", _validation_summary(fields), fields)

    # The public-intake kit and every workflow, once for all apps (gongkai/core/intake.py,
    # gongkai/core/workflow.py).
    @api.exception_handler(RateLimited)
    def on_rate_limited(request, exc: RateLimited):
        return respond(request, 429, "rate_limited", exc.message)

    @api.exception_handler(InvalidTransition)
    def on_invalid_transition(request, exc: InvalidTransition):
        return respond(request, 409, exc.code, exc.message)

    @api.exception_handler(IdempotencyConflict)
    def on_idempotency_conflict(request, exc: IdempotencyConflict):
        return respond(request, 409, exc.code, exc.message)

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
        message = str(exc)
        if status == 400 and message.startswith("Cannot parse request body"):
            # ninja's own words are English; the body was not UTF-8 JSON (e.g. GBK bytes).
            message = "无法解析请求正文(需要 UTF-8 编码的 JSON)。"
        return respond(request, status, STATUS_CODES.get(status, "error"), message)

    @api.exception_handler(MultiPartParserError)
    def on_bad_multipart(request, exc):
        return respond(request, 400, "bad_request", "无法解析上传的表单数据。")

    @api.exception_handler(Exception)
    def on_unexpected(request, exc):
        log.exception("unhandled API error on %s", request.path)
        return respond(request, 500, "server_error", "服务器内部错误,已记录。")
