"""The law library in the search index: one ``law_article`` document per article.

Laws belong to no agency but are shown under an agency's address; the indexed link uses
the default agency (``core.selectors.agency_default``), and every agency's portal serves
the same page under its own address.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.urls import reverse

from gongkai.laws.models import LawArticle

KIND = "law_article"
BATCH = 1000

# ``progress(done, total)`` after each batch, for a progress bar.
Progress = Callable[[int, int], None]
# What else must follow an import before the library is fully usable, contributed by the
# apps above (Q&A's sentence embeddings): (label, fn(law_ids, progress=…) -> count).
IndexStep = Callable[..., int]
_STEPS: list[tuple[str, IndexStep]] = []


def register_index_step(label: str, fn: IndexStep) -> None:
    """Called in an ``AppConfig.ready`` (the law library knows no app above it)."""
    if label not in {name for name, _ in _STEPS}:
        _STEPS.append((label, fn))


def article_key(law_id: int, ordinal: int) -> str:
    """Stable across re-imports of the same file (article rows are replaced, not updated)."""
    return f"{law_id}:{ordinal}"


def parse_key(key: str) -> tuple[int, int] | None:
    law_id, _, ordinal = key.partition(":")
    return (int(law_id), int(ordinal)) if law_id.isdigit() and ordinal.isdigit() else None


def remove_articles(law_id: int, ordinals: Iterable[int]) -> None:
    from gongkai.search.services import remove_documents

    remove_documents(KIND, [article_key(law_id, o) for o in ordinals])


def article_url(agency_slug: str, law_id: int, ordinal: int) -> str:
    return reverse("laws:law", kwargs={"agency": agency_slug, "pk": law_id}) + f"#a{ordinal}"


def _slug() -> str:
    from gongkai.core.selectors import agency_default

    agency = agency_default()
    return agency.slug if agency else "sfj"


def article_documents(articles: Iterable[LawArticle], slug: str | None = None) -> Iterator[Any]:
    from gongkai.search.registry import Document

    slug = slug or _slug()
    for article in articles:
        law = article.law
        yield Document(
            kind=KIND, key=article_key(law.pk, article.ordinal), title=f"{law.full_title} {article.number}",
            body=article.text, url=article_url(slug, law.pk, article.ordinal), agency_id=None,
            published_on=law.version_date, public=True,
            facets={"category": law.category, "in_force": "现行有效" if law.in_force else "已修订"},
            extra={"law_id": law.pk, "law_title": law.full_title, "article": article.number,
                   "in_force": law.in_force})


def _articles(law_ids: list[int] | None) -> Iterator[list[LawArticle]]:
    articles = LawArticle.objects.select_related("law").order_by("pk")
    if law_ids is not None:
        articles = articles.filter(law_id__in=law_ids)
    last = 0
    while True:
        chunk = list(articles.filter(pk__gt=last)[:BATCH])
        if not chunk:
            return
        last = chunk[-1].pk
        yield chunk


def article_count(law_ids: list[int] | None) -> int:
    articles = LawArticle.objects.all()
    return (articles.filter(law_id__in=law_ids) if law_ids is not None else articles).count()


def rebuild_documents(*args: Any, **kwargs: Any) -> Iterator[Any]:
    """Every article, for the search app's full rebuild of the ``law_article`` kind."""
    slug = _slug()
    for chunk in _articles(None):
        yield from article_documents(chunk, slug)


def laws_index(law_ids: list[int] | None = None, *, progress: Progress | None = None) -> int:
    """(Re)index the articles of ``law_ids`` (all when None), batch by batch, each batch in
    its own transaction so the index fills progressively. Returns the articles indexed."""
    from django.db import transaction

    from gongkai.search.services import index_documents

    slug = _slug()
    total = article_count(law_ids) if progress else 0
    count = 0
    for chunk in _articles(law_ids):
        with transaction.atomic():
            index_documents(list(article_documents(chunk, slug)))
        count += len(chunk)
        if progress:
            progress(count, total)
    return count


def laws_index_now(law_ids: list[int] | None,
                   progress: Callable[[str], Progress | None] | None = None) -> dict[str, int]:
    """Everything an import needs before its laws are searchable and answerable, in this
    process: the search index, then each registered step (the Q&A embeddings). Returns the
    count per step; ``progress(label)`` gives the callback for that step's batches."""
    counts = {"检索索引": laws_index(law_ids, progress=progress("检索索引") if progress else None)}
    for label, step in _STEPS:
        counts[label] = step(law_ids, progress=progress(label) if progress else None)
    return counts
