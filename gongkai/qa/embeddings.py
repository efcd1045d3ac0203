"""Stored sentence embeddings: computed when content changes (an FAQ saved, laws imported,
a record published), never for the corpus at query time.

Each vector is stored with a hash of its text and the encoder's name; recomputing skips
rows whose text and encoder are unchanged, so a re-import or a repeated job is cheap.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator

import numpy as np

from gongkai.qa.encoders import Encoder, from_bytes, get_encoder, to_bytes
from gongkai.qa.models import Embedding, Faq

ENCODE_BATCH = 64
LAW_TEXT_CHARS = 64

Item = tuple[str, int, str]  # key, part, text


def _hash(encoder: Encoder, text: str) -> str:
    return hashlib.md5(f"{encoder.name}\n{text}".encode(), usedforsecurity=False).hexdigest()


def embeddings_store(kind: str, items: list[Item], *, encoder: Encoder | None = None) -> int:
    """Upsert the vectors of ``items`` of ``kind``; returns how many were (re)computed."""
    encoder = encoder or get_encoder()
    if not items:
        return 0
    existing = {(key, part): (pk, text_hash) for pk, key, part, text_hash in
                Embedding.objects.filter(kind=kind, key__in={i[0] for i in items})
                .values_list("pk", "key", "part", "text_hash")}
    todo = [(key, part, text, _hash(encoder, text)) for key, part, text in items
            if existing.get((key, part), (None, ""))[1] != _hash(encoder, text)]
    for start in range(0, len(todo), ENCODE_BATCH):
        chunk = todo[start:start + ENCODE_BATCH]
        vectors = encoder.encode([text for _, _, text, _ in chunk])
        creates, updates = [], []
        for (key, part, _, text_hash), vector in zip(chunk, vectors, strict=True):
            row = Embedding(kind=kind, key=key, part=part, encoder=encoder.name,
                            text_hash=text_hash, vector=to_bytes(vector))
            found = existing.get((key, part))
            if found:
                row.pk = found[0]
                updates.append(row)
            else:
                creates.append(row)
        Embedding.objects.bulk_create(creates)
        Embedding.objects.bulk_update(updates, ["encoder", "text_hash", "vector"])
    return len(todo)


def faq_embed(faq: Faq) -> int:
    phrasings = faq.phrasings()
    Embedding.objects.filter(kind="faq", key=str(faq.pk), part__gte=len(phrasings)).delete()
    return embeddings_store("faq", [(str(faq.pk), i, p) for i, p in enumerate(phrasings)])


def law_article_text(law_title: str, text: str) -> str:
    """What a law article is embedded as: its law's short title (people name the law, not
    “中华人民共和国…”) and the start of its text."""
    short = law_title.removeprefix("中华人民共和国")
    return f"{short} {text[:LAW_TEXT_CHARS]}"


def _law_items(law_ids: list[int] | None) -> Iterator[list[Item]]:
    from gongkai.laws.indexing import article_key
    from gongkai.laws.models import LawArticle

    articles = LawArticle.objects.order_by("pk").values_list(
        "pk", "law_id", "ordinal", "law__title", "text")
    if law_ids is not None:
        articles = articles.filter(law_id__in=law_ids)
    last = 0
    while True:
        rows = list(articles.filter(pk__gt=last)[:2000])
        if not rows:
            return
        last = rows[-1][0]
        yield [(article_key(law_id, ordinal), 0, law_article_text(title, text))
               for _, law_id, ordinal, title, text in rows]


def laws_embed(law_ids: list[int] | None = None, *,
               progress: Callable[[int, int], None] | None = None) -> int:
    """Embed the articles of ``law_ids`` (all when None) in batches (2,000 articles read,
    encoded ``ENCODE_BATCH`` at a time); unchanged texts are skipped. Returns how many
    vectors were computed; ``progress(done, total)`` follows the articles."""
    from gongkai.laws.indexing import article_count

    total = article_count(law_ids) if progress else 0
    computed = done = 0
    for items in _law_items(law_ids):
        computed += embeddings_store("law_article", items)
        done += len(items)
        if progress:
            progress(done, total)
    return computed


def record_text(title: str, summary: str, body: str) -> str:
    return f"{title} {summary} {body[:200]}".strip()


def records_embed(record_ids: Iterable[int]) -> int:
    from gongkai.catalogue.models import Record
    from gongkai.catalogue.visibility import public_q

    items = [(str(r.pk), 0, record_text(r.current_version.title, r.current_version.summary,
                                          r.current_version.body))
             for r in Record.objects.filter(public_q(), pk__in=list(record_ids))
             .select_related("current_version") if r.current_version]
    return embeddings_store("record", items)


def vectors(kind: str, keys: Iterable[str]) -> dict[str, np.ndarray]:
    """Stored vectors by key (several parts of one key stacked as rows), current encoder
    only: a vector from another encoder is not comparable."""
    encoder = get_encoder()
    found: dict[str, list[np.ndarray]] = {}
    for key, blob in (Embedding.objects.filter(kind=kind, key__in=list(keys),
                                               encoder=encoder.name)
                      .order_by("key", "part").values_list("key", "vector")):
        found.setdefault(key, []).append(from_bytes(blob))
    return {key: np.vstack(rows) for key, rows in found.items()}
