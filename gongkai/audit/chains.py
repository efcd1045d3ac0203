"""Other append-only logs that ``gongkai audit verify`` checks beside the audit trail.

Audit imports no feature app: an app with its own tamper-evident log registers a verifier
(and the drop function of its append-only triggers, which the test suite removes for
transactional tests just as it does the audit table's) in its ``AppConfig.ready``.
A verifier returns an object with ``ok``, ``checked``, ``broken_seq`` and ``problem``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

VERIFIERS: dict[str, Callable[[], Any]] = {}
TRIGGER_DROPS: dict[str, Callable[[Any], None]] = {}


def register_chain(name: str, verify: Callable[[], Any],
                   drop_triggers: Callable[[Any], None] | None = None) -> None:
    VERIFIERS[name] = verify
    if drop_triggers is not None:
        TRIGGER_DROPS[name] = drop_triggers


def drop_all_triggers(connection: Any) -> None:
    """For the test session only: transactional tests flush every table."""
    for drop_triggers in TRIGGER_DROPS.values():
        drop_triggers(connection)
