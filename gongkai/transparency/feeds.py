"""Atom and RSS feeds of signed tree heads, so monitors can keep copies and later ask the
log to prove that each newer head extends the ones they saw (consistency proofs)."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gongkai.core.access import public_view
from gongkai.transparency.models import TreeHead
from gongkai.transparency.selectors import heads_recent

FEED_SIZE = 50


class HeadRssFeed(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    language = "zh-cn"

    def title(self) -> str:
        return _("透明日志签名树头")

    def link(self) -> str:
        return reverse("transparency:index")

    def description(self) -> str:
        return _("政府信息发布与撤回的透明日志：每个签名树头（条目数、根哈希、时间、Ed25519 签名）")

    def items(self):
        return heads_recent(FEED_SIZE)

    def item_title(self, item: TreeHead) -> str:
        return _("树头：%(n)s 个条目") % {"n": item.tree_size}

    def item_description(self, item: TreeHead) -> str:
        return (f"tree_size={item.tree_size} root_hash={item.root_hash} "
                f"timestamp={item.timestamp} signature={item.signature}")

    def item_link(self, item: TreeHead) -> str:
        return f"/api/v1/transparency/heads/{item.tree_size}"

    def item_guid(self, item: TreeHead) -> str:
        return f"gongkai-sth-{item.tree_size}-{item.root_hash}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: TreeHead) -> dt.datetime:
        return dt.datetime.fromtimestamp(item.timestamp / 1000, tz=dt.UTC)


class HeadAtomFeed(HeadRssFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()


@public_view
@require_safe
def rss(request):
    return HeadRssFeed()(request)


@public_view
@require_safe
def atom(request):
    return HeadAtomFeed()(request)
