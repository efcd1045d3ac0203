"""Reading the log: tree heads, entries, proofs, and the full check run by
``gongkai audit verify``."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db.models import QuerySet

from gongkai.transparency import keys, merkle
from gongkai.transparency.models import LogEntry, LogState, TreeHead, TreeNode
from gongkai.transparency.services import LEVEL_SHIFT, fetch_nodes
from gongkai.transparency.verifier import empty_root, leaf_hash, node_hash, sth_message


class ProofRequestError(ValueError):
    """The sizes or indexes asked for do not exist in the log (message is for people)."""


def head_latest() -> TreeHead | None:
    return TreeHead.objects.order_by("-tree_size").first()


def head_at(size: int) -> TreeHead:
    head = TreeHead.objects.filter(tree_size=size).first()
    if head is None:
        raise ProofRequestError(f"没有条目数为 {size} 的签名树头。")
    return head


def heads_recent(limit: int = 50) -> QuerySet[TreeHead]:
    return TreeHead.objects.order_by("-tree_size")[:limit]


def entries_newest_first() -> QuerySet[LogEntry]:
    return LogEntry.objects.select_related("agency").order_by("-index")


def entries_range(start: int, end: int) -> QuerySet[LogEntry]:
    return LogEntry.objects.filter(index__gte=start, index__lt=end).order_by("index")


def entry_for_version(record_id: int, version: int) -> LogEntry | None:
    return LogEntry.objects.filter(record_id=record_id, version_number=version,
                                   kind="publish").order_by("index").first()


def entries_for_record(record_id: int) -> QuerySet[LogEntry]:
    return LogEntry.objects.filter(record_id=record_id).order_by("index")


def _size(tree_size: int | None) -> int:
    latest = head_latest()
    if latest is None:
        raise ProofRequestError("透明日志还没有条目。")
    if tree_size is None:
        return latest.tree_size
    if not 0 < tree_size <= latest.tree_size:
        raise ProofRequestError(f"树的大小须在 1 到 {latest.tree_size} 之间。")
    return tree_size


def inclusion_proof(leaf_index: int, tree_size: int | None = None) -> dict:
    size = _size(tree_size)
    if not 0 <= leaf_index < size:
        raise ProofRequestError(f"条目序号须在 0 到 {size - 1} 之间。")
    ranges = merkle.inclusion_ranges(leaf_index, size)
    nodes = fetch_nodes(merkle.nodes_for([*ranges, (leaf_index, leaf_index + 1)]))
    head = head_at(size)
    return {
        "leaf_index": leaf_index, "tree_size": size,
        "leaf_hash": nodes[(0, leaf_index)].hex(),
        "audit_path": [merkle.range_hash(a, b, nodes).hex() for a, b in ranges],
        "root_hash": head.root_hash, "timestamp": head.timestamp, "signature": head.signature,
    }


def consistency_proof(first: int, second: int | None = None) -> dict:
    second = _size(second)
    if not 0 < first <= second:
        raise ProofRequestError(f"旧树的大小须在 1 到 {second} 之间。")
    ranges = merkle.consistency_ranges(first, second)
    nodes = fetch_nodes(merkle.nodes_for(ranges))
    return {
        "first": first, "second": second,
        "first_root": head_at(first).root_hash, "second_root": head_at(second).root_hash,
        "consistency_path": [merkle.range_hash(a, b, nodes).hex() for a, b in ranges],
    }


def public_key_hex() -> str:
    return keys.log_public_key().hex()


@dataclass(frozen=True)
class LogVerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    problem: str = ""


def log_verify(*, chunk: int = 5000) -> LogVerifyResult:
    """Rebuild the tree from the stored leaves and compare with every stored node, tree
    head (root and signature) and the state row; one pass, memory O(log n)."""
    public_key = keys.log_public_key()
    stack: list[tuple[int, bytes]] = []  # (level, hash) of the complete subtrees so far
    expected_nodes: dict[int, str] = {}
    heads = TreeHead.objects.order_by("tree_size").values_list(
        "tree_size", "root_hash", "timestamp", "signature").iterator(chunk_size=chunk)
    next_head = next(heads, None)
    count = 0
    rows = LogEntry.objects.order_by("index").values_list("index", "leaf", "leaf_hash",
                                                          "record_id", "version_number")
    for index, leaf, stored_hash, record_id, version_number in rows.iterator(chunk_size=chunk):
        if index != count:
            return LogVerifyResult(False, count, count, f"entry #{count} is missing")
        digest = leaf_hash(leaf.encode("utf-8"))
        if digest.hex() != stored_hash:
            return LogVerifyResult(False, count, index, f"entry #{index} was altered")
        parsed = json.loads(leaf)
        if parsed.get("index") != index or parsed.get("record") != record_id or (
                parsed.get("version") != version_number):
            return LogVerifyResult(False, count, index,
                                   f"entry #{index}: columns differ from the signed leaf")
        level, position, current = 0, index, digest
        expected_nodes[level << LEVEL_SHIFT | position] = current.hex()
        while stack and stack[-1][0] == level:
            _, left = stack.pop()
            current = node_hash(left, current)
            level, position = level + 1, position >> 1
            expected_nodes[level << LEVEL_SHIFT | position] = current.hex()
        stack.append((level, current))
        count += 1
        if len(expected_nodes) >= chunk:
            problem = _compare_nodes(expected_nodes)
            if problem:
                return LogVerifyResult(False, count, index, problem)
            expected_nodes.clear()
        if next_head is None or next_head[0] != count:
            # Every append signs a head for the new size: a gap means a head was removed.
            return LogVerifyResult(False, count, count, f"tree head {count} is missing")
        while next_head is not None and next_head[0] == count:
            root = _root(stack)
            size, root_hex, stamp, signature = next_head
            if root.hex() != root_hex:
                return LogVerifyResult(False, count, size, f"tree head {size} has a wrong root")
            if not _signature_ok(public_key, size, stamp, root, signature):
                return LogVerifyResult(False, count, size,
                                       f"tree head {size} has an invalid signature")
            next_head = next(heads, None)
        if next_head is not None and next_head[0] < count:
            return LogVerifyResult(False, count, next_head[0],
                                   f"tree head {next_head[0]} was removed or duplicated")
    problem = _compare_nodes(expected_nodes)
    if problem:
        return LogVerifyResult(False, count, None, problem)
    if next_head is not None:
        return LogVerifyResult(False, count, next_head[0],
                               f"tree head {next_head[0]} has no entries: entries were removed")
    if TreeNode.objects.count() != _node_count(count):
        return LogVerifyResult(False, count, None, "stored subtree nodes were removed or added")
    state = LogState.objects.filter(pk=1).first()
    state_size = state.size if state else 0
    if state_size != count or (count and state and state.root_hash != _root(stack).hex()):
        return LogVerifyResult(False, count, count + 1,
                               f"the log ends at {count} entries but {state_size} were written")
    return LogVerifyResult(True, count)


def _node_count(size: int) -> int:
    total, level_size = 0, size
    while level_size:
        total += level_size
        level_size >>= 1
    return total


def _root(stack: list[tuple[int, bytes]]) -> bytes:
    if not stack:
        return empty_root()
    result = stack[-1][1]
    for _, left in reversed(stack[:-1]):
        result = node_hash(left, result)
    return result


def _signature_ok(public_key: bytes, size: int, stamp: int, root: bytes, signature: str) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(
            bytes.fromhex(signature), sth_message(size, stamp, root))
    except (InvalidSignature, ValueError):
        return False
    return True


def _compare_nodes(expected: dict[int, str]) -> str:
    stored = dict(TreeNode.objects.filter(key__in=list(expected)).values_list("key", "hash"))
    for key, digest in expected.items():
        if stored.get(key) != digest:
            return f"subtree node {key >> LEVEL_SHIFT}/{key & ((1 << LEVEL_SHIFT) - 1)} is wrong or missing"
    return ""



def content_verify(*, chunk: int = 2000) -> LogVerifyResult:
    """Recompute each logged version's content digest from the catalogue's stored version:
    a published text edited in the database afterwards no longer matches its leaf."""

    from gongkai.catalogue.publication import published_contents

    checked = 0
    rows = LogEntry.objects.filter(kind="publish").order_by("index").values_list(
        "index", "leaf", "record_id", "version_number")
    batch: list[tuple[int, dict, int, int]] = []

    def flush() -> LogVerifyResult | None:
        nonlocal checked
        digests = published_contents((record_id, number) for _, _, record_id, number in batch)
        for index, leaf, record_id, number in batch:
            digest = digests.get((record_id, number))
            if digest is None:
                return LogVerifyResult(False, checked, index,
                                       f"entry #{index}: the logged version was removed")
            if digest(leaf.get("index_number") or None) != leaf.get("content_sha256"):
                return LogVerifyResult(False, checked, index,
                                       f"entry #{index}: record {record_id} version {number} "
                                       "was changed after it was published")
            checked += 1
        batch.clear()
        return None

    for index, leaf, record_id, number in rows.iterator(chunk_size=chunk):
        parsed = json.loads(leaf)
        if "content_sha256" not in parsed:
            continue
        batch.append((index, parsed, record_id, number))
        if len(batch) >= chunk:
            failed = flush()
            if failed:
                return failed
    if batch:
        failed = flush()
        if failed:
            return failed
    return LogVerifyResult(True, checked)
