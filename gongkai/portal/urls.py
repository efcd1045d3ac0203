from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from gongkai.core.access import public_view
from gongkai.portal import views
from gongkai.portal.sitemaps import SITEMAPS, needs_index

app_name = "portal"


@public_view
def sitemap(request):
    """The URLs themselves while they fit in one file, else an index of the sections."""
    if needs_index(SITEMAPS):
        return sitemap_views.index(request, sitemaps=SITEMAPS,
                                   sitemap_url_name="portal:sitemap_section")
    return sitemap_views.sitemap(request, sitemaps=SITEMAPS)


@public_view
def sitemap_section(request, section: str):
    return sitemap_views.sitemap(request, sitemaps=SITEMAPS, section=section)


urlpatterns = [
    path("", views.home, name="home"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap_section"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("preferences/elder-mode/", views.elder_mode, name="elder_mode"),
    path("<slug:agency>/", views.agency_home, name="agency_home"),
    path("<slug:agency>/profile/", views.agency_profile, name="agency_profile"),
]
