"""Sitemap sections of the directory: each agency's directory page and every listed entry
(never an unlisted one: only ``public_entities`` is read)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.core.selectors import agency_list_public
from gongkai.directory.selectors import public_entities


class DirectorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5
    limit = 5000

    def items(self):
        agencies = list(agency_list_public())
        return [("index", a.slug, a.pk) for a in agencies] + [
            ("entity", slug, pk) for pk, slug in public_entities().filter(
                agency__in=agencies).order_by("id").values_list("pk", "agency__slug")]

    def location(self, item):
        kind, slug, pk = item
        if kind == "index":
            return reverse("directory:index", kwargs={"agency": slug})
        return reverse("directory:entity", kwargs={"agency": slug, "pk": pk})
