"""Catalogue records as search documents, kept current as a consumer of the catalogue's
publication contract (``catalogue.publication``).

The catalogue decides what a record's document says (``publication.search_fields``): a
public record is indexed with what the public sees, any other record from its working copy
as a non-public document that only staff of its agency find. This module only wraps those
fields as documents and writes them, once per published version, withdrawal or change of a
working copy, inside the catalogue's writing transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from gongkai.catalogue import publication
from gongkai.search.registry import Document

KIND = "record"


def _document(pk: int, fields: dict) -> Document:
    return Document(kind=KIND, key=str(pk), **fields)


def all_record_documents() -> Iterator[Document]:
    for pk, fields in publication.all_search_fields():
        yield _document(pk, fields)


def reindex_records(ids: Iterable[int]) -> int:
    from gongkai.search.services import index_documents, remove_documents

    found, missing = publication.search_fields_for(ids)
    written = index_documents(_document(pk, fields) for pk, fields in found.items())
    if missing:
        remove_documents(KIND, [str(pk) for pk in missing])
    return written


class SearchConsumer(publication.Consumer):
    name = "search"

    def published(self, items: Sequence[publication.Published]) -> None:
        reindex_records([item.record_id for item in items])

    def withdrawn(self, items: Sequence[publication.Withdrawn]) -> None:
        # A version that is not public was already re-indexed as published.
        ids = [item.record_id for item in items if item.cause == "withdrawn"]
        if ids:
            reindex_records(ids)

    def changed(self, record_ids: Sequence[int]) -> None:
        reindex_records(record_ids)


def connect() -> None:
    publication.register_consumer(SearchConsumer())
