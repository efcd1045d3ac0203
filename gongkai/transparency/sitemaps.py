"""The platform-wide pages anyone can use to check what was published: the transparency
log and the verification page."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class VerificationSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.4

    def items(self):
        return ["transparency:index", "signing:verify"]

    def location(self, item):
        return reverse(item)
