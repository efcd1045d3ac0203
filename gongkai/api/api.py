"""The JSON API under /api/v1/, assembled from the apps' routers."""

from __future__ import annotations

from ninja import NinjaAPI, Swagger
from ninja.renderers import JSONRenderer

from gongkai.api import errors


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
    from gongkai.applications.api import router as applications_router
    from gongkai.audit.api import router as audit_router
    from gongkai.catalogue.api import router as catalogue_router
    from gongkai.core.api import router as core_router
    from gongkai.laws.api import router as laws_router
    from gongkai.qa.api import router as qa_router
    from gongkai.reports.api import router as reports_router
    from gongkai.search.api import router as search_router
    from gongkai.signing.api import router as signing_router
    from gongkai.transparency.api import router as transparency_router
    from gongkai.workdays.api import router as workdays_router

    api.add_router("/", core_router)
    api.add_router("/workdays", workdays_router)
    api.add_router("/audit", audit_router)
    api.add_router("/", catalogue_router)
    api.add_router("/", signing_router)
    api.add_router("/transparency", transparency_router)
    api.add_router("/laws", laws_router)
    api.add_router("/", search_router)
    api.add_router("/", qa_router)
    api.add_router("/", applications_router)
    api.add_router("/reports", reports_router)


_assemble()
