"""Sitemap section for applications: each agency's guide and form (never a case: cases are
private). Registered with the portal in ``ApplicationsConfig.ready``."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.core.selectors import agency_list_public


class ApplicationPagesSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return [(agency.slug, name) for agency in agency_list_public()
                for name in ("applications:index", "applications:apply")]

    def location(self, item):
        slug, name = item
        return reverse(name, kwargs={"agency": slug})
