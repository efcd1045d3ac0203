"""Sitemap sections for Q&A: each agency's question page and FAQ list, and every
published FAQ."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.core.selectors import agency_list_public
from gongkai.qa.models import Faq


class QaPagesSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return [(a.slug, name) for a in agency_list_public() for name in ("qa:ask", "qa:faq_list")]

    def location(self, item):
        return reverse(item[1], kwargs={"agency": item[0]})


class FaqSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return (Faq.objects.filter(published=True, agency__is_active=True)
                .select_related("agency").only("pk", "agency__slug").order_by("pk"))

    def location(self, item):
        return reverse("qa:faq", kwargs={"agency": item.agency.slug, "pk": item.pk})
