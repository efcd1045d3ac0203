"""The canonical form of an audit event and its hash.

Kept apart from the model so the writer and the verifier cannot drift: both call
``event_hash`` on the same fields.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def normalise_details(details: dict[str, Any] | None) -> dict[str, Any]:
    """Round-trip through canonical JSON so what is stored is exactly what was hashed."""
    return json.loads(canonical_json(details or {}))


def timestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(
    *,
    seq: int,
    created_at: dt.datetime,
    actor_id: int | None,
    actor_label: str,
    agency_id: int | None,
    verb: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    details: dict[str, Any],
    ip_address: str | None,
    prev_hash: str,
) -> str:
    payload = canonical_json(
        [
            seq,
            timestamp(created_at),
            actor_id,
            actor_label,
            agency_id,
            verb,
            object_type,
            object_id,
            object_repr,
            details,
            ip_address,
            prev_hash,
        ]
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
