from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from gongkai.core.access import public_view
from gongkai.portal import views
from gongkai.portal.sitemaps import SITEMAPS

app_name = "portal"


@public_view
def sitemap(request):
    return sitemap_views.sitemap(request, sitemaps=SITEMAPS)


urlpatterns = [
    path("", views.home, name="home"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("preferences/elder-mode/", views.elder_mode, name="elder_mode"),
    path("<slug:agency>/", views.agency_home, name="agency_home"),
    path("<slug:agency>/profile/", views.agency_profile, name="agency_profile"),
    path("<slug:agency>/disclosure/", include("gongkai.catalogue.urls")),
]
