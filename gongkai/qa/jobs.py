"""Background work of Q&A: embeddings of imported laws and published records."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

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


def on_version_published(sender: Any, record: Any, version: Any = None, **kwargs: Any) -> None:
    _later("qa.embed_records", f"record-{record.pk}-{getattr(version, 'pk', '')}",
           record_ids=[record.pk])


def on_records_imported(sender: Any, record_ids: list[int], **kwargs: Any) -> None:
    _later("qa.embed_records", f"import-{timezone.now().isoformat()}",
           record_ids=list(record_ids))
