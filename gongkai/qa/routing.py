"""Routing a question to the laws that can answer it, then ranking their articles (ADR 0010).

Citizens ask the bureau about a handful of subjects (legal aid, notarisation, lawyers,
mediation, judicial appraisal, community corrections, administrative reconsideration and
licensing, information disclosure, personal information), each governed by one or two laws.
Ranking all 75,000 articles of the library for “法律援助要交钱吗” finds articles of other
laws that share its words; ranking the ~70 articles of the legal-aid law finds 第二十条. So:

1. ``route``: the question's words (citizens' and the statute's, kept as data in
   ``vocabulary.json``) score each domain; a law named in the question (律师法, 行政许可法)
   routes to that law directly. Domains within ``KEEP_SHARE`` of the best are kept.
2. ``expand``: colloquial phrases add the statute's words (交钱 → 费用 收费 收取 免费).
3. ``rank``: BM25 over the articles of the routed laws' versions in force, from an
   in-process index of the domain laws (a few thousand articles, built once per process
   and rebuilt when the library changes), plus a prior for the domain's score and a small
   penalty for an article that states a law's purpose or commencement.

A question that routes nowhere is answered by the whole-library search as before.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from gongkai.search import text

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.json")
KEEP_SHARE = 0.5  # domains scoring at least this share of the best one are searched
NAMED_LAW_WEIGHT = 10.0  # a law named in the question outweighs any domain word
DOMAIN_PRIOR = 0.25  # × the domain's share of the best domain score, added to the rank
EXPANSION_WEIGHT = 0.8  # an added statute word counts less than the question's own words
BOILERPLATE_PENALTY = 0.3  # purpose (第一条) and commencement (last article) rarely answer
K1, B = 1.2, 0.5
LAW_IDF = 1.0  # idf within the article's own law (复议 is rare in 行政许可法, everywhere in 行政复议法)
# The library changes by import only: another process's import is noticed within this
# many seconds (the importing process calls ``forget_index``), as for the search vocabulary.
LIBRARY_TTL_SECONDS = 30.0

# Words that shape a question but say nothing about its subject.
_LIGHT = text.STOPWORDS | frozenset(
    "怎么办 怎么样 咋 咋办 为什么 有没有 是不是 能不能 可不可以 要不要 会不会 多少 几 一般 个 吗 呢 呀 "
    "嘛 了 过 着 该 应该 还 就 都 也 又 再 得 地 谁 请 您 本人 自己 现在 已经 如果 的话 时候 时 可 "
    "能够 知道 问 问题 不 没 给 做 说 让 上 下 里 后 前 比 刚 完 一次 一个 大概 以后 之后 之前 看 看看 "
    "某个 帮 帮忙 人 别人 到底 随便 合法 违法 意思 情况 行 吧 去 找".split())


@dataclass(frozen=True)
class Domain:
    key: str
    label: str
    laws: tuple[str, ...]
    words: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Vocabulary:
    domains: tuple[Domain, ...]
    expansions: tuple[tuple[str, tuple[str, ...]], ...]

    def all_laws(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(law for d in self.domains for law in d.laws))


@lru_cache(maxsize=4)
def load_vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    """The routing vocabulary from its data file (read once per process)."""
    data = json.loads(path.read_text("utf-8"))
    domains = tuple(
        Domain(key=d["key"], label=d["label"], laws=tuple(d["laws"]),
               words=tuple(sorted(((w.lower(), float(n)) for w, n in d["words"].items()),
                                  key=lambda item: -len(item[0]))))
        for d in data["domains"])
    expansions = tuple(sorted(((k.lower(), tuple(v.split())) for k, v in data["expansions"].items()),
                              key=lambda item: -len(item[0])))
    return Vocabulary(domains=domains, expansions=expansions)


@dataclass
class Route:
    """Where a question was sent: domain scores, the law titles to rank (with the share of
    the best score their domain got), and the words added by the vocabulary."""

    scores: dict[str, float] = field(default_factory=dict)
    laws: dict[str, float] = field(default_factory=dict)
    named: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    # The vocabulary's words found in the question by substring, which the segmenter may
    # have cut otherwise (办公证 → 办公 / 证, yet the question is about 公证).
    matched: tuple[str, ...] = ()

    @property
    def domains(self) -> list[str]:
        best = max(self.scores.values(), default=0.0)
        return [k for k, v in sorted(self.scores.items(), key=lambda kv: -kv[1])
                if best > 0 and v >= KEEP_SHARE * best]


def _matches(question: str, words: tuple[tuple[str, float], ...]) -> list[tuple[str, float]]:
    """Vocabulary words found in the question, longest first; a word inside a longer one
    already found (援助 in 法律援助) does not count again."""
    found: list[tuple[str, float]] = []
    taken: list[tuple[int, int]] = []
    for word, weight in words:
        start = question.find(word)
        while start >= 0:
            end = start + len(word)
            if not any(s <= start and end <= e for s, e in taken):
                found.append((word, weight))
                taken.append((start, end))
                break
            start = question.find(word, start + 1)
    return found


def route(question: str, *, law_titles: list[str] | None = None,
          vocabulary: Vocabulary | None = None,
          synonyms: list[list[str]] | None = None) -> Route:
    """Send ``question`` to domains and laws. ``law_titles`` are the titles in force that a
    question may name (律师法 → 中华人民共和国律师法); the caller passes them cached.
    ``synonyms`` (default: the search's synonym groups, which staff edit) widen the
    question first: 法援 routes like 法律援助."""
    vocabulary = vocabulary or load_vocabulary()
    q = text.clean(question).lower()
    groups = text.synonym_groups() if synonyms is None else synonyms
    widened = [t for g in groups if any(term in q for term in g) for t in g if t not in q]
    if widened:
        q = q + " " + " ".join(widened)
    result = Route()
    matched: list[str] = []
    for domain in vocabulary.domains:
        found = _matches(q, domain.words)
        matched += [w for w, _ in found if w not in matched]
        score = sum(weight for _, weight in found)
        if score > 0:
            result.scores[domain.key] = score
    result.matched = tuple(matched)
    named = [t for t in (law_titles or []) if _named(t, q)]
    # 行政复议法实施条例 names 行政复议法 too: keep the longest names only.
    named = [t for t in named if not any(t != o and _short(t) in _short(o) and _named(o, q)
                                         for o in named)]
    result.named = tuple(named)
    best = max(result.scores.values(), default=0.0)
    by_key = {d.key: d for d in vocabulary.domains}
    for key in result.domains:
        for law in by_key[key].laws:
            result.laws[law] = max(result.laws.get(law, 0.0), result.scores[key] / best)
    for title in named:
        result.laws[title] = NAMED_LAW_WEIGHT / max(best, NAMED_LAW_WEIGHT) + 1.0
    added: list[str] = []
    for phrase, words in vocabulary.expansions:
        if phrase in q:
            added += [w for w in words if w not in added]
    result.added = tuple(added + [w for w in widened if w not in added])
    return result


def _short(title: str) -> str:
    return title.removeprefix("中华人民共和国")


def _named(title: str, question: str) -> bool:
    short = _short(title).lower()
    return len(short) >= 3 and short in question


def query_terms(question: str, added: tuple[str, ...] = (),
                matched: tuple[str, ...] = ()) -> dict[str, float]:
    """The weighted terms a question is ranked by: its own content words (1.0), their parts
    in search mode (0.5: 请不起 → 不起 is noise, but 公证处 → 公证 is not), and the
    vocabulary's statute words (``EXPANSION_WEIGHT``)."""
    terms: dict[str, float] = {}
    for token in text.segment(question):
        if token in _LIGHT or token.isdigit():
            continue
        terms[token] = 1.0
        if len(token) > 2:
            for part in text.segment_for_index(token):
                if part != token and part not in _LIGHT:
                    terms.setdefault(part, 0.5)
    for word in matched:
        terms.setdefault(word, 1.0)
    for word in added:
        terms.setdefault(word, EXPANSION_WEIGHT)
    return terms


@dataclass
class IndexedArticle:
    law_id: int
    law_title: str
    ordinal: int
    number: str
    head: str
    last: bool
    length: int
    tf: Counter


@dataclass
class ArticleIndex:
    """BM25 statistics over the articles of the domain laws' versions in force."""

    version: tuple
    articles: list[IndexedArticle]
    df: Counter
    avg_length: float
    law_df: dict[int, Counter]
    law_n: Counter
    by_title: dict[str, list[int]]
    checked: float = 0.0  # time.monotonic() of the last check of the version key

    def idf(self, term: str) -> float:
        n = len(self.articles)
        df = self.df.get(term, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def law_idf(self, term: str, law_id: int) -> float:
        n = self.law_n[law_id]
        df = self.law_df[law_id].get(term, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))


_index_lock = threading.Lock()
_cache: dict[tuple[str, ...], ArticleIndex] = {}
INDEX_CACHE_SIZE = 8


def _article_tokens(body: str, chapter: str) -> list[str]:
    # The chapter's last heading (第五章 法律责任) says what the article is about as much as
    # its text does.
    heading = re.sub(r"^第[一二三四五六七八九十百零〇]+[编章节]\s*", "",
                     chapter.rsplit(" / ", 1)[-1]) if chapter else ""
    return text.segment_for_index(body) + text.segment_for_index(heading)


def article_index(titles: tuple[str, ...]) -> ArticleIndex:
    """The in-process index of ``titles`` (versions in force), rebuilt when any of those
    laws is re-imported (the version key is read from the database on every call: one
    small query)."""
    from gongkai.laws.models import Law, LawArticle

    cached = _cache.get(titles)
    now = time.monotonic()
    if cached is not None and now - cached.checked < LIBRARY_TTL_SECONDS:
        return cached
    laws = list(Law.objects.filter(title__in=titles, in_force=True)
                .values_list("pk", "title", "imported_at", "article_count").order_by("pk"))
    version = tuple(laws)
    if cached is not None and cached.version == version:
        cached.checked = now
        return cached
    with _index_lock:
        cached = _cache.get(titles)
        if cached is not None and cached.version == version:
            return cached
        counts = {pk: n for pk, _, _, n in laws}
        titles_by_id = {pk: title for pk, title, _, _ in laws}
        articles: list[IndexedArticle] = []
        df: Counter = Counter()
        law_df: dict[int, Counter] = {}
        law_n: Counter = Counter()
        by_title: dict[str, list[int]] = {}
        rows = (LawArticle.objects.filter(law_id__in=list(titles_by_id))
                .order_by("law_id", "ordinal")
                .values_list("law_id", "ordinal", "number", "chapter", "text"))
        for law_id, ordinal, number, chapter, body in rows:
            tokens = _article_tokens(body, chapter)
            tf = Counter(tokens)
            df.update(tf.keys())
            law_df.setdefault(law_id, Counter()).update(tf.keys())
            law_n[law_id] += 1
            by_title.setdefault(titles_by_id[law_id], []).append(len(articles))
            articles.append(IndexedArticle(law_id=law_id, law_title=titles_by_id[law_id],
                                           ordinal=ordinal, number=number, head=body[:80],
                                           last=ordinal == counts.get(law_id), length=len(tokens),
                                           tf=tf))
        avg = sum(a.length for a in articles) / len(articles) if articles else 1.0
        built = ArticleIndex(version=version, articles=articles, df=df, avg_length=avg,
                             law_df=law_df, law_n=law_n, by_title=by_title, checked=now)
        if len(_cache) >= INDEX_CACHE_SIZE:  # a law named once does not stay forever
            _cache.pop(next(iter(_cache)))
        _cache[titles] = built
        return built


def forget_index(*_args: object, **_kwargs: object) -> None:
    """Drop the cached indexes and titles (connected to ``laws_imported``, so the importing
    process sees the new library at once; the others within ``LIBRARY_TTL_SECONDS``)."""
    _cache.clear()
    _titles_cache.clear()


@dataclass
class Ranked:
    article: IndexedArticle
    score: float
    bm25: float


def rank(question: str, found: Route, *, limit: int = 30,
         vocabulary: Vocabulary | None = None) -> list[Ranked]:
    """The articles of the routed laws, best first."""
    vocabulary = vocabulary or load_vocabulary()
    if not found.laws:
        return []
    titles = tuple(dict.fromkeys(vocabulary.all_laws() + tuple(found.named)))
    index = article_index(titles)
    terms = query_terms(question, found.added, found.matched)
    if not terms:
        return []
    weights: dict[str, float] = {}
    for term, weight in terms.items():
        # A statute word the index does not hold whole (受理前) counts by its parts.
        for token in [term] if index.df.get(term) else text.segment_for_index(term):
            if index.df.get(token) and token not in _LIGHT:
                weights[token] = max(weights.get(token, 0.0), weight * index.idf(token))
    scored: list[Ranked] = []
    for title in found.laws:
        for i in index.by_title.get(title, []):
            article = index.articles[i]
            s = 0.0
            norm = K1 * (1 - B + B * article.length / index.avg_length)
            for term, weight in weights.items():
                tf = article.tf.get(term)
                if tf:
                    idf = (1 - LAW_IDF) * weight + LAW_IDF * weight / index.idf(term) \
                        * index.law_idf(term, article.law_id)
                    s += idf * tf * (K1 + 1) / (tf + norm)
            if s <= 0:
                continue
            scored.append(Ranked(article=article, score=s, bm25=s))
    if not scored:
        return []
    top = max(r.bm25 for r in scored)
    for r in scored:
        r.score = r.bm25 / top + DOMAIN_PRIOR * min(found.laws[r.article.law_title], 1.0)
        if r.article.ordinal == 1 or r.article.last:
            r.score -= BOILERPLATE_PENALTY
    scored.sort(key=lambda r: (-r.score, r.article.law_id, r.article.ordinal))
    return scored[:limit]


_titles_cache: dict[str, object] = {}


def titles_in_force() -> list[str]:
    """Titles of the laws in force, for recognising a law named in a question; cached per
    process and refreshed when the library's size or last import changes."""
    from django.db.models import Count, Max

    from gongkai.laws.models import Law

    now = time.monotonic()
    if "titles" in _titles_cache and now - float(_titles_cache["checked"]) < LIBRARY_TTL_SECONDS:  # type: ignore[arg-type]
        return list(_titles_cache["titles"])  # type: ignore[call-overload]
    stamp = Law.objects.filter(in_force=True).aggregate(n=Count("pk"), last=Max("imported_at"))
    key = (stamp["n"], stamp["last"])
    _titles_cache["checked"] = now
    if _titles_cache.get("key") != key:
        _titles_cache["titles"] = sorted(set(Law.objects.filter(in_force=True)
                                             .values_list("title", flat=True)))
        _titles_cache["key"] = key
    return list(_titles_cache["titles"])  # type: ignore[call-overload]
