"""After the demo content is loaded, index it in the background: ``make run`` serves the
portal at once and search fills in as the worker goes (the catalogue's own signals have
already indexed every record the demo wrote through its services)."""

from __future__ import annotations

from typing import Any

from gongkai.core.demo_registry import register_demo_loader


def enqueue_rebuild(**options: Any) -> dict[str, int]:
    from gongkai.search.services import rebuild_enqueue

    return {"rebuild_enqueued": int(rebuild_enqueue())}


register_demo_loader("search", enqueue_rebuild)
