"""Sitemap sections for the law library: each agency's library front page and every law
in force as that agency's portal shows it (the page's canonical address)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.core.selectors import agency_list_public
from gongkai.laws.models import Law


class LawsIndexSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return list(agency_list_public())

    def location(self, item):
        return reverse("laws:index", kwargs={"agency": item.slug})


class LawSitemap(Sitemap):
    """(agency slug, law id) pairs: laws are platform-wide, each agency's portal frames
    them, and each law page names its own address canonical."""

    changefreq = "monthly"
    priority = 0.4

    def items(self):
        slugs = [a.slug for a in agency_list_public()]
        ids = list(Law.objects.filter(in_force=True).order_by("pk").values_list("pk", flat=True))
        return [(slug, pk) for slug in slugs for pk in ids]

    def location(self, item):
        return reverse("laws:law", kwargs={"agency": item[0], "pk": item[1]})
