"""Catalogue records as search documents, kept current from the catalogue's signals.

A public record is indexed with what the public sees: its current published version and
the attachments that went out with it; a correction being drafted stays out of the public
index until it is approved. A record that is not public (draft, in review, withheld,
withdrawn) is indexed from its working copy as a non-public document, which only staff
of its agency find. The receivers run inside the catalogue's writing transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Prefetch
from django.urls import reverse

from gongkai.catalogue.models import Attachment, Record
from gongkai.search.registry import Document

KIND = "record"
CHUNK = 1000

# Events that change neither a record's text nor who may see it.
_SILENT_VERBS = frozenset({"submit", "schedule", "link", "return", "attribute_review_open",
                           "attribute_review_keep"})


def _queryset():
    return Record.objects.select_related(
        "agency", "department", "topic", "genre", "current_version__topic",
        "current_version__genre",
    ).prefetch_related(Prefetch(
        "attachments", queryset=Attachment.objects.only("id", "record_id", "extracted_text",
                                                        "uploaded_at", "original_name")))


def record_document(record: Record) -> Document:
    version = record.current_version if record.is_public else None
    attachments = list(record.attachments.all())
    if version is not None:
        source: Any = version
        attachments = [a for a in attachments if a.uploaded_at <= version.published_at]
        url = reverse("catalogue:record", kwargs={"agency": record.agency.slug, "pk": record.pk})
    else:
        source = record
        url = reverse("staff:catalogue_record", kwargs={"pk": record.pk})
    parts = [source.summary, source.body, source.keywords]
    parts += [a.extracted_text for a in attachments if a.extracted_text]
    facets = {"topic": source.topic.name, "genre": source.genre.name}
    if record.department is not None:
        facets["department"] = record.department.name
    return Document(
        kind=KIND, key=str(record.pk), title=source.title, body="\n".join(p for p in parts if p),
        url=url, agency_id=record.agency_id, published_on=record.published_on,
        public=version is not None,
        facets=facets,
        extra={"index_number": record.index_number or "",
               "document_number": source.document_number or "",
               "agency": record.agency.slug, "agency_name": record.agency.name,
               "status": record.status},
        numbers=tuple(n for n in (record.index_number, source.document_number) if n),
    )


def all_record_documents() -> Iterator[Document]:
    for record in _queryset().order_by("pk").iterator(chunk_size=CHUNK):
        yield record_document(record)


def reindex_records(ids: Iterable[int]) -> int:
    from gongkai.search.services import index_documents, remove_documents

    ids = list(ids)
    records = list(_queryset().filter(pk__in=ids))
    written = index_documents(record_document(r) for r in records)
    missing = set(ids) - {r.pk for r in records}
    if missing:
        remove_documents(KIND, [str(pk) for pk in missing])
    return written


def _signature(record: Record) -> tuple:
    return (record.status, record.is_public, record.current_version_id, record.updated_at,
            record.title, record.published_on)


def _reindex(record: Record) -> None:
    """Re-index once per state of the record: publishing sends two signals."""
    signature = _signature(record)
    if getattr(record, "_search_signature", None) == signature:
        return
    reindex_records([record.pk])
    record._search_signature = signature  # type: ignore[attr-defined]


def on_record_changed(sender: Any, record: Record, verb: str = "", **kwargs: Any) -> None:
    if verb in _SILENT_VERBS:
        return
    _reindex(record)


def on_version_published(sender: Any, record: Record, **kwargs: Any) -> None:
    _reindex(record)


def on_record_withdrawn(sender: Any, record: Record, **kwargs: Any) -> None:
    _reindex(record)


def on_records_imported(sender: Any, record_ids: Iterable[int] = (), **kwargs: Any) -> None:
    reindex_records(record_ids)


def connect() -> None:
    from gongkai.catalogue import signals

    signals.record_changed.connect(on_record_changed, dispatch_uid="search.record_changed")
    signals.version_published.connect(on_version_published, dispatch_uid="search.version_published")
    signals.record_withdrawn.connect(on_record_withdrawn, dispatch_uid="search.record_withdrawn")
    signals.records_imported.connect(on_records_imported, dispatch_uid="search.records_imported")
