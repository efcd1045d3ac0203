"""Sitemap section: each agency's list of answers, every published answer and each year's
figures (never an unpublished answer)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.core.selectors import agency_list_public
from gongkai.proposals.models import ProposalReply


class ProposalSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self) -> list[tuple[str, dict]]:
        agencies = {a.pk: a.slug for a in agency_list_public()}
        items: list[tuple[str, dict]] = [("proposals:index", {"agency": s})
                                         for s in agencies.values()]
        years: set[tuple[str, int]] = set()
        for pk, agency_id, year in (ProposalReply.objects.filter(
                published_on__isnull=False, proposal__agency_id__in=list(agencies))
                .values_list("pk", "proposal__agency_id", "proposal__year").order_by("pk")):
            items.append(("proposals:reply", {"agency": agencies[agency_id], "pk": pk}))
            years.add((agencies[agency_id], year))
        items += [("proposals:summary", {"agency": s, "year": y}) for s, y in sorted(years)]
        return items

    def location(self, item: tuple[str, dict]) -> str:  # type: ignore[override]
        name, kwargs = item
        return reverse(name, kwargs=kwargs)
