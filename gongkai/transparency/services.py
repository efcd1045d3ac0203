"""Appending to the transparency log, inside the transaction that publishes or withdraws.

A publication and its log entry commit together or not at all, so the log can never miss
a publication that the catalogue shows, nor show one that was rolled back. Appends are
serialised by locking ``LogState``; each append stores the leaf, the complete subtrees it
finishes (merkle.py) and a signed tree head for the new size.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.catalogue.publication import Consumer, Published, Withdrawn
from gongkai.transparency import hashing, keys, merkle
from gongkai.transparency.models import EntryKind, LogEntry, LogState, TreeHead, TreeNode
from gongkai.transparency.verifier import leaf_hash, sth_message

LEVEL_SHIFT = 56


def node_key(level: int, index: int) -> int:
    return level << LEVEL_SHIFT | index


def fetch_nodes(wanted: set[merkle.NodeKey]) -> dict[merkle.NodeKey, bytes]:
    if not wanted:
        return {}
    rows = TreeNode.objects.filter(key__in=[node_key(lv, i) for lv, i in wanted]).values_list(
        "key", "hash")
    found = {(k >> LEVEL_SHIFT, k & ((1 << LEVEL_SHIFT) - 1)): bytes.fromhex(h) for k, h in rows}
    missing = wanted - found.keys()
    if missing:
        raise LookupError(f"transparency log nodes missing: {sorted(missing)[:5]}")
    return found


def log_append(*, kind: str, leaf: dict[str, Any], agency_id: int | None,
               record_id: int | None, version_number: int | None) -> LogEntry:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("log_append must run inside the writing transaction")
    state = LogState.objects.select_for_update().filter(pk=1).first()
    if state is None:
        LogState.objects.get_or_create(pk=1)
        state = LogState.objects.select_for_update().get(pk=1)
    index = state.size
    now = timezone.now()
    leaf = {**leaf, "v": 1, "type": kind, "index": index, "time": hashing.timestamp(now)}
    data = hashing.canonical(leaf)
    digest = leaf_hash(data)
    entry = LogEntry(index=index, kind=kind, agency_id=agency_id, record_id=record_id,
                     version_number=version_number, leaf=data.decode("utf-8"),
                     leaf_hash=digest.hex(), created_at=now)
    entry.save()
    made = merkle.parents_completed(index, digest,
                                    lambda key: fetch_nodes({key})[key])
    TreeNode.objects.bulk_create([TreeNode(key=node_key(*key), hash=h.hex()) for key, h in made])
    size = index + 1
    known = dict(made)
    wanted = merkle.range_nodes(0, size)
    known.update(fetch_nodes(set(wanted) - known.keys()))
    root = merkle.range_hash(0, size, known)
    head_sign(size, root)
    state.size = size
    state.root_hash = root.hex()
    state.save(update_fields=["size", "root_hash"])
    return entry


def head_sign(size: int, root: bytes) -> TreeHead:
    stamp = int(time.time() * 1000)
    signature = keys.log_signing_key().sign(sth_message(size, stamp, root))
    return TreeHead.objects.create(tree_size=size, root_hash=root.hex(), timestamp=stamp,
                                   signature=signature.hex())


class LogConsumer(Consumer):
    """Public versions and withdrawals of once-logged records, logged in the publishing
    transaction from the leaf data the catalogue supplies (``publication.leaf_data``)."""

    name = "transparency"

    def published(self, items: Sequence[Published]) -> None:
        for item in items:
            if item.public:
                log_append(kind=EntryKind.PUBLISH, agency_id=item.agency_id,
                           record_id=item.record_id, version_number=item.version_number,
                           leaf=item.leaf)

    def withdrawn(self, items: Sequence[Withdrawn]) -> None:
        logged = set(LogEntry.objects.filter(record_id__in=[i.record_id for i in items])
                     .values_list("record_id", flat=True).distinct())
        for item in items:
            if item.record_id in logged:
                log_append(kind=EntryKind.WITHDRAW, agency_id=item.agency_id,
                           record_id=item.record_id, version_number=item.version_number,
                           leaf=item.leaf)
