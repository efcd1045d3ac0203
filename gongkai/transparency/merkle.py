"""Proof generation over a store of complete subtrees (RFC 6962 §2.1.1–2.1.2).

Every node of the tree that is *complete* (covers 2^level leaves starting at a multiple of
2^level) is stored once, when the leaf that completes it is appended: on average two rows
per entry, written in O(log n) time, never changed afterwards. Any range the RFC algorithms
ask for (``MTH(D[a:b])``) is a node of the tree, so it is either a stored complete node or
splits into at most log2(n) of them along its right edge. A proof therefore needs
O(log n) stored hashes, fetched in one query, whatever the size of the log: at 1,000,000
entries that is about 40 index lookups instead of reading 32 MB of leaf hashes.

The functions here are pure: ``plan_*`` says which ranges make up a proof, ``nodes_for``
which stored nodes those ranges need, ``range_hash`` combines them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from gongkai.transparency.verifier import empty_root, node_hash

Range = tuple[int, int]
NodeKey = tuple[int, int]  # (level, index): leaves [index << level, (index + 1) << level)


def largest_power_below(n: int) -> int:
    """The k of RFC 6962: the largest power of two strictly smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def inclusion_ranges(m: int, n: int) -> list[Range]:
    """PATH(m, D[0:n]) as the ranges whose hashes form the audit path, leaf side first."""
    if not 0 <= m < n:
        raise ValueError("leaf index out of range")
    ranges: list[Range] = []
    start, end = 0, n
    while end - start > 1:
        k = largest_power_below(end - start)
        if m - start < k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
    ranges.reverse()
    return ranges


def consistency_ranges(m: int, n: int) -> list[Range]:
    """PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true), as ranges in output order."""
    if not 0 < m <= n:
        raise ValueError("tree sizes out of range")
    ranges: list[Range] = []
    start, end, complete = 0, n, True
    size = m
    while True:
        if size == end - start:
            if not complete:
                ranges.append((start, end))
            break
        k = largest_power_below(end - start)
        if size <= k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
            size -= k
            complete = False
    ranges.reverse()
    return ranges


def _complete(start: int, end: int) -> NodeKey | None:
    size = end - start
    if size & (size - 1) == 0 and start % size == 0:
        level = size.bit_length() - 1
        return level, start >> level
    return None


def range_nodes(start: int, end: int) -> list[NodeKey]:
    """The stored complete nodes ``MTH(D[start:end])`` is built from."""
    keys: list[NodeKey] = []
    while True:
        key = _complete(start, end)
        if key is not None:
            keys.append(key)
            return keys
        k = largest_power_below(end - start)
        left = _complete(start, start + k)
        if left is None:
            raise ValueError(f"[{start}, {end}) is not a node of the tree")
        keys.append(left)
        start += k


def nodes_for(ranges: Iterable[Range]) -> set[NodeKey]:
    needed: set[NodeKey] = set()
    for start, end in ranges:
        needed.update(range_nodes(start, end))
    return needed


def range_hash(start: int, end: int, nodes: Mapping[NodeKey, bytes]) -> bytes:
    if start == end:
        return empty_root()
    keys = range_nodes(start, end)
    result = nodes[keys[-1]]
    for key in reversed(keys[:-1]):
        result = node_hash(nodes[key], result)
    return result


def parents_completed(index: int, leaf: bytes,
                      sibling: Callable[[NodeKey], bytes]) -> list[tuple[NodeKey, bytes]]:
    """Appending leaf ``index`` completes the node above it at each level where it is a
    right child; returns those new nodes (the leaf first)."""
    made: list[tuple[NodeKey, bytes]] = [((0, index), leaf)]
    level, i, current = 0, index, leaf
    while i & 1:
        current = node_hash(sibling((level, i - 1)), current)
        level, i = level + 1, i >> 1
        made.append(((level, i), current))
    return made
