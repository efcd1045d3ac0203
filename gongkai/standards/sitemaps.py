"""Sitemap section of the standard catalogue: each agency's catalogue page and items."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.core.selectors import agency_list_public
from gongkai.standards.models import StandardItem


class StandardsSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        agencies = list(agency_list_public())
        return [("index", a.slug, 0) for a in agencies] + [
            ("item", slug, pk) for pk, slug in StandardItem.objects.filter(
                agency__in=agencies).order_by("agency_id", "serial").values_list(
                "pk", "agency__slug")]

    def location(self, item):
        kind, slug, pk = item
        if kind == "index":
            return reverse("standards:index", kwargs={"agency": slug})
        return reverse("standards:item", kwargs={"agency": slug, "pk": pk})
