"""Error pages. 500 renders without context processors: the database may be the cause."""

from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _


def _api_error(request, status: int, code: str, message: str) -> JsonResponse | None:
    """Under /api/ a client expects the API's JSON error envelope, also for a URL that no
    route matches (e.g. ``/api/v1/records/abc``) and for a crash outside the API's handler."""
    if not request.path.startswith("/api/"):
        return None
    return JsonResponse({"error": {"code": code, "message": message, "fields": {}}},
                        status=status, json_dumps_params={"ensure_ascii": False})


def not_found(request, exception=None):
    return (_api_error(request, 404, "not_found", _("请求的资源不存在。"))
            or render(request, "404.html", status=404))


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def server_error(request):
    api = _api_error(request, 500, "server_error", _("服务器内部错误，已记录。"))
    if api is not None:
        return api
    return HttpResponseServerError(render_to_string("500.html"))
