"""Sitemap sections for the annual reports: each agency's report list and every
published report."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.core.selectors import agency_list_public
from gongkai.reports.models import AnnualReport


class ReportIndexSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return list(agency_list_public())

    def location(self, item):
        return reverse("reports:index", kwargs={"agency": item.slug})


class ReportSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.6

    def items(self):
        return (AnnualReport.objects.filter(status="published", agency__is_active=True)
                .select_related("agency").only("year", "agency__slug").order_by("agency", "year"))

    def location(self, item):
        return reverse("reports:detail", kwargs={"agency": item.agency.slug, "year": item.year})
