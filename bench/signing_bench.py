"""Signing and transparency-log benchmark. Prints figures; not a test.

In a throw-away data dir (SQLite by default) it migrates, then measures:

1. PDFs rendered (WeasyPrint, PDF/A-3b, Noto CJK embedded) and signed (pyHanko PAdES) per
   second, for a one-page record, separately and together;
2. verification latency (``verify_file`` on a genuine signed PDF, an altered one, and
   ``verify_digest``), median and p95 of repeated calls;
3. proof generation latency at ``--entries`` log entries (default 1,000,000): the leaf
   and subtree tables are filled with bulk inserts (leaf hashes and complete-subtree
   hashes computed in Python, as ``log_append`` would), then random inclusion and
   consistency proofs are generated through the same selectors the API uses (p50/p95/p99)
   and checked with the standalone verifier; finally one ``log_append`` at that size.

    .venv/bin/python bench/signing_bench.py
    .venv/bin/python bench/signing_bench.py --entries 100000 --pdfs 10
    .venv/bin/python bench/signing_bench.py --database-url postgres://postgres@127.0.0.1:5432/gk_signbench
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from harness import PROJECT_DIR, machine, pg_create, pg_drop

sys.path.insert(0, str(PROJECT_DIR))


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def ms(values: list[float]) -> str:
    return (f"p50 {pct(values, 50) * 1000:.2f} ms, p95 {pct(values, 95) * 1000:.2f} ms, "
            f"p99 {pct(values, 99) * 1000:.2f} ms (n={len(values)})")


def setup_django(data_dir: Path, database_url: str) -> None:
    os.environ["GONGKAI_ENV"] = "development"
    os.environ["GONGKAI_DATA_DIR"] = str(data_dir)
    os.environ["DEBUG"] = "0"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ.pop("REDIS_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def bench_pdfs(count: int) -> bytes:
    from django.db import transaction
    from django.template.loader import render_to_string

    from gongkai.core.models import Agency
    from gongkai.signing import services

    agency, _ = Agency.objects.get_or_create(
        slug="bench", defaults={"name": "基准测试司法局", "short_name": "基准局",
                                "organisation_code": "00000000BX"})
    html = render_to_string("signing/document_base.html").replace(
        "<body>\n\n</body>",
        "<body><h1>关于印发《2024年政务公开工作要点》的通知</h1>"
        + "<p>各区司法局、局机关各处室:经局领导同意,现将工作要点印发给你们,请认真贯彻落实。</p>" * 12
        + "</body>")
    services.render_pdf(html)  # font loading, once per process
    render_times, sign_times = [], []
    signed = b""
    for _ in range(count):
        start = time.perf_counter()
        pdf = services.render_pdf(html)
        middle = time.perf_counter()
        with transaction.atomic():
            signed = services.sign_pdf(agency=agency, pdf=pdf, reason="基准测试")
        end = time.perf_counter()
        render_times.append(middle - start)
        sign_times.append(end - middle)
    total = sum(render_times) + sum(sign_times)
    print(f"PDF render  : {count / sum(render_times):.2f} /s  ({ms(render_times)})")
    print(f"PDF sign    : {count / sum(sign_times):.2f} /s  ({ms(sign_times)})")
    print(f"render+sign : {count / total:.2f} PDFs/s on one core, {len(signed) / 1024:.0f} KiB each")
    return signed


def bench_verify(signed: bytes, rounds: int) -> None:
    import hashlib

    from gongkai.signing.verification import verify_digest, verify_file

    altered = bytearray(signed)
    altered[signed.index(b"stream", len(signed) // 3) + 40] ^= 1
    digest = hashlib.sha256(signed).hexdigest()
    for label, run, expect in (
            ("verify genuine PDF", lambda: verify_file(signed), "authentic"),
            ("verify altered PDF", lambda: verify_file(bytes(altered)), "altered"),
            ("verify by digest  ", lambda: verify_digest(digest), "authentic")):
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            verdict = run()
            times.append(time.perf_counter() - start)
            assert verdict.verdict == expect, (label, verdict.verdict)
        print(f"{label}: {ms(times)}")


def fill_log(entries: int) -> None:
    """Bulk-write what ``entries`` appends would have written (leaves, subtree nodes)."""
    import datetime as dt
    import json

    from django.db import connection, transaction

    from gongkai.transparency import merkle
    from gongkai.transparency.models import LogState, TreeHead
    from gongkai.transparency.services import LEVEL_SHIFT, head_sign
    from gongkai.transparency.verifier import leaf_hash

    start = time.perf_counter()
    now = dt.datetime.now(dt.UTC)
    nodes: dict[tuple[int, int], bytes] = {}
    leaf_rows: list[tuple] = []
    node_rows: list[tuple] = []
    node_count = 0
    table = connection.ops.quote_name
    leaf_sql = (f"INSERT INTO transparency_logentry ({table('index')}, kind, record_id, "
                "version_number, leaf, leaf_hash, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s)")
    node_sql = "INSERT INTO transparency_treenode (key, hash) VALUES (%s, %s)"
    with transaction.atomic(), connection.cursor() as cursor:
        for i in range(entries):
            leaf = json.dumps({"index": i, "record": i + 1, "type": "publish", "v": 1,
                               "version": 1}, separators=(",", ":"), sort_keys=True)
            digest = leaf_hash(leaf.encode())
            leaf_rows.append((i, "publish", i + 1, 1, leaf, digest.hex(), now))
            for key, h in merkle.parents_completed(i, digest, nodes.__getitem__):
                nodes[key] = h
                node_rows.append((key[0] << LEVEL_SHIFT | key[1], h.hex()))
            if len(leaf_rows) == 20000 or i == entries - 1:
                cursor.executemany(leaf_sql, leaf_rows)
                cursor.executemany(node_sql, node_rows)
                node_count += len(node_rows)
                leaf_rows, node_rows = [], []
                # Only the newest node of each level, if it is a left child, can still
                # be needed as a sibling.
                latest: dict[int, tuple[int, bytes]] = {}
                for (level, index), h in nodes.items():
                    if level not in latest or index > latest[level][0]:
                        latest[level] = (index, h)
                nodes = {(lv, ix): h for lv, (ix, h) in latest.items() if not ix & 1}
        hashed = time.perf_counter()
        all_nodes: dict[tuple[int, int], bytes] = {}
        sizes = sorted({entries, *random.Random(1).sample(range(1, entries), min(999, entries - 1))})
        from gongkai.transparency.services import fetch_nodes

        for size in sizes:
            wanted = set(merkle.range_nodes(0, size)) - all_nodes.keys()
            all_nodes.update(fetch_nodes(wanted))
            head_sign(size, merkle.range_hash(0, size, all_nodes))
        LogState.objects.update_or_create(pk=1, defaults={
            "size": entries, "root_hash": TreeHead.objects.get(tree_size=entries).root_hash})
    written = time.perf_counter()
    print(f"log fill    : {entries:,} entries, {node_count:,} subtree nodes: hashed and "
          f"bulk-inserted in {hashed - start:.1f} s, {len(sizes)} signed heads {written - hashed:.1f} s")


def bench_proofs(entries: int, rounds: int) -> None:
    from django.db import transaction

    from gongkai.transparency import selectors, services
    from gongkai.transparency.models import TreeHead
    from gongkai.transparency.verifier import check_consistency_json, check_inclusion_json

    rng = random.Random(2)
    times = []
    for _ in range(rounds):
        index = rng.randrange(entries)
        start = time.perf_counter()
        proof = selectors.inclusion_proof(index, entries)
        times.append(time.perf_counter() - start)
        assert check_inclusion_json(proof)
    print(f"inclusion proof at {entries:,}: {ms(times)}, {len(proof['audit_path'])} hashes")
    sizes = list(TreeHead.objects.values_list("tree_size", flat=True))
    times = []
    for _ in range(rounds):
        first = rng.choice(sizes)
        start = time.perf_counter()
        proof = selectors.consistency_proof(first, entries)
        times.append(time.perf_counter() - start)
        assert check_consistency_json(proof)
    print(f"consistency proof to {entries:,}: {ms(times)}")
    times = []
    for i in range(50):
        start = time.perf_counter()
        with transaction.atomic():
            services.log_append(kind="publish", leaf={"record": -i}, agency_id=None,
                                record_id=None, version_number=None)
        times.append(time.perf_counter() - start)
    print(f"log_append at {entries:,} (leaf + nodes + signed head, committed): {ms(times)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--pdfs", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    print(machine())
    data_dir = Path(tempfile.mkdtemp(prefix="gk-signbench-"))
    created = False
    try:
        if args.database_url:
            created = pg_create(args.database_url)
        setup_django(data_dir, args.database_url)
        from django.db import connection

        print(f"database: {connection.vendor}")
        signed = bench_pdfs(args.pdfs)
        bench_verify(signed, min(args.rounds, 50))
        fill_log(args.entries)
        bench_proofs(args.entries, args.rounds)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
        if created:
            from django.db import connections

            connections.close_all()
            pg_drop(args.database_url)


if __name__ == "__main__":
    main()
