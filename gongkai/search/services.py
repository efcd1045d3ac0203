"""Writes to the search index and its vocabulary.

``index_documents`` and ``remove_documents`` are called by the owners of the content
(the catalogue's signal receivers here, the law library and FAQs elsewhere) inside the
caller's transaction: the index row and the change it reflects commit or roll back
together. ``rebuild`` re-reads every registered kind; it runs in batches of their own
transactions so that a long rebuild never holds the database, and the old rows stay
searchable until their replacements are written.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.models import Agency
from gongkai.core.policies import PermissionDeniedError, is_platform_admin
from gongkai.search import text
from gongkai.search.models import IndexState, SearchDocument, SearchFacet, SearchKey, Synonym, Vocabulary
from gongkai.search.registry import KINDS, Document

log = logging.getLogger("gongkai.search")

BATCH = 500
# PostgreSQL refuses a tsvector over 1 MB; a body this long is cut for the index (the
# document itself is unchanged) — enough for the first hundred pages of any attachment.
MAX_BODY_CHARS = 300_000
MAX_TITLE_CHARS = 500
REBUILD_JOB = "search.rebuild"


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _row_fields(doc: Document) -> dict[str, Any]:
    body = (doc.body or "")[:MAX_BODY_CHARS]
    title = text.clean(doc.title or "").strip()[:MAX_TITLE_CHARS]
    numbers = [n for n in doc.numbers if n]
    extra = " ".join(text.segment_for_index(" ".join(numbers)))
    return {
        "agency_id": doc.agency_id, "public": bool(doc.public), "published_on": doc.published_on,
        "title": title, "body": body, "url": doc.url[:500], "facets": dict(doc.facets),
        "extra": dict(doc.extra),
        "title_tokens": " ".join(text.segment_for_index(title)),
        "body_tokens": " ".join(text.segment_for_index(body)),
        "extra_tokens": extra,
        "pinyin_tokens": " ".join(text.pinyin_terms(title)),
    }


def _number_keys(doc: Document) -> set[str]:
    from gongkai.catalogue.document_numbers import lookup_key

    keys: set[str] = set()
    for number in doc.numbers:
        if number:
            keys.add(text.normalise_number(number))
            keys.add(text.normalise_number(lookup_key(number)))
    return {k[:200] for k in keys if k}


def _facet_values(doc: Document, slugs: dict[int, str]) -> list[tuple[str, str]]:
    values = [("kind", doc.kind)]
    if doc.agency_id is not None and doc.agency_id in slugs:
        values.append(("agency", slugs[doc.agency_id]))
    if doc.published_on is not None:
        values.append(("year", str(doc.published_on.year)))
    for name, value in doc.facets.items():
        if value not in (None, "") and name not in {"kind", "agency"}:
            values.append((str(name)[:30], str(value)[:200]))
    return values


def index_documents(docs: Iterable[Document]) -> int:
    """Insert or replace documents (by kind and key); returns how many were written."""
    written = 0
    for chunk in _batched(docs, BATCH):
        latest: dict[tuple[str, str], Document] = {(d.kind, d.key): d for d in chunk}
        written += _write(list(latest.values()))
    return written


def _write(docs: list[Document]) -> int:
    agency_ids = {d.agency_id for d in docs if d.agency_id is not None}
    slugs = dict(Agency.objects.filter(pk__in=agency_ids).values_list("pk", "slug"))
    with transaction.atomic():
        # Replace rather than update: deleting the old rows and inserting new ones is many
        # times faster than a bulk UPDATE of wide rows, and nothing refers to a row's id.
        old_ids: list[int] = []
        for kind in {d.kind for d in docs}:
            wanted = [d.key for d in docs if d.kind == kind]
            old_ids += SearchDocument.objects.filter(kind=kind, key__in=wanted).values_list(
                "pk", flat=True)
        if old_ids:
            SearchFacet.objects.filter(document_id__in=old_ids).delete()
            SearchKey.objects.filter(document_id__in=old_ids).delete()
            # Facets and keys are gone already: no cascade to collect.
            SearchDocument.objects.filter(pk__in=old_ids)._raw_delete(SearchDocument.objects.db)
        now = timezone.now()
        rows = SearchDocument.objects.bulk_create(
            [SearchDocument(kind=d.kind, key=d.key, indexed_at=now, **_row_fields(d)) for d in docs])
        facets: list[SearchFacet] = []
        keys: list[SearchKey] = []
        for doc, row in zip(docs, rows, strict=True):
            facets.extend(SearchFacet(document_id=row.pk, name=n, value=v)
                          for n, v in _facet_values(doc, slugs))
            keys.extend(SearchKey(document_id=row.pk, value=k) for k in _number_keys(doc))
        SearchFacet.objects.bulk_create(facets)
        SearchKey.objects.bulk_create(keys)
    return len(docs)


def remove_documents(kind: str, keys: Iterable[str]) -> int:
    """Remove documents of ``kind`` by key; returns how many were there."""
    keys = [str(k) for k in keys]
    removed = 0
    with transaction.atomic():
        for chunk in _batched(keys, BATCH):
            removed += SearchDocument.objects.filter(kind=kind, key__in=chunk).delete()[1].get(
                "search.SearchDocument", 0)
    return removed


def rebuild(kinds: list[str] | None = None) -> dict[str, int]:
    """Re-index every document of the given registered kinds (all by default); documents
    the owner no longer yields are removed. Returns documents indexed per kind."""
    counts: dict[str, int] = {}
    names = kinds or list(KINDS)
    unknown = [name for name in names if name not in KINDS]
    if unknown:
        raise ValueError(f"unknown search kind {unknown[0]!r}; known: {', '.join(sorted(KINDS))}")
    failed: dict[str, str] = {}
    for name in names:
        try:
            counts[name] = _rebuild_kind(name)
        except Exception as exc:  # one owner's failure must not stop the other kinds
            log.exception("search index: rebuilding %s failed", name)
            failed[name] = repr(exc)
    if failed:
        raise RuntimeError(f"search rebuild failed for {failed}; done: {counts}")
    return counts


def _rebuild_kind(name: str) -> int:
    kind = KINDS[name]
    started, clock = timezone.now(), time.monotonic()
    count = 0
    for chunk in _batched(kind.rebuild(), BATCH):
        count += _write([d for d in chunk if d.kind == name])
    with transaction.atomic():
        stale = SearchDocument.objects.filter(kind=name, indexed_at__lt=started)
        stale_ids = list(stale.values_list("pk", flat=True))
        for ids in _batched(stale_ids, BATCH):
            SearchDocument.objects.filter(pk__in=ids).delete()
        IndexState.objects.update_or_create(kind=name, defaults={
            "rebuilt_at": timezone.now(), "documents": count,
            "seconds": round(time.monotonic() - clock, 3)})
    log.info("search index: %s rebuilt, %d documents, %d stale removed", name, count,
             len(stale_ids))
    return count


def rebuild_enqueue(*, actor: Any = None, kinds: list[str] | None = None) -> bool:
    """Ask the worker for a rebuild; False when one is already waiting to run."""
    from gongkai.jobs.models import JobRun, JobStatus
    from gongkai.jobs.registry import job_enqueue

    if actor is not None and not can_manage(actor):
        raise PermissionDeniedError
    if JobRun.objects.filter(name=REBUILD_JOB, status=JobStatus.ENQUEUED).exists():
        return False
    key = timezone.now().isoformat(timespec="microseconds")
    with transaction.atomic():
        if actor is not None:
            audit_record(actor=actor, verb="search.rebuild", details={"kinds": kinds or "all"})
        extra: dict[str, Any] = {"kinds": kinds} if kinds else {}
        return job_enqueue(REBUILD_JOB, key=key, **extra) is not None


def can_manage(user: Any) -> bool:
    """The index and the vocabulary are the platform's: only its administrators."""
    return is_platform_admin(user)


def vocabulary_add(*, actor: Any, word: str, note: str = "") -> Vocabulary:
    if not can_manage(actor):
        raise PermissionDeniedError
    word = text.clean(word).strip()
    with transaction.atomic():
        item, _ = Vocabulary.objects.update_or_create(word=word, defaults={"note": note})
        audit_record(actor=actor, verb="search.vocabulary_add", obj=item, details={"word": word})
        transaction.on_commit(text.vocabulary_changed)
    return item


def vocabulary_remove(*, actor: Any, item: Vocabulary) -> None:
    if not can_manage(actor):
        raise PermissionDeniedError
    with transaction.atomic():
        audit_record(actor=actor, verb="search.vocabulary_remove", obj=item,
                     details={"word": item.word})
        item.delete()
        transaction.on_commit(text.vocabulary_changed)


def synonym_add(*, actor: Any, terms: str) -> Synonym:
    if not can_manage(actor):
        raise PermissionDeniedError
    cleaned = " ".join(text.split_terms(terms))
    with transaction.atomic():
        item = Synonym.objects.create(terms=cleaned)
        audit_record(actor=actor, verb="search.synonym_add", obj=item, details={"terms": cleaned})
        transaction.on_commit(text.vocabulary_changed)
    return item


def synonym_remove(*, actor: Any, item: Synonym) -> None:
    if not can_manage(actor):
        raise PermissionDeniedError
    with transaction.atomic():
        audit_record(actor=actor, verb="search.synonym_remove", obj=item,
                     details={"terms": item.terms})
        item.delete()
        transaction.on_commit(text.vocabulary_changed)


def pending_since(moment: dt.datetime | None) -> int:
    """Documents written since ``moment`` (for the status page)."""
    if moment is None:
        return SearchDocument.objects.count()
    return SearchDocument.objects.filter(indexed_at__gt=moment).count()
