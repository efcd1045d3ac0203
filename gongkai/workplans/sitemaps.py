"""Sitemap section: each agency's work-plan list and every published plan."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.core.selectors import agency_list_public
from gongkai.workplans.models import WorkPlan


class WorkPlanSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self) -> list[tuple[str, dict]]:
        agencies = {a.pk: a.slug for a in agency_list_public()}
        items: list[tuple[str, dict]] = [("workplans:index", {"agency": s})
                                         for s in agencies.values()]
        for agency_id, year in (WorkPlan.objects.filter(
                published_on__isnull=False, agency_id__in=list(agencies))
                .values_list("agency_id", "year").order_by("agency_id", "year")):
            items.append(("workplans:plan", {"agency": agencies[agency_id], "year": year}))
        return items

    def location(self, item: tuple[str, dict]) -> str:  # type: ignore[override]
        name, kwargs = item
        return reverse(name, kwargs=kwargs)
