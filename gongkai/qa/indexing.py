"""FAQs in the search index (kind ``faq``): the question as title, the other phrasings and
the answer as body, so a search finds an FAQ by any of the ways it is asked."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gongkai.qa.models import Faq

KIND = "faq"


def faq_document(faq: Faq) -> Any:
    from gongkai.qa.answering import faq_url
    from gongkai.search.registry import Document

    return Document(
        kind=KIND, key=str(faq.pk), title=faq.question,
        body="\n".join(faq.phrasings()[1:] + [faq.answer]),
        url=faq_url(faq.agency.slug, faq.pk), agency_id=faq.agency_id,
        published_on=faq.updated_at.date() if faq.updated_at else None, public=faq.published,
        facets={}, extra={"alternatives": faq.phrasings()[1:]})


def rebuild_documents() -> Iterator[Any]:
    for faq in Faq.objects.select_related("agency").iterator(chunk_size=500):
        yield faq_document(faq)


def faq_index(faq: Faq) -> None:
    from gongkai.search.services import index_documents

    index_documents([faq_document(faq)])


def faq_unindex(faq_id: int) -> None:
    from gongkai.search.services import remove_documents

    remove_documents(KIND, [str(faq_id)])
