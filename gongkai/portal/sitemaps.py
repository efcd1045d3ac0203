"""sitemap.xml: the agencies' public pages (content apps add their own sitemaps)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.core.selectors import agency_list_public


class AgencySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return list(agency_list_public())

    def location(self, item):
        return item.get_absolute_url()


class AgencyProfileSitemap(AgencySitemap):
    priority = 0.5

    def location(self, item):
        return reverse("portal:agency_profile", kwargs={"agency": item.slug})


class StaticSitemap(Sitemap):
    priority = 0.3

    def items(self):
        return ["portal:agency_list", "portal:accessibility"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"agencies": AgencySitemap, "profiles": AgencyProfileSitemap, "site": StaticSitemap}
