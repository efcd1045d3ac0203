"""The site's URLs: the platform's own, then what each app declares (gongkai/core/registry.py).

Order matters only at the edges: the platform-wide pages (``/verify/``, ``/transparency/``,
``/accounts/`` — reserved words no agency may take) and each agency's app pages
(``/<slug>/disclosure/`` …) come before the portal, whose ``/<slug>/`` would otherwise
answer for them.
"""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from gongkai.api.api import api
from gongkai.api.views import healthz
from gongkai.core.registry import gongkai_apps

handler404 = "gongkai.portal.errors.not_found"
handler500 = "gongkai.portal.errors.server_error"
handler403 = "gongkai.portal.errors.forbidden"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("staff/admin/", admin.site.urls),
    path("staff/", include("gongkai.staff_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Only agency logos are public files; attachments are served by the catalogue, which
    # checks that their record is public (MEDIA_ROOT as a whole is never exposed).
    path("media/agency-logos/<path:path>", serve,
         {"document_root": settings.MEDIA_ROOT / "agency-logos"}, name="media_logos"),
]
# Platform-wide: a file or a log entry is checked without knowing its agency first.
urlpatterns += [path(app.global_urls[0], include(app.global_urls[1]))
                for app in gongkai_apps() if app.global_urls]
# Under the agency's address but in each app's own top-level namespace (``catalogue``):
# inside the portal's include it would become ``portal:catalogue`` (and the portal, a
# lower layer, would be the one naming a content app).
urlpatterns += [path("<slug:agency>/" + app.agency_urls[0], include(app.agency_urls[1]))
                for app in gongkai_apps() if app.agency_urls]
urlpatterns.append(path("", include("gongkai.portal.urls")))

if settings.GONGKAI_BENCH_VIEWS:
    from gongkai.portal.views import bench_trivial

    urlpatterns.insert(0, path("bench/trivial", bench_trivial, name="bench_trivial"))
