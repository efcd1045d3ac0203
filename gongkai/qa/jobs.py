"""Background work of Q&A: embeddings of imported laws and published records."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.catalogue.publication import Consumer
from gongkai.jobs.registry import PRIORITY_BULK, job, job_enqueue


@job("qa.embed_laws")
def embed_laws(law_ids: list[int] | None = None) -> dict:
    from gongkai.qa.embeddings import laws_embed

    return {"computed": laws_embed(law_ids)}


@job("qa.embed_records", priority=PRIORITY_BULK)
def embed_records(record_ids: list[int]) -> dict:
    from gongkai.qa.embeddings import records_embed

    return {"computed": records_embed(record_ids)}


def _later(name: str, key: str, **kwargs: Any) -> None:
    transaction.on_commit(lambda: job_enqueue(name, key=key, **kwargs))


def on_laws_imported(sender: Any, law_ids: list[int], deferred: bool = True,
                     **kwargs: Any) -> None:
    """A deferred import leaves the embeddings to a job; an import indexed in the
    foreground (``laws_index_now``) computes them there, through ``register_index_step``."""
    if deferred:
        _later("qa.embed_laws", f"import-{timezone.now().isoformat()}", law_ids=list(law_ids))


class EmbeddingConsumer(Consumer):
    """Published versions are embedded once each, in one job per publication batch (an
    approval: one record; an import: its chunk)."""

    name = "qa"

    def published(self, items: Any) -> None:
        ids = [item.record_id for item in items if item.public]
        if ids:
            versions = ",".join(str(item.version_id) for item in items if item.public)
            key = hashlib.sha256(versions.encode()).hexdigest()[:32]
            _later("qa.embed_records", f"versions-{key}", record_ids=ids)

    def withdrawn(self, items: Any) -> None:
        """The stored vector stays; Q&A reads only public records (``records_embed``)."""

    def changed(self, record_ids: Any) -> None:
        """Drafts are never embedded."""
