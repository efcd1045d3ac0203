"""Hot topics: texts that arrived in the last days, grouped by the words they share.

**Sources.** Texts come from registered inbound sources, so that channels built by other
apps (the mailbox and hotline, consultation comments) can be plugged in without this app
importing them: the other app calls, in its ``AppConfig.ready``::

    from gongkai.opinion.hot import register_inbound_source
    register_inbound_source("mailbox", "领导信箱", fetch)

with ``fetch(agency_ids, since) -> Iterable[InboundText]``. This app registers its own
``InboundItem`` rows (feed imports and staff notes) as the source ``opinion``. Whatever a
source returns stays on staff pages: the public never sees a hot topic or its texts.

**Grouping.** Each text is segmented with the project's Chinese segmenter
(``gongkai.search.text``), stopwords and one-character words dropped. A word carried by at
least ``min_items`` texts is a candidate — in a set of 40 texts or more, only if no more
than half of them carry it. Candidates are taken from the most carried down: a word
opens a topic only when 60 % or more of its (not yet grouped) texts share at least one
other word — a word without such companions is common vocabulary (服务, 问题), not a
topic; the word, its companions (the topic's keywords) and its texts are then taken. A topic is *rising*
when the last 24 hours bring at least ``min_items`` of its texts and at least twice its
daily average before. Embeddings (the qa encoder) are not used: word overlap is cheap
enough for 100,000 texts on one core and explains itself with its keywords.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone


@dataclass(frozen=True)
class InboundText:
    source: str
    ref: str
    title: str
    text: str
    received_at: dt.datetime
    url: str = ""


Fetch = Callable[[list[int] | None, dt.datetime], Iterable[InboundText]]


@dataclass(frozen=True)
class InboundSource:
    name: str
    label: str
    fetch: Fetch


_SOURCES: dict[str, InboundSource] = {}


def register_inbound_source(name: str, label: str, fetch: Fetch) -> None:
    """Registering again under the same name replaces (``ready`` may run twice)."""
    _SOURCES[name] = InboundSource(name, label, fetch)


def sources() -> list[InboundSource]:
    return list(_SOURCES.values())


def own_items(agency_ids: list[int] | None, since: dt.datetime) -> Iterable[InboundText]:
    from gongkai.opinion.models import InboundItem

    qs = InboundItem.objects.filter(received_at__gte=since)
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    for source, ref, title, text, at, url in qs.values_list(
            "source", "ref", "title", "text", "received_at", "url").iterator(chunk_size=2000):
        yield InboundText(source, ref, title, text, at, url)


@dataclass
class Topic:
    keywords: list[str]
    items: list[InboundText] = field(default_factory=list)
    recent: int = 0  # texts in the last 24 hours
    earlier_daily: float = 0.0  # average per day before that
    rising: bool = False

    @property
    def size(self) -> int:
        return len(self.items)

    @property
    def label(self) -> str:
        return "、".join(self.keywords[:4])


def words(text: str) -> set[str]:
    from gongkai.search.text import has_cjk, segment, without_stopwords

    return {w for w in without_stopwords(segment(text))
            if (len(w) >= 2 and has_cjk(w)) or (len(w) >= 4 and w.isalpha())}


def group(texts: list[InboundText], *, now: dt.datetime, days: int,
          min_items: int, max_topics: int = 20) -> list[Topic]:
    """Topics among ``texts`` (pure: no database), rising first, then biggest."""
    if not texts:
        return []
    bags = [words(f"{t.title}。{t.text[:500]}") for t in texts]
    carriers: dict[str, list[int]] = defaultdict(list)
    for index, bag in enumerate(bags):
        for word in bag:
            carriers[word].append(index)
    # In a large set a word most texts carry is noise; a small set may be one topic.
    ceiling = len(texts) if len(texts) < 40 else max(min_items, len(texts) // 2)
    candidates = sorted(((w, ix) for w, ix in carriers.items()
                         if min_items <= len(ix) <= ceiling), key=lambda kv: (-len(kv[1]), kv[0]))
    taken: set[int] = set()
    used: set[str] = set()
    topics: list[Topic] = []
    day = dt.timedelta(days=1)
    for word, carried in candidates:
        if len(topics) >= max_topics:
            break
        if word in used:
            continue
        members = [i for i in carried if i not in taken]
        if len(members) < min_items:
            continue
        # Companions: words most of these texts also carry. A word without any is common
        # vocabulary (服务, 问题), not a topic.
        together = Counter(w for i in members for w in bags[i] if w != word)
        companions = [w for w, n in together.most_common(12) if n >= 0.6 * len(members)]
        if not companions:
            continue
        used.add(word)
        used.update(companions)
        taken.update(members)
        items = sorted((texts[i] for i in members), key=lambda t: t.received_at, reverse=True)
        recent = sum(1 for t in items if t.received_at >= now - day)
        earlier = (len(items) - recent) / max(days - 1, 1)
        topics.append(Topic(keywords=[word, *companions][:8], items=items, recent=recent,
                            earlier_daily=round(earlier, 1),
                            rising=recent >= min_items and recent >= 2 * earlier))
    return sorted(topics, key=lambda t: (not t.rising, -t.size))


def hot_topics(agency_ids: list[int] | None, *, now: dt.datetime | None = None,
               days: int | None = None, min_items: int | None = None) -> list[Topic]:
    """Topics of the registered sources' texts of the last ``days`` (staff only)."""
    now = now or timezone.now()
    days = days or int(settings.GONGKAI_OPINION_HOT_DAYS)
    min_items = min_items or int(settings.GONGKAI_OPINION_HOT_MIN_ITEMS)
    since = now - dt.timedelta(days=days)
    texts = [t for source in sources() for t in source.fetch(agency_ids, since)]
    return group(texts, now=now, days=days, min_items=min_items)


def counts_by_day(topic: Topic) -> Counter[dt.date]:
    return Counter(timezone.localdate(t.received_at) for t in topic.items)
