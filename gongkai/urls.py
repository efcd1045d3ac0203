from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from gongkai.api.api import api
from gongkai.api.views import healthz

handler404 = "gongkai.portal.errors.not_found"
handler500 = "gongkai.portal.errors.server_error"
handler403 = "gongkai.portal.errors.forbidden"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("staff/admin/", admin.site.urls),
    path("staff/", include("gongkai.staff_urls")),
    path("accounts/", include("gongkai.core.public_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}, name="media"),
    path("", include("gongkai.portal.urls")),
]

if settings.GONGKAI_BENCH_VIEWS:
    from gongkai.portal.views import bench_trivial

    urlpatterns.insert(0, path("bench/trivial", bench_trivial, name="bench_trivial"))
