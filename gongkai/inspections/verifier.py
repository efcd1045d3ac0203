"""Offline verifier of a random-inspection draw (双随机、一公开), standard library only.

Copy this one file anywhere with Python 3.11+ and check a published draw without trusting
the platform:

    python -m gongkai.inspections.verifier DRAW.json

DRAW.json is the file each draw page offers (also ``GET /api/v1/inspections/draws/{id}``).
Exit status 0: the commitment matches the committed pools and plan, the revealed seed
matches the seed digest committed in advance, and the drawn entities and inspectors are
exactly what the algorithm gives; 1: any of these fails (the first failure is printed);
2: the file cannot be read.

Algorithm ``gongkai-draw-v1`` (ADR 0023; modelled on RFC 3797):

1. ``commitment = SHA-256(canonical(committed))``, canonical = JSON with sorted keys, no
   spaces, UTF-8. ``committed`` holds the plan, both pools (entities sorted by credit code,
   inspectors by 执法证号, recusal ties), ``seed_sha256`` and the public value named in
   advance (``public_value_source``, known only after ``public_value_date``).
2. ``key = SHA-256(canonical({"commitment", "seed", "public_value"}))`` once the seed is
   revealed and the public value known.
3. A stream of 64-bit numbers: block *i* = SHA-256(key || i as 8 bytes big-endian); each
   block gives one number (its first 8 bytes). ``uniform(m)`` rejects numbers at or above
   the largest multiple of m below 2^64, so every outcome is equally likely.
4. Entities: n = ceil(N × share_bp / 10000) (at least 1 when N > 0); a partial
   Fisher–Yates shuffle of the indexes 0..N-1 takes n of them, in draw order.
5. Inspectors: those whose field (执法领域) contains the plan's ``inspector_field`` (all
   when it is empty), in pool order, are the eligible list E; for each drawn entity in
   draw order, ``inspectors_per_entity`` distinct inspectors E[uniform(|E|)], redrawing
   any already chosen for this entity or tied to it (回避); a draw where fewer eligible
   inspectors remain than needed is refused.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator, Sequence
from typing import Any

ALGORITHM = "gongkai-draw-v1"
FORMAT = "gongkai-inspection-draw"
TWO_64 = 1 << 64


class DrawError(ValueError):
    """The inputs cannot be drawn (too few eligible inspectors, a malformed pool)."""


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def commitment_of(committed: dict[str, Any]) -> str:
    return sha256_hex(canonical(committed))


def seed_digest(seed: str) -> str:
    return sha256_hex(seed.encode("utf-8"))


def draw_key(commitment: str, seed: str, public_value: str) -> bytes:
    return hashlib.sha256(canonical({"commitment": commitment, "seed": seed,
                                     "public_value": public_value})).digest()


class Stream:
    """The deterministic random numbers of one draw."""

    def __init__(self, key: bytes):
        self.key = key
        self.counter = 0

    def next64(self) -> int:
        block = hashlib.sha256(self.key + self.counter.to_bytes(8, "big")).digest()
        self.counter += 1
        return int.from_bytes(block[:8], "big")

    def uniform(self, m: int) -> int:
        if m <= 0:
            raise DrawError("uniform() needs a positive bound")
        limit = TWO_64 - TWO_64 % m
        while True:
            x = self.next64()
            if x < limit:
                return x % m


def sample_size(population: int, share_bp: int) -> int:
    if population <= 0:
        return 0
    return max(1, min(population, -(-population * share_bp // 10000)))


def draw(committed: dict[str, Any], commitment: str, seed: str,
         public_value: str) -> list[dict[str, Any]]:
    """The drawn list: [{"order", "credit_code", "name", "inspectors": [证号…]}…]."""
    plan = committed["plan"]
    entities: Sequence[Sequence[str]] = committed["entities"]
    inspectors: Sequence[Sequence[str]] = committed["inspectors"]
    per_entity = int(plan["inspectors_per_entity"])
    if per_entity < 2:
        raise DrawError("each inspection needs at least two inspectors")
    field = plan.get("inspector_field", "")
    eligible = [i for i, row in enumerate(inspectors) if not field or field in row[2]]
    eligible_set = set(eligible)
    ties: dict[str, set[int]] = {}
    position = {row[0]: i for i, row in enumerate(inspectors)}
    for certificate, credit_code in committed.get("recusals", []):
        if certificate in position:
            ties.setdefault(credit_code, set()).add(position[certificate])
    stream = Stream(draw_key(commitment, seed, public_value))
    n = sample_size(len(entities), int(plan["share_bp"]))
    order = list(range(len(entities)))
    result = []
    for i in range(n):
        j = i + stream.uniform(len(entities) - i)
        order[i], order[j] = order[j], order[i]
    for i in range(n):
        credit_code, name = entities[order[i]][0], entities[order[i]][1]
        tied = ties.get(credit_code, set())
        if len(eligible) - len(tied & eligible_set) < per_entity:
            raise DrawError(f"too few eligible inspectors for {credit_code}")
        chosen: list[int] = []
        while len(chosen) < per_entity:
            k = eligible[stream.uniform(len(eligible))]
            if k in tied or k in chosen:
                continue
            chosen.append(k)
        result.append({"order": i + 1, "credit_code": credit_code, "name": name,
                       "inspectors": [inspectors[k][0] for k in chosen]})
    return result


def check_pools(committed: dict[str, Any]) -> Iterator[str]:
    """What is wrong with the committed pools' shape (sorted, no duplicate keys)."""
    for label, rows in (("entities", committed.get("entities")),
                        ("inspectors", committed.get("inspectors"))):
        if not isinstance(rows, list):
            yield f"{label} is not a list"
            continue
        keys = [row[0] for row in rows]
        if keys != sorted(keys):
            yield f"{label} are not sorted by their key"
        if len(set(keys)) != len(keys):
            yield f"{label} hold a duplicate key"


def verify(document: dict[str, Any]) -> list[str]:
    """Every reason the draw does not hold; [] when it recomputes."""
    problems: list[str] = []
    if document.get("format") != FORMAT:
        return [f"not a {FORMAT} file"]
    committed = document.get("committed")
    if not isinstance(committed, dict):
        return ["no committed document"]
    if committed.get("algorithm") != ALGORITHM:
        return [f"unknown algorithm {committed.get('algorithm')!r}"]
    problems.extend(check_pools(committed))
    commitment = document.get("commitment", "")
    if commitment_of(committed) != commitment:
        problems.append("the commitment does not match the committed pools and plan")
    revealed = document.get("revealed") or {}
    seed, public_value = revealed.get("seed"), revealed.get("public_value")
    if not isinstance(seed, str) or not isinstance(public_value, str):
        return [*problems, "the seed or the public value is not revealed"]
    if seed_digest(seed) != committed.get("seed_sha256"):
        problems.append("the revealed seed does not match the seed digest committed in advance")
    if problems:
        return problems
    try:
        expected = draw(committed, commitment, seed, public_value)
    except (DrawError, KeyError, TypeError, ValueError, IndexError) as exc:
        return [f"the draw cannot be recomputed: {exc}"]
    if expected != document.get("result"):
        return ["the published result differs from the recomputed draw"]
    return []


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Verify a Gongkai random-inspection draw.")
    parser.add_argument("draw", help="the DRAW.json file")
    args = parser.parse_args(argv)
    try:
        with open(args.draw, encoding="utf-8") as handle:
            document = json.load(handle)
    except (OSError, ValueError) as exc:
        print(f"cannot read {args.draw}: {exc}", file=sys.stderr)
        return 2
    if not isinstance(document, dict):
        print("not a draw file", file=sys.stderr)
        return 2
    problems = verify(document)
    if problems:
        for problem in problems:
            print(f"FAILED: {problem}")
        return 1
    print(f"OK: commitment {document['commitment']}; {len(document['result'])} entities drawn "
          f"and their inspectors recompute.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
