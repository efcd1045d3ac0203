"""After the demo content is loaded, bring the record documents' dates up to date.

The catalogue's signals indexed every record the demo wrote through its services, but
with the day the demo ran as its publication date: the demo then moves 发布日期 back to the
date each record would have had (``catalogue.demo._write``) without a service, so the
records are re-indexed here at once (a few seconds), before anyone searches. Laws and FAQs
were indexed by their own loaders as they were written, so nothing is left for the worker
and the index is complete when ``make run`` starts serving.
"""

from __future__ import annotations

from typing import Any


def reindex_records(**options: Any) -> dict[str, int]:
    from gongkai.search.records import KIND
    from gongkai.search.services import rebuild

    return {"records_reindexed": rebuild([KIND]).get(KIND, 0)}

