"""Import the RSS 2.0 and Atom feeds an agency monitors into ``InboundItem``.

XML from outside is parsed with defusedxml (no entity expansion, no external entities);
each request has a timeout and a size cap. A feed that fails — unreachable, not XML, not a
feed — is logged and its error kept on the feed row; the import goes on with the next one.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import urllib.request
from dataclasses import dataclass
from typing import Any

from defusedxml import ElementTree
from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags

log = logging.getLogger("gongkai.opinion")

ATOM = "{http://www.w3.org/2005/Atom}"


class FeedError(Exception):
    """The feed could not be read or is not RSS/Atom."""


@dataclass(frozen=True)
class Entry:
    ref: str
    title: str
    text: str
    url: str
    published: dt.datetime | None


def _date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    value = value.strip()
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        try:
            parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed


def _text(node: Any, tag: str) -> str:
    found = node.find(tag)
    return (found.text or "").strip() if found is not None and found.text else ""


def parse(data: bytes) -> list[Entry]:
    """The entries of an RSS 2.0 or Atom document; FeedError for anything else."""
    try:
        root = ElementTree.fromstring(data)
    except Exception as exc:  # ParseError and defusedxml's refusals alike
        raise FeedError(f"not XML: {exc}") from exc
    entries: list[Entry] = []
    if root.tag == "rss" or root.find("channel") is not None:
        for item in root.iter("item"):
            link = _text(item, "link")
            entries.append(Entry(ref=_text(item, "guid") or link or _text(item, "title"),
                                 title=strip_tags(_text(item, "title")),
                                 text=strip_tags(_text(item, "description")), url=link,
                                 published=_date(_text(item, "pubDate"))))
    elif root.tag == f"{ATOM}feed":
        for item in root.iter(f"{ATOM}entry"):
            link_node = item.find(f"{ATOM}link")
            link = link_node.get("href", "") if link_node is not None else ""
            text = _text(item, f"{ATOM}summary") or _text(item, f"{ATOM}content")
            entries.append(Entry(ref=_text(item, f"{ATOM}id") or link,
                                 title=strip_tags(_text(item, f"{ATOM}title")),
                                 text=strip_tags(text), url=link,
                                 published=_date(_text(item, f"{ATOM}published")
                                                 or _text(item, f"{ATOM}updated"))))
    else:
        raise FeedError(f"not a feed: root element {root.tag[:60]}")
    return [e for e in entries if e.ref and (e.title or e.text)]


def fetch(url: str) -> bytes:
    if not url.lower().startswith(("http://", "https://")):
        raise FeedError("only http and https feeds are fetched")
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url, headers={"User-Agent": "Gongkai feed monitor"})
    limit = int(settings.GONGKAI_OPINION_FEED_MAX_BYTES)
    try:
        with urllib.request.urlopen(  # noqa: S310 - scheme checked above
                request, timeout=settings.GONGKAI_OPINION_FEED_TIMEOUT) as response:
            data = response.read(limit + 1)
    except OSError as exc:
        raise FeedError(f"fetch failed: {exc}") from exc
    if len(data) > limit:
        raise FeedError("feed larger than GONGKAI_OPINION_FEED_MAX_BYTES")
    return data


def import_feeds(*, fetcher: Any = fetch, now: dt.datetime | None = None) -> dict[str, int]:
    """Fetch every active feed; new entries become inbound items. Never raises for a feed."""
    from gongkai.opinion.models import Feed
    from gongkai.opinion.services import inbound_add

    now = now or timezone.now()
    counts = {"feeds": 0, "failed": 0, "new": 0}
    for feed in Feed.objects.filter(active=True).select_related("agency"):
        counts["feeds"] += 1
        try:
            entries = parse(fetcher(feed.url))
        except FeedError as exc:
            counts["failed"] += 1
            log.warning("feed %s (%s) skipped: %s", feed.pk, feed.url, exc)
            Feed.objects.filter(pk=feed.pk).update(last_fetched_at=now, last_error=str(exc)[:500])
            continue
        for entry in entries:
            published = entry.published if entry.published and entry.published <= now else now
            _, created = inbound_add(actor=None, agency=feed.agency, title=entry.title,
                                     text=entry.text, received_at=published, source="feed",
                                     ref=f"{feed.pk}:{entry.ref}", url=entry.url[:500],
                                     feed=feed)
            counts["new"] += int(created)
        Feed.objects.filter(pk=feed.pk).update(last_fetched_at=now, last_error="")
    return counts
