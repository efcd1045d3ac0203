"""Sitemap section for enforcement publicity: each agency's 执法公示 pages and the decisions
public now (never a recorded, withdrawn or taken-down one)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.core.selectors import agency_list_public


class EnforcementSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5
    limit = 5000

    def items(self):
        from gongkai.enforcement.selectors import public_decisions

        pages = [("enforcement:index", agency.slug, None) for agency in agency_list_public()]
        pages += [("enforcement:decisions", agency.slug, None) for agency in agency_list_public()]
        decisions = public_decisions().filter(agency__is_active=True).order_by("id")
        return pages + [("enforcement:decision", d.agency.slug, d.pk) for d in decisions]

    def location(self, item):
        name, slug, pk = item
        kwargs = {"agency": slug} if pk is None else {"agency": slug, "pk": pk}
        return reverse(name, kwargs=kwargs)
