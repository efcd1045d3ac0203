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
    # Only agency logos are public files; attachments are served by the catalogue, which
    # checks that their record is public (MEDIA_ROOT as a whole is never exposed).
    path("media/agency-logos/<path:path>", serve,
         {"document_root": settings.MEDIA_ROOT / "agency-logos"}, name="media_logos"),
    # Under the agency's address but in its own top-level namespace ``catalogue``: inside
    # the portal's include it would become ``portal:catalogue`` (and the portal, a lower
    # layer, would be the one naming a content app).
    path("<slug:agency>/disclosure/", include("gongkai.catalogue.urls")),
    path("<slug:agency>/search/", include("gongkai.search.urls")),
    path("<slug:agency>/qa/", include("gongkai.qa.urls")),
    path("<slug:agency>/laws/", include("gongkai.laws.urls")),
    path("<slug:agency>/applications/", include("gongkai.applications.urls")),
    path("<slug:agency>/reports/", include("gongkai.reports.urls")),
    # Platform-wide: a file or a log entry is checked without knowing its agency first.
    path("verify/", include("gongkai.signing.urls")),
    path("transparency/", include("gongkai.transparency.urls")),
    path("", include("gongkai.portal.urls")),
]

if settings.GONGKAI_BENCH_VIEWS:
    from gongkai.portal.views import bench_trivial

    urlpatterns.insert(0, path("bench/trivial", bench_trivial, name="bench_trivial"))
