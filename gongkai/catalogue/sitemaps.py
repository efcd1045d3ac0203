"""Sitemap sections for the public catalogue: each agency's catalogue page and every public
record. Registered with the portal in ``CatalogueConfig.ready``."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from gongkai.catalogue.selectors import public_records
from gongkai.core.selectors import agency_list_public


class CatalogueIndexSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.7

    def items(self):
        return list(agency_list_public())

    def location(self, item):
        return reverse("catalogue:index", kwargs={"agency": item.slug})


class OnRequestSitemap(Sitemap):
    """The on-request catalogue page of each agency that lists it (never the entries
    themselves: they have no public page)."""

    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return [a for a in agency_list_public() if a.lists_on_request_entries]

    def location(self, item):
        return reverse("catalogue:on_request", kwargs={"agency": item.slug})


class RecordSitemap(Sitemap):
    """Every public record of every active agency, oldest first so pages stay stable."""

    changefreq = "monthly"
    priority = 0.6

    def _records(self):
        return public_records().filter(agency__is_active=True)

    def items(self):
        return (self._records()
                .select_related("agency", "current_version")
                .only("pk", "agency__slug", "current_version__published_at")
                .order_by("pk"))

    def location(self, item):
        return reverse("catalogue:record", kwargs={"agency": item.agency.slug, "pk": item.pk})

    def lastmod(self, item):
        return item.current_version.published_at

    def get_latest_lastmod(self):
        # The default walks every item; one aggregate answers the same question.
        return self._records().aggregate(latest=Max("current_version__published_at"))["latest"]
