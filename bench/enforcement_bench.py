"""Enforcement benchmark: a verifiable random-inspection draw over a large pool and its
verification, then the public decisions list over many decisions. Prints figures; not a test.

1. The draw (``gongkai.inspections.verifier``, the code the platform and the verifier
   share), in memory: N entities (valid credit codes) and M inspectors with recusal ties;
   the canonical committed document and its SHA-256 (the commitment), the draw (5% of N,
   two inspectors each), writing DRAW.json, and the standalone verifier reading it back
   and recomputing everything.
2. The public decisions list (``selectors.public_decisions`` first page of 20 + count, the
   query behind ``/<agency>/enforcement/decisions/`` and ``GET /api/v1/enforcement/
   decisions``): p50/p95 over repeated runs with D decisions bulk-created, filtered by
   nothing, by category and by year, on a throw-away database.

    .venv/bin/python bench/enforcement_bench.py                    # 1,000,000 / 5,000 / 100,000
    .venv/bin/python bench/enforcement_bench.py --entities 200000 --decisions 20000
    .venv/bin/python bench/enforcement_bench.py --decisions 0      # the draw only
    .venv/bin/python bench/enforcement_bench.py \\
        --database-url postgres://postgres@127.0.0.1:5432/gk_enforcement_bench
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import PROJECT_DIR, machine, pg_create, pg_drop  # noqa: E402

sys.path.insert(0, str(PROJECT_DIR))

from gongkai.inspections import credit_codes, verifier  # noqa: E402  (stdlib-only modules)


def bench_draw(entities: int, inspectors: int, share_bp: int, out_dir: str) -> dict[str, float]:
    rng = random.Random(20261202)
    started = time.perf_counter()
    pool = sorted({credit_codes.complete(f"9131{n:013d}") for n in range(entities)})
    entity_rows = [[code, f"企业{i}"] for i, code in enumerate(pool)]
    inspector_rows = [[f"31{n:09d}", f"检查员{n}", "律师监督"] for n in range(inspectors)]
    recusals = sorted({(inspector_rows[rng.randrange(inspectors)][0], pool[rng.randrange(entities)])
                       for _ in range(inspectors * 3)})
    seed = "bench-seed"
    committed = {"algorithm": verifier.ALGORITHM, "agency": "bench",
                 "plan": {"id": 1, "title": "bench", "share_bp": share_bp,
                          "inspectors_per_entity": 2, "period_start": "2026-01-01",
                          "period_end": "2026-12-31", "items": [[1, "检查", ""]]},
                 "entities": entity_rows, "inspectors": inspector_rows,
                 "recusals": [list(r) for r in recusals], "seed_sha256": verifier.seed_digest(seed),
                 "public_value_source": "bench", "public_value_date": "2026-01-02",
                 "committed_at": "2026-01-01T10:00:00+08:00"}
    built = time.perf_counter()
    canonical = verifier.canonical(committed)
    commitment = verifier.sha256_hex(canonical)
    committed_at = time.perf_counter()
    result = verifier.draw(committed, commitment, seed, "3341.96")
    drawn = time.perf_counter()
    path = Path(out_dir) / "DRAW.json"
    document = {"format": verifier.FORMAT, "commitment": commitment, "committed": committed,
                "revealed": {"seed": seed, "public_value": "3341.96"}, "result": result}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    written = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):  # the verifier's own OK/FAILED lines
        status = verifier.main([str(path)])
    verified = time.perf_counter()
    committed["entities"][0][1] = "篡改"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()):
        tampered_status = verifier.main([str(path)])
    return {"entities": entities, "inspectors": inspectors, "drawn": len(result),
            "build pools s": built - started, "canonical JSON MB": len(canonical) / 1e6,
            "commitment s": committed_at - built, "draw s": drawn - committed_at,
            "write DRAW.json s": written - drawn, "verify s": verified - written,
            "verify exit": status, "tampered exit": tampered_status}


def setup_django(data_dir: str, database_url: str | None) -> None:
    os.environ["GONGKAI_ENV"] = "test"
    os.environ["GONGKAI_DATA_DIR"] = data_dir
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def bench_list(decisions: int, runs: int) -> dict[str, float]:
    from gongkai.core.models import Agency
    from gongkai.enforcement import selectors
    from gongkai.enforcement.models import Category, Decision

    agency = Agency.objects.create(slug="bench", name="基准测试局", short_name="基准局",
                                   organisation_code="BENCH0001")
    rng = random.Random(1)
    categories = Category.values
    started = time.perf_counter()
    batch = []
    for n in range(decisions):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(365 * 6))
        batch.append(Decision(
            agency=agency, category=categories[n % len(categories)],
            document_number=f"基准决〔{day.year}〕{n}号", decided_on=day,
            party_type="legal_person", party_name=f"企业{n}", facts="事实", basis="依据",
            decision="决定", status="published", publish_by=day, published_on=day))
        if len(batch) == 5000:
            Decision.objects.bulk_create(batch)
            batch = []
    Decision.objects.bulk_create(batch)
    created = time.perf_counter() - started
    figures: dict[str, float] = {"decisions": decisions, "bulk create s": created}
    for label, kwargs in (("all", {}), ("category", {"category": "penalty"}),
                          ("year", {"year": 2024})):
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            qs = selectors.public_decisions(agency_id=agency.pk, **kwargs)
            qs.count()
            list(qs[:20])
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        figures[f"list {label} p50 ms"] = statistics.median(times)
        figures[f"list {label} p95 ms"] = times[int(len(times) * 0.95) - 1]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--inspectors", type=int, default=5_000)
    parser.add_argument("--share-bp", type=int, default=500)
    parser.add_argument("--decisions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        for key, value in bench_draw(args.entities, args.inspectors, args.share_bp, tmp).items():
            print(f"draw  {key:24} {value:,.3f}" if isinstance(value, float)
                  else f"draw  {key:24} {value:,}")
        if args.decisions:
            created = bool(args.database_url) and pg_create(args.database_url)
            try:
                setup_django(tmp, args.database_url)
                for key, value in bench_list(args.decisions, args.runs).items():
                    print(f"list  {key:24} {value:,.2f}")
            finally:
                if created:
                    pg_drop(args.database_url)


if __name__ == "__main__":
    main()
