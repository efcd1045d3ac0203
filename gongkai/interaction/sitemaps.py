"""Sitemap section for the mailbox: each agency's mailbox page and form, and every
published exchange (never a message that is not published)."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.core.selectors import agency_list_public
from gongkai.interaction.models import Message, Publication


class InteractionSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5
    limit = 5000

    def items(self) -> list[Any]:
        pages: list[Any] = [(agency.slug, name) for agency in agency_list_public()
                            for name in ("interaction:index", "interaction:write")]
        published = (Message.objects.filter(publication=Publication.APPROVED,
                                            agency__is_active=True)
                     .values_list("agency__slug", "pk").order_by("pk"))
        return pages + [(slug, pk) for slug, pk in published]

    def location(self, item: Any) -> str:
        slug, what = item
        if isinstance(what, int):
            return reverse("interaction:published", kwargs={"agency": slug, "pk": what})
        return reverse(what, kwargs={"agency": slug})
