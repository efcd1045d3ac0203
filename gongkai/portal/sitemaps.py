"""sitemap.xml: the agencies' public pages, plus whatever content apps register.

The portal is a lower layer and imports no content app: an app that has public pages calls
``register_sitemap(name, cls)`` in its ``AppConfig.ready``. ``/sitemap.xml`` lists the URLs
themselves while they fit in one file, and becomes a sitemap index pointing at one file per
section (``/sitemap-<section>.xml``, paged with ``?p=``) once they do not: the sitemaps
protocol allows at most 50,000 URLs per file (https://www.sitemaps.org/protocol.html).
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.core.selectors import agency_list_public

# sitemaps.org: "no more than 50,000 URLs" per sitemap file.
URLSET_MAX_URLS = 50_000


class AgencySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return list(agency_list_public())

    def location(self, item):
        return item.get_absolute_url()


class AgencyProfileSitemap(AgencySitemap):
    priority = 0.5

    def location(self, item):
        return reverse("portal:agency_profile", kwargs={"agency": item.slug})


class StaticSitemap(Sitemap):
    priority = 0.3

    def items(self):
        return ["portal:agency_list", "portal:accessibility"]

    def location(self, item):
        return reverse(item)


SITEMAPS: dict[str, type[Sitemap] | Sitemap] = {
    "agencies": AgencySitemap, "profiles": AgencyProfileSitemap, "site": StaticSitemap,
}


def register_sitemap(name: str, cls: type[Sitemap]) -> None:
    """Add a section to sitemap.xml; called from an app's ``ready()``."""
    if not name.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"sitemap section names are letters, digits, - and _: {name!r}")
    existing = SITEMAPS.get(name)
    if existing is not None and existing is not cls:
        raise ValueError(f"sitemap section {name!r} is already registered by {existing!r}")
    SITEMAPS[name] = cls


def needs_index(sitemaps: dict[str, type[Sitemap] | Sitemap]) -> bool:
    """True when the URLs no longer fit in one file and sitemap.xml must be an index."""
    total = 0
    for entry in sitemaps.values():
        site = entry() if isinstance(entry, type) else entry
        if site.paginator.num_pages > 1:
            return True
        total += site.paginator.count
        if total > URLSET_MAX_URLS:
            return True
    return False
