"""After the demo content is loaded, bring the search index up to date.

The catalogue's signals indexed every record the demo wrote through its services, but
with the day the demo ran as its publication date: the demo then moves 发布日期 back to the
date each record would have had (``catalogue.demo._write``) without a service, so the
records are re-indexed here at once (a few seconds), before anyone searches; results and
the year facet would otherwise show the day the demo was loaded until the worker's full
rebuild ran. The full rebuild (laws, FAQs) is still left to the worker so that ``make run``
serves the portal without waiting for it.
"""

from __future__ import annotations

from typing import Any

from gongkai.core.demo_registry import register_demo_loader


def reindex_and_enqueue_rebuild(**options: Any) -> dict[str, int]:
    from gongkai.search.records import KIND
    from gongkai.search.services import rebuild, rebuild_enqueue

    records = rebuild([KIND]).get(KIND, 0)
    return {"records_reindexed": records, "rebuild_enqueued": int(rebuild_enqueue())}


register_demo_loader("search", reindex_and_enqueue_rebuild)
