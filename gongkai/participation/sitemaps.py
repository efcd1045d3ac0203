"""Sitemap section of participation: each agency's index, published surveys (and their
results once published), solicitations and announced open days."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.core.selectors import agency_list_public
from gongkai.participation.models import OpenDay, PublicationStatus, Solicitation, Survey


class ParticipationSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        agencies = list(agency_list_public())
        ids = [a.pk for a in agencies]
        items = [("participation:index", a.slug, None) for a in agencies]
        for survey in Survey.objects.filter(agency_id__in=ids, status=PublicationStatus.PUBLISHED
                                            ).select_related("agency").order_by("id"):
            items.append(("participation:survey", survey.agency.slug, survey.number))
            if survey.results_published:
                items.append(("participation:survey_results", survey.agency.slug, survey.number))
        for item in Solicitation.objects.filter(agency_id__in=ids, status=PublicationStatus.PUBLISHED
                                                ).select_related("agency").order_by("id"):
            items.append(("participation:solicitation", item.agency.slug, item.number))
        for day in OpenDay.objects.filter(agency_id__in=ids, announced_at__isnull=False
                                          ).select_related("agency").order_by("id"):
            items.append(("participation:open_day", day.agency.slug, day.number))
        return items

    def location(self, item):
        name, slug, number = item
        kwargs = {"agency": slug} if number is None else {"agency": slug, "number": number}
        return reverse(name, kwargs=kwargs)
