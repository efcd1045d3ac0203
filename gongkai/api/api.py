"""The JSON API under /api/v1/, assembled from the apps' routers."""

from __future__ import annotations

from ninja import NinjaAPI, Swagger
from ninja.renderers import JSONRenderer

from gongkai.api import errors
from gongkai.core.registry import gongkai_apps, resolve


class ReadableJSONRenderer(JSONRenderer):
    """UTF-8 JSON with Chinese left readable (no \\u escapes): smaller and greppable."""

    json_dumps_params = {"ensure_ascii": False}  # noqa: RUF012

class GongkaiAPI(NinjaAPI):
    """The schema lists the error statuses every operation can answer with."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        errors.document(schema)
        return schema


api = GongkaiAPI(
    title="Gongkai API",
    version="1",
    description=(
        "政务公开平台接口。公开接口无需认证;工作人员接口使用登录会话(需 CSRF)或个人令牌 "
        "`Authorization: Bearer <token>`(`gongkai token create USERNAME`)。"
        "错误统一为 `{\"error\": {\"code\", \"message\", \"fields\"}}`;列表分页参数 "
        "`page`、`page_size`,返回 `{total, page, page_size, results}`。"
    ),
    urls_namespace="api",
    renderer=ReadableJSONRenderer(),
    docs=Swagger(settings={"persistAuthorization": True}),
)
errors.install(api)


def _assemble() -> None:
    """Add each app's declared ``api_router`` (gongkai/core/registry.py), in app order."""
    for app in gongkai_apps():
        if app.api_router:
            prefix, router = app.api_router
            api.add_router(prefix, resolve(router))


_assemble()
