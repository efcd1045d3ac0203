"""Background work of the law library: indexing imported articles for search."""

from __future__ import annotations

from gongkai.jobs.registry import PRIORITY_WAITING, job


@job("laws.index", priority=PRIORITY_WAITING)
def index_imported(law_ids: list[int] | None = None) -> dict:
    from gongkai.laws.indexing import laws_index

    return {"articles": laws_index(law_ids)}
