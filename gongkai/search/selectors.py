"""Reads of the search index: ``search`` answers the portal, the staff page, the API
and the Q&A retriever.

Visibility is decided here, once: the public (``user`` None or not staff) sees only
``public`` documents; a staff member also sees the non-public documents of the agencies
where they hold any role (``RecordPolicy.agencies_visible``), a platform administrator all.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.utils.safestring import SafeString

from gongkai.search import highlight as hl
from gongkai.search import text
from gongkai.search.backends import Query, get_backend
from gongkai.search.models import SearchDocument, SearchKey
from gongkai.search.registry import kind_label

MAX_QUERY_CHARS = 200
MAX_GROUPS = 24
MAX_PAGE = 100
MAX_PAGE_SIZE = 100
FACET_NAMES = ("kind", "agency", "year", "topic", "genre", "department", "category")
SORTS = ("relevance", "date")


@dataclass
class Hit:
    kind: str
    key: str
    title: str
    url: str
    snippet: SafeString
    score: float
    published_on: dt.date | None
    agency_id: int | None
    extra: dict[str, Any] = field(default_factory=dict)
    title_html: SafeString = SafeString("")
    exact: bool = False        # found by its document number or 索取号
    public: bool = True


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, str, int]]]
    suggestions: list[str]
    query_tokens: list[str]
    related: list[str] = field(default_factory=list)
    relaxed: bool = False      # nothing had every word: these results have some of them
    message: str = ""          # for the searcher, e.g. the query was cut or empty
    page: int = 1
    page_size: int = 10

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size)) if self.page_size else 1


# Query parsing --------------------------------------------------------------------------


def _synonym_groups() -> list[list[str]]:
    return text.synonym_groups()


def _alternatives(token: str, synonyms: list[list[str]]) -> list[list[str]]:
    """The ways a document may contain ``token``: itself, its parts (a long word is
    indexed as its parts too, but a vocabulary word may not be), and its synonyms."""
    alts: list[list[str]] = []
    terms = [token]
    for group in synonyms:
        if token in group:
            terms.extend(other for other in group if other != token)
    for term in dict.fromkeys(terms):
        words = [term] if term == token else text.segment(term)
        for alt in (words, _parts(words)):
            if alt and alt not in alts:
                alts.append(alt)
    return alts


def _parts(words: list[str]) -> list[str]:
    """A long word as the index may hold it: its search-mode parts (a vocabulary word
    added after a document was indexed is there only as its parts)."""
    parts: list[str] = []
    for word in words:
        if len(word) > 2 and text.has_cjk(word):
            pieces = [p for p in text.segment_for_index(word) if p != word]
            parts.extend(pieces or [word])
        else:
            parts.append(word)
    return list(dict.fromkeys(parts)) if parts != words else []


def parse(raw: str) -> tuple[Query, list[str], list[str]]:
    """The engine query, the searcher's tokens and every term worth highlighting."""
    cleaned = text.clean(raw).strip()[:MAX_QUERY_CHARS]
    tokens = list(dict.fromkeys(text.without_stopwords(text.segment(cleaned))))[:MAX_GROUPS]
    synonyms = _synonym_groups() if tokens else []
    groups = [_alternatives(t, synonyms) for t in tokens]
    if len(tokens) > 1 and text.looks_like_pinyin(cleaned):
        # "zheng fu xin xi gong kai" is one title word typed syllable by syllable.
        groups = [[["".join(tokens)], tokens]]
    terms = {t for g in groups for alt in g for t in alt}
    return Query(groups=groups), tokens, sorted(terms, key=len, reverse=True)


# Visibility and filters -------------------------------------------------------------------


def _visible_agencies(user: Any) -> tuple[bool, list[int] | None]:
    """(sees non-public documents at all, of which agencies: None = every agency)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False, []
    from gongkai.catalogue.policies import RecordPolicy
    from gongkai.core.policies import is_staff_member

    if not is_staff_member(user):
        return False, []
    ids = RecordPolicy.agencies_visible(user)
    return (ids is None or bool(ids)), ids


def _where(*, kinds: Sequence[str] | None, agency_id: int | None, filters: dict[str, str],
           user: Any, agency_only: bool = False) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    sees_private, agencies = _visible_agencies(user)
    if not sees_private:
        clauses.append("d.public = %s")
        params.append(True)
    elif agencies is not None:
        marks = ", ".join(["%s"] * len(agencies))
        clauses.append(f"(d.public = %s OR d.agency_id IN ({marks}))")
        params.extend([True, *agencies])
    if kinds:
        clauses.append(f"d.kind IN ({', '.join(['%s'] * len(kinds))})")
        params.extend(kinds)
    if agency_id is not None and agency_only:
        clauses.append("d.agency_id = %s")
        params.append(agency_id)
    elif agency_id is not None:
        # An agency's search also covers what belongs to no agency (the law library).
        clauses.append("(d.agency_id = %s OR d.agency_id IS NULL)")
        params.append(agency_id)
    for name, value in sorted(filters.items()):
        if value in (None, ""):
            continue
        clauses.append("EXISTS (SELECT 1 FROM search_searchfacet ff WHERE ff.document_id = d.id "
                       "AND ff.name = %s AND ff.value = %s)")
        params.extend([str(name), str(value)])
    return clauses, params


# The search ---------------------------------------------------------------------------------


def _exact_ids(raw: str, where: list[str], params: list[Any]) -> list[int]:
    """Documents whose 索取号 or document number is what was typed, in any common form."""
    from gongkai.catalogue.document_numbers import lookup_key

    cleaned = text.clean(raw).strip()
    if not cleaned or not re.search(r"\d", cleaned) or len(cleaned) > 80:
        return []
    keys = {text.normalise_number(cleaned), text.normalise_number(lookup_key(cleaned))}
    ids = list(SearchKey.objects.filter(value__in=keys).values_list("document_id", flat=True)[:50])
    if not ids:
        return []
    sql = (f"SELECT d.id FROM search_searchdocument d WHERE d.id IN "  # noqa: S608 (values are bound parameters)
           f"({', '.join(['%s'] * len(ids))})" + "".join(f" AND {c}" for c in where)
           + " ORDER BY d.published_on DESC, d.id DESC")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, *params])
        return [row[0] for row in cursor.fetchall()]


def _run(sql: str, params: list[Any]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def search(query: str, *, kinds: list[str] | None = None, agency_id: int | None = None,
           filters: dict[str, str] | None = None, sort: str = "relevance", page: int = 1,
           page_size: int = 10, user: Any = None, highlight: bool = True,
           facets: bool = True, agency_only: bool = False) -> SearchResult:
    """Ranked, highlighted, faceted results for ``query``; never raises for bad input.

    ``agency_id`` scopes to one agency's documents plus those of no agency (laws), or,
    with ``agency_only``, to the agency's own documents alone: the portal's page and the
    API's ``agency`` parameter both come here, so they answer the same (issue 14: the API
    filtered by the agency facet and dropped every law article);
    ``filters`` are exact facet values (``{"year": "2020", "agency": "sfj", "topic": …}``);
    ``user`` decides visibility (None: the public). A document number or 索取号 typed in
    any common form puts that document first (``Hit.exact``).
    """
    raw = query or ""
    page = min(max(1, int(page or 1)), MAX_PAGE)
    page_size = min(max(1, int(page_size or 10)), MAX_PAGE_SIZE)
    filters = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
    sort = sort if sort in SORTS else "relevance"
    message = ""
    if len(text.clean(raw).strip()) > MAX_QUERY_CHARS:
        message = f"检索词过长,只按前{MAX_QUERY_CHARS}个字检索。"
    parsed, tokens, _terms = parse(raw)
    result = SearchResult(total=0, hits=[], facets={}, suggestions=[], query_tokens=tokens,
                          message=message, page=page, page_size=page_size)
    where, params = _where(kinds=kinds, agency_id=agency_id, filters=filters, user=user,
                           agency_only=agency_only)
    exact = _exact_ids(raw, where, params)
    if parsed.empty() and not exact:
        if not text.clean(raw).strip():
            result.message = "请输入检索词。"
        else:
            result.message = "检索词中没有可以检索的文字,请换一个说法。"
        return result
    backend = get_backend()
    ranked = _ranked(backend, parsed, where, params, exact, sort, page, page_size, facets)
    if not exact and ranked["total"] == 0 and len(parsed.groups) > 1:
        parsed.any_group = True
        relaxed = _ranked(backend, parsed, where, params, exact, sort, page, page_size, facets)
        if relaxed["total"]:
            ranked, result.relaxed = relaxed, True
    result.total = ranked["total"]
    result.facets = ranked["facets"]
    result.hits = _hits(ranked["rows"], exact, parsed.groups if highlight else [], tokens,
                        highlight)
    if result.total == 0 or result.relaxed:
        result.suggestions = _suggestions(raw, tokens, where, params)
    if result.total == 0 or result.relaxed or page == 1:
        result.related = _related(tokens)
    return result


def _matched_docs(match_sql: str, conditions: list[str]) -> str:
    """``FROM`` the engine's matches joined to their documents, matches as the outer loop.

    ``CROSS JOIN`` (with the join condition in ``WHERE``) is SQLite's documented way to fix
    the join order; PostgreSQL plans it as the inner join it is. With a plain ``JOIN``
    SQLite chose to scan the documents of the wanted kind and evaluate the FTS5 ``MATCH``
    once per document: a count for a long question took 350 ms instead of 1 ms
    (bench/load.py found it: Q&A asks such questions).
    """
    return (f"FROM ({match_sql}) m CROSS JOIN search_searchdocument d WHERE "
            + " AND ".join(["d.id = m.id", *conditions]))


def _ranked(backend, parsed: Query, where: list[str], params: list[Any], exact: list[int],
            sort: str, page: int, page_size: int, with_facets: bool) -> dict[str, Any]:
    offset = (page - 1) * page_size
    pinned = exact[offset:offset + page_size]
    rows: list[tuple[int, float]] = [(pk, 0.0) for pk in pinned]
    total, facet_rows = len(exact), []
    if not parsed.empty():
        match_sql, match_params = backend.match_sql(parsed)
        conditions = list(where)
        cond_params = list(params)
        if exact:
            conditions.append(f"d.id NOT IN ({', '.join(['%s'] * len(exact))})")
            cond_params.extend(exact)
        base = _matched_docs(match_sql, conditions)
        # Counting and faceting need no rank: the unranked match is cheaper.
        ids_sql, ids_params = backend.ids_sql(parsed)
        matched = _matched_docs(ids_sql, conditions)
        order = ("ORDER BY m.score DESC, d.published_on DESC, d.id DESC" if sort == "relevance"
                 else "ORDER BY (d.published_on IS NULL), d.published_on DESC, m.score DESC, d.id DESC")
        want = page_size - len(pinned)
        start = max(0, offset - len(exact))
        # A savepoint only inside the caller's transaction (so a refused query does not
        # spoil it). Outside one, no transaction at all: on SQLite every transaction is
        # BEGIN IMMEDIATE (env.py), and a search holding the write lock would queue
        # behind, and block, every writer and every other search.
        guard = transaction.atomic() if connection.in_atomic_block else nullcontext()
        try:
            with guard:
                if want > 0:
                    rows += [(r[0], float(r[1])) for r in _run(
                        f"SELECT d.id, m.score {base} {order} LIMIT %s OFFSET %s",
                        [*match_params, *cond_params, want, start])]
                total += _run(f"SELECT COUNT(*) {matched}", [*ids_params, *cond_params])[0][0]
                if with_facets:
                    pinned_sql = (f" OR f.document_id IN ({', '.join(['%s'] * len(exact))})"
                                  if exact else "")
                    facet_rows = _run(
                        f"SELECT f.name, f.value, COUNT(*) FROM search_searchfacet f "  # noqa: S608 (values are bound parameters)
                        f"WHERE f.document_id IN (SELECT d.id {matched}){pinned_sql} "
                        f"GROUP BY f.name, f.value",
                        [*ids_params, *cond_params, *exact])
        except DatabaseError:
            # An engine that still refuses the (quoted) query: answer nothing, not a 500.
            return {"total": len(exact), "rows": rows, "facets": {}}
    elif exact:
        facet_rows = _run(
            f"SELECT name, value, COUNT(*) FROM search_searchfacet WHERE document_id IN "  # noqa: S608 (values are bound parameters)
            f"({', '.join(['%s'] * len(exact))}) GROUP BY name, value", list(exact))
    return {"total": total, "rows": rows, "facets": _facets(facet_rows)}


def _facets(rows: list[tuple]) -> dict[str, list[tuple[str, str, int]]]:
    from gongkai.core.models import Agency

    grouped: dict[str, list[tuple[str, str, int]]] = {}
    agencies = dict(Agency.objects.filter(slug__in={v for n, v, _ in rows if n == "agency"})
                    .values_list("slug", "name"))
    for name, value, count in rows:
        if name == "kind":
            label = kind_label(value)
        elif name == "agency":
            label = agencies.get(value, value)
        else:
            label = value
        grouped.setdefault(name, []).append((value, label, int(count)))
    for name, values in grouped.items():
        if name == "year":
            values.sort(key=lambda v: v[0], reverse=True)
        else:
            values.sort(key=lambda v: (-v[2], v[0]))
    return {name: grouped[name] for name in sorted(grouped, key=_facet_order)}


def _facet_order(name: str) -> tuple[int, str]:
    return (FACET_NAMES.index(name) if name in FACET_NAMES else len(FACET_NAMES), name)


def _marks(groups: list[list[list[str]]], content: str) -> list[str]:
    """What to mark in one document: per query word, the whole word or synonym when the
    document has it, otherwise the parts it was found by (法律援助 → 法律, 援助)."""
    lowered = content.lower()
    marks: list[str] = []
    for group in groups:
        whole = [alt[0] for alt in group if len(alt) == 1 and alt[0] in lowered]
        if whole:
            marks.extend(whole)
        else:
            marks.extend(t for alt in group for t in alt if t in lowered)
    # Single characters (号, 6, 的 …) marked everywhere are noise beside real words.
    return [m for m in marks if len(m) > 1] or marks


def _hits(rows: list[tuple[int, float]], exact: list[int], groups: list[list[list[str]]],
          tokens: list[str], highlight: bool) -> list[Hit]:
    if not rows:
        return []
    docs = SearchDocument.objects.in_bulk([pk for pk, _ in rows])
    exact_set = set(exact)
    pinyin = highlight and text.looks_like_pinyin(" ".join(tokens))
    hits = []
    for pk, score in rows:
        doc = docs.get(pk)
        if doc is None:
            continue
        marks: list[str] = []
        if highlight:
            marks = _marks(groups, f"{doc.title}\n{doc.body}")
            if pinyin:
                marks += _pinyin_words(doc.title, tokens)
        hits.append(Hit(
            kind=doc.kind, key=doc.key, title=doc.title, url=doc.url,
            snippet=hl.snippet(doc.body or doc.title, marks),
            score=score if pk not in exact_set else max(score, 1000.0),
            published_on=doc.published_on, agency_id=doc.agency_id, extra=doc.extra,
            title_html=hl.highlight(doc.title, marks),
            exact=pk in exact_set, public=doc.public,
        ))
    return hits


def _pinyin_words(title: str, tokens: list[str]) -> list[str]:
    """The Chinese words of ``title`` a pinyin query stands for (to mark them)."""
    wanted = {"".join(tokens), *tokens}
    units: list[str] = []
    for word in text.segment(title):
        if text.has_cjk(word):
            units.extend(text._units(word))
    full = [text.unit_pinyin(u)[0] for u in units]
    initials = [text.unit_pinyin(u)[1] for u in units]
    found = []
    for start in range(len(units)):
        for end in range(start + 1, min(start + 6, len(units)) + 1):
            if "".join(full[start:end]) in wanted or "".join(initials[start:end]) in wanted:
                found.append("".join(units[start:end]))
    return found


# When nothing matches --------------------------------------------------------------------------


def _suggestions(raw: str, tokens: list[str], where: list[str], params: list[Any]) -> list[str]:
    """Corrections: words of indexed titles that sound like the query (正府 → 政府)."""
    cleaned = text.clean(raw).strip()[:40]
    if not tokens or not text.has_cjk(cleaned):
        return []
    spoken = text.pinyin_of(cleaned)
    if not spoken or not spoken.isalpha():
        return []
    backend = get_backend()
    match_sql, match_params = backend.match_sql(Query(groups=[[[spoken]]]))
    try:
        rows = _run(f"SELECT d.title {_matched_docs(match_sql, where)} "  # noqa: S608 (values are bound parameters)
                    "ORDER BY m.score DESC LIMIT 5", [*match_params, *params])
    except DatabaseError:
        return []
    found: list[str] = []
    for (title,) in rows:
        for word in _pinyin_words(title, [spoken]):
            if word != cleaned and word not in found:
                found.append(word)
    return found[:3]


def _related(tokens: list[str]) -> list[str]:
    """Vocabulary words and synonyms that contain a word of the query."""
    related: list[str] = []
    words = text.vocabulary_words()
    for token in tokens[:4]:
        if not text.has_cjk(token) or len(token) < 2:
            continue
        for group in _synonym_groups():
            if token in group:
                related.extend(t for t in group if t != token)
        related.extend([w for w in words if token in w and w != token][:5])
    return list(dict.fromkeys(related))[:6]


def index_status() -> dict[str, Any]:
    """Documents per kind (public and not), last rebuild per kind, rebuilds waiting."""
    from django.db.models import Count, Q

    from gongkai.jobs.models import JobRun, JobStatus
    from gongkai.search.models import IndexState
    from gongkai.search.registry import KINDS

    counts = {row["kind"]: row for row in SearchDocument.objects.values("kind").annotate(
        total=Count("id"), public=Count("id", filter=Q(public=True)))}
    states = {s.kind: s for s in IndexState.objects.all()}
    kinds = []
    for name in sorted(set(KINDS) | set(counts)):
        row = counts.get(name, {})
        kinds.append({"kind": name, "label": kind_label(name), "total": row.get("total", 0),
                      "public": row.get("public", 0), "state": states.get(name),
                      "registered": name in KINDS})
    jobs = JobRun.objects.filter(name="search.rebuild")
    return {
        "kinds": kinds,
        "pending": jobs.filter(status__in=[JobStatus.ENQUEUED, JobStatus.RUNNING]).count(),
        "last_job": jobs.order_by("-enqueued_at").first(),
        "backend": get_backend().vendor or connection.vendor,
        "available": get_backend().available(),
    }
