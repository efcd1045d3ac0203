"""RSS 2.0 and Atom feeds of an agency's newest public records, of the whole catalogue or
of one topic (主题分类): ``feed.rss``, ``feed.atom``, ``?topic=<code>`` or
``topics/<code>/feed.atom``. Items come from each record's published version only; links
are absolute from ``GONGKAI_SITE_URL`` (``gongkai.core.links``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gongkai.catalogue import selectors
from gongkai.catalogue.models import Record, RecordVersion, Topic
from gongkai.core.access import public_view
from gongkai.core.links import absolute_url
from gongkai.core.models import Agency
from gongkai.core.selectors import agency_get_public

FEED_SIZE = 50


@dataclass(frozen=True)
class FeedScope:
    agency: Agency
    topic: Topic | None


def _topic(code: str) -> Topic | None:
    # The shared classification table is public reference data, not records.
    return Topic.objects.filter(code=code).first()


def _published(item: Record) -> RecordVersion:
    version = item.current_version
    assert version is not None  # public_records only yields records with one
    return version


class RecordRssFeed(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    language = "zh-cn"

    def get_object(self, request, agency: str, topic: str = "") -> FeedScope:  # type: ignore[override]
        found = agency_get_public(agency)
        if found is None:
            raise Http404("no such agency")
        code = topic or request.GET.get("topic", "")
        chosen = None
        if code:
            chosen = _topic(code)
            if chosen is None:
                raise Http404("no such topic")
        self._feed_path = request.get_full_path()
        return FeedScope(found, chosen)

    def feed_url(self, obj: FeedScope) -> str:
        # Links go to the configured public address (GONGKAI_SITE_URL), not to whatever
        # host name the request came in on (behind a proxy, an internal one).
        return absolute_url(self._feed_path)

    def title(self, obj: FeedScope) -> str:
        if obj.topic:
            return _("%(agency)s政府信息公开 · %(topic)s") % {"agency": obj.agency.name,
                                                          "topic": obj.topic.name}
        return _("%(agency)s政府信息公开") % {"agency": obj.agency.name}

    def link(self, obj: FeedScope) -> str:
        url = reverse("catalogue:index", kwargs={"agency": obj.agency.slug})
        return absolute_url(f"{url}?topic={obj.topic.code}" if obj.topic else url)

    def description(self, obj: FeedScope) -> str:
        return _("%(agency)s最新主动公开的政府信息") % {"agency": obj.agency.name}

    def author_name(self, obj: FeedScope) -> str:
        return obj.agency.name

    def items(self, obj: FeedScope):
        records = selectors.public_record_list(
            agency_id=obj.agency.pk, topic=obj.topic.code if obj.topic else "")
        return records.defer("body", "current_version__body")[:FEED_SIZE]

    def item_title(self, item: Record) -> str:
        return _published(item).title

    def item_description(self, item: Record) -> str:
        return _published(item).summary

    def item_link(self, item: Record) -> str:
        return absolute_url(reverse("catalogue:record", kwargs={"agency": item.agency.slug, "pk": item.pk}))

    def item_pubdate(self, item: Record):
        return _published(item).published_at

    def item_updateddate(self, item: Record):
        return _published(item).published_at

    def item_categories(self, item: Record) -> list[str]:
        version = _published(item)
        return [version.topic.name, version.genre.name]


class RecordAtomFeed(RecordRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: FeedScope) -> str:
        return self.description(obj)


@public_view
@require_safe
def rss(request, agency: str, topic: str = ""):
    return RecordRssFeed()(request, agency=agency, topic=topic)


@public_view
@require_safe
def atom(request, agency: str, topic: str = ""):
    return RecordAtomFeed()(request, agency=agency, topic=topic)
