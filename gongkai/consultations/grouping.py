"""Near-duplicate comments (a mass campaign): MinHash over character bigrams, banded for
candidates, confirmed by the Jaccard similarity of the bigram sets, clustered around the
first comment of each group (ADR 0017).

Exact copies (same text once punctuation and spaces are dropped) collapse first, so a
campaign of 20,000 identical letters costs one signature; variants join the group of the
first comment whose bigrams they share at ``THRESHOLD`` or more. Nothing here is final:
staff see each group with its count and may answer it together or one by one.
"""

from __future__ import annotations

import random
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable

NUM_HASHES = 16
ROWS = 2  # 8 bands of 2 rows: pairs at Jaccard 0.6 are candidates with p ≈ 0.97
THRESHOLD = 0.6
BUCKET_KEEP = 50  # leaders remembered per band value (the most recent)
CHECKED = 3  # candidates (most shared bands first) confirmed by exact Jaccard
MIN_LENGTH = 12  # shorter comments ("同意") are not a campaign's letter
_PRIME = (1 << 61) - 1
_rng = random.Random(17)  # fixed: the same comments always group the same way
_COEFFS = [(_rng.randrange(1, _PRIME), _rng.randrange(0, _PRIME)) for _ in range(NUM_HASHES)]

_KEEP = re.compile(r"\w+", re.UNICODE)


def normalise(text: str) -> str:
    return "".join(_KEEP.findall((text or "").lower()))


def shingles(norm: str) -> set[str]:
    return {norm[i:i + 2] for i in range(max(1, len(norm) - 1))}


def signature(grams: set[str]) -> tuple[int, ...]:
    hashed = [zlib.crc32(g.encode()) for g in grams]
    return tuple(min((a * h + b) % _PRIME for h in hashed) for a, b in _COEFFS)


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def cluster(items: Iterable[tuple[int, str]]) -> dict[int, list[int]]:
    """``items``: (comment id, text) in arrival order. Returns {leader id: [ids]} for every
    group of two or more."""
    exact: dict[str, int] = {}
    members: dict[int, list[int]] = defaultdict(list)
    leader_grams: dict[int, set[str]] = {}
    buckets: dict[tuple[int, tuple[int, ...]], list[int]] = defaultdict(list)
    for pk, text in items:
        norm = normalise(text)
        if len(norm) < MIN_LENGTH:
            continue
        if norm in exact:
            members[exact[norm]].append(pk)
            continue
        grams = shingles(norm)
        sig = signature(grams)
        bands = [(i, sig[i * ROWS:(i + 1) * ROWS]) for i in range(NUM_HASHES // ROWS)]
        shared = Counter(c for band in bands for c in buckets.get(band, ()))
        leader = None
        for candidate, _count in shared.most_common(CHECKED):
            if jaccard(grams, leader_grams[candidate]) >= THRESHOLD:
                leader = candidate
                break
        if leader is None:
            leader = pk
            leader_grams[pk] = grams
            for band in bands:
                bucket = buckets[band]
                bucket.append(pk)
                if len(bucket) > BUCKET_KEEP:
                    del bucket[0]
        exact[norm] = leader
        members[leader].append(pk)
    return {leader: ids for leader, ids in members.items() if len(ids) > 1}
