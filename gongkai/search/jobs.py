"""The background rebuild of the search index (``gongkai search rebuild`` does the same
in the foreground)."""

from __future__ import annotations

from gongkai.jobs.registry import PRIORITY_WAITING, job


@job("search.rebuild", priority=PRIORITY_WAITING)
def rebuild_index(kinds: list[str] | None = None) -> dict:
    from gongkai.search.services import rebuild

    return rebuild(kinds)
