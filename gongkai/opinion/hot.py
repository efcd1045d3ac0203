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
daily average before.

**By meaning.** Texts with a stored sentence embedding (``vectors``: computed by the
background job ``opinion.embed_texts``, never during a request) are grouped first by
cosine similarity: seeds are texts with at least ``min_items`` neighbours at
``GONGKAI_OPINION_HOT_SIMILARITY`` (percent) or more, taken from the most surrounded
down; a topic's texts are those within the similarity plus ``CENTRE_MARGIN`` of the
seed group's centre. This catches paraphrases that share no word (半夜烧烤店噪音扰民 /
深夜饭店吵闹影响睡觉). Texts without a vector (not yet embedded, or the encoder changed) and
texts no meaning topic took are then grouped by words as above, so a missing vector
never hides a text. Only the newest ``MAX_BY_MEANING`` texts are compared by meaning (the
vectors are read from the database: 2 KB each); older ones in a flood go by words.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
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
    by_meaning: bool = False  # grouped by stored embeddings, not by shared words

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
        topics.append(_topic([word, *companions][:8], [texts[i] for i in members],
                             now=now, days=days, min_items=min_items))
    return sorted(topics, key=lambda t: (not t.rising, -t.size))


def _topic(keywords: list[str], members: list[InboundText], *, now: dt.datetime, days: int,
           min_items: int, by_meaning: bool = False) -> Topic:
    items = sorted(members, key=lambda t: t.received_at, reverse=True)
    recent = sum(1 for t in items if t.received_at >= now - dt.timedelta(days=1))
    earlier = (len(items) - recent) / max(days - 1, 1)
    return Topic(keywords=keywords, items=items, recent=recent, earlier_daily=round(earlier, 1),
                 rising=recent >= min_items and recent >= 2 * earlier, by_meaning=by_meaning)


CENTRE_MARGIN = 0.10  # a topic's texts are this much closer to its centre than to a seed
SEED_SAMPLE = 1000  # seeds tried in a large set (evenly spread); all of a small one
MAX_BY_MEANING = 20_000


def group_by_meaning(texts: list[InboundText], vectors: np.ndarray, *, now: dt.datetime,
                     days: int, min_items: int, similarity: float,
                     max_topics: int = 20) -> tuple[list[Topic], list[int]]:
    """Topics among ``texts`` by the cosine similarity of their unit ``vectors`` (one row
    each; pure: no database). Returns the topics and the indexes of the texts left over."""
    count = len(texts)
    if count < min_items:
        return [], list(range(count))
    matrix = np.asarray(vectors, dtype=np.float32)
    seeds = (np.arange(count) if count <= SEED_SAMPLE
             else np.linspace(0, count - 1, SEED_SAMPLE).astype(int))
    neighbours: list[np.ndarray] = []
    for start in range(0, len(seeds), 256):  # bounded memory: 256 × count similarities
        block = matrix[seeds[start:start + 256]] @ matrix.T
        neighbours.extend(np.flatnonzero(row >= similarity) for row in block)
    taken = np.zeros(count, dtype=bool)
    topics: list[Topic] = []
    for seed in sorted(range(len(seeds)), key=lambda i: -len(neighbours[i])):
        if len(topics) >= max_topics or len(neighbours[seed]) < min_items:
            break
        near = neighbours[seed][~taken[neighbours[seed]]]
        if len(near) < min_items:
            continue
        centre = matrix[near].mean(axis=0)
        centre /= np.linalg.norm(centre) or 1.0
        members = np.flatnonzero((matrix @ centre >= similarity + CENTRE_MARGIN) & ~taken)
        if len(members) < min_items:
            continue
        taken[members] = True
        chosen = [texts[i] for i in members]
        central = texts[int(members[np.argmax(matrix[members] @ centre)])]
        topics.append(_topic(_meaning_keywords(chosen, central), chosen, now=now, days=days,
                             min_items=min_items, by_meaning=True))
    return topics, [int(i) for i in np.flatnonzero(~taken)]


def _meaning_keywords(items: list[InboundText], central: InboundText) -> list[str]:
    """Words several of the topic's texts carry; else the title of its most central text
    (paraphrases may share no word at all)."""
    carried = Counter(w for t in items for w in words(f"{t.title}。{t.text[:500]}"))
    common = [w for w, n in carried.most_common(8) if n >= max(2, 0.3 * len(items))]
    return common or [central.title[:30]]


def hot_topics(agency_ids: list[int] | None, *, now: dt.datetime | None = None,
               days: int | None = None, min_items: int | None = None) -> list[Topic]:
    """Topics of the registered sources' texts of the last ``days`` (staff only): by
    meaning where stored vectors exist, by shared words for the rest."""
    from gongkai.opinion.vectors import stored

    now = now or timezone.now()
    days = days or int(settings.GONGKAI_OPINION_HOT_DAYS)
    min_items = min_items or int(settings.GONGKAI_OPINION_HOT_MIN_ITEMS)
    since = now - dt.timedelta(days=days)
    texts = sorted((t for source in sources() for t in source.fetch(agency_ids, since)),
                   key=lambda t: t.received_at, reverse=True)
    newest = texts[:MAX_BY_MEANING]
    vectors = stored(newest)
    with_vector = [t for t in newest if (t.source, t.ref) in vectors]
    rest = [t for t in texts if (t.source, t.ref) not in vectors]
    topics: list[Topic] = []
    if with_vector:
        topics, left = group_by_meaning(
            with_vector, np.vstack([vectors[(t.source, t.ref)] for t in with_vector]),
            now=now, days=days, min_items=min_items,
            similarity=int(settings.GONGKAI_OPINION_HOT_SIMILARITY) / 100)
        rest = [with_vector[i] for i in left] + rest
    topics += group(rest, now=now, days=days, min_items=min_items,
                    max_topics=max(20 - len(topics), 0))
    return sorted(topics, key=lambda t: (not t.rising, -t.size))[:20]


def counts_by_day(topic: Topic) -> Counter[dt.date]:
    return Counter(timezone.localdate(t.received_at) for t in topic.items)
