"""What can be searched: each feature app registers a *kind* of document with a function
that yields every document of that kind, and keeps its documents current by calling
``services.index_documents`` / ``services.remove_documents`` when its content changes.

The search app knows no feature app except the catalogue it sits on; laws, FAQs and
service guides register themselves in their own ``AppConfig.ready``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Document:
    """One searchable thing as its owner describes it; the index keeps a copy."""

    kind: str            # "record", "law_article", "faq", later "service_guide"
    key: str             # unique within kind, e.g. str(record.pk) or "123:第三十三条"
    title: str
    body: str            # plain text; records include summary, body and attachment text
    url: str
    agency_id: int | None = None
    # The date a reader knows it by: a record's 发布日期 (None before it is published), a
    # law version's date. Shown with the result, sorted and faceted (年份) by; never the
    # day it was indexed.
    published_on: datetime.date | None = None
    public: bool = True  # only public documents are ever returned to the public
    facets: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    # Exact identifiers (document numbers, 索取号): a query equal to one ranks it first.
    numbers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Kind:
    kind: str
    label: str | Promise
    rebuild: Callable[[], Iterable[Document]]


KINDS: dict[str, Kind] = {}


def register_kind(kind: str, label: str | Promise, rebuild: Callable[[], Iterable[Document]]) -> None:
    """Register (or re-register, e.g. after a reload) a kind of document."""
    KINDS[kind] = Kind(kind=kind, label=label, rebuild=rebuild)


def kind_label(kind: str) -> str:
    found = KINDS.get(kind)
    return str(found.label) if found else kind
