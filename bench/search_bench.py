"""Search benchmark: index build time and size, query latency (p50/p95) with and without
filters and highlighting, and the API's latency relative to the bare engine query it
wraps. Prints figures; not a test.

It builds a throw-away data dir (or PostgreSQL database), migrates, loads the demo
(the demo loaders of what is searched: two bureaus' catalogue, the demo laws and FAQs), optionally imports the
full law library (``--laws ../shared/data/laws``), adds N synthetic public records
(``--records``, the catalogue's own generator), then rebuilds the whole index and runs a
fixed set of realistic queries in-process:

* engine: the backend's match SQL alone, top 10 by score (no facets, no snippets);
* search: ``selectors.search`` as the portal calls it (count, facets, snippets, marks);
* search with filters: the same plus a year and a topic filter;
* search without highlighting and facets;
* API: ``GET /api/v1/search`` through Django's test client (routing, validation, JSON).

    .venv/bin/python bench/search_bench.py --records 100000
    .venv/bin/python bench/search_bench.py --records 100000 --laws ../shared/data/laws \\
        --database-url postgres://postgres@127.0.0.1:5432/gk_search_bench

A PostgreSQL database is created when missing and dropped at the end (an existing one is
used and left alone). ``--data-dir`` keeps a SQLite data dir for reuse.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import PROJECT_DIR, machine, pg_create, pg_drop, postgres_admin  # noqa: E402

QUERIES = [
    "政府信息公开", "法律援助", "法律援助 经济困难", "律师事务所 年度检查", "社区矫正", "人民调解",
    "司法鉴定机构", "公证 办证", "行政复议 典型案例", "部门预算", "12348 热线", "农民工 欠薪",
    "宪法宣传周", "普法 依法治理", "法治政府 建设", "仲裁委员会", "公务员 职位表", "疫情防控",
    "律师证", "zfxxgk", "沪司办〔2020〕6号", "002420455M/2020-00035", "申请法律援助要什么条件",
    "政务公开 工作要点", "行政执法 案卷评查", "双随机 抽查", "重大行政决策", "民法典",
    "信息公开 年度报告 编制", "事业单位 公开招聘",
]


def setup_django(data_dir: Path, database_url: str | None) -> None:
    os.environ["GONGKAI_ENV"] = "test"
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    os.environ["GONGKAI_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    sys.path.insert(0, str(PROJECT_DIR))
    import logging

    import django

    django.setup()
    logging.disable(logging.INFO)


# The demo loaders whose content is searched; the others (applications, signing …) are
# not needed here and are left out so that this benchmark depends on no more than it reads.
SEARCHED_LOADERS = ("calendar", "catalogue", "laws", "qa")


def load_demo_content() -> None:
    from gongkai.core.demo import load_demo
    from gongkai.core.demo_registry import loaders

    load_demo()
    for name, loader in loaders():
        if name in SEARCHED_LOADERS:
            loader(records=None)


def prepare(*, records: int, laws: str | None, fresh: bool) -> dict[str, float]:
    """Migrate, load the demo, import laws, add synthetic records; seconds per step."""
    from django.core.management import call_command

    from gongkai.catalogue.demo import generate_records
    from gongkai.catalogue.models import Record

    timings: dict[str, float] = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    timings["migrate"] = time.perf_counter() - started
    if fresh or not Record.objects.exists():
        started = time.perf_counter()
        load_demo_content()
        timings["demo"] = time.perf_counter() - started
        if laws:
            started = time.perf_counter()
            call_command("laws", "import", laws, stdout=open(os.devnull, "w"))  # noqa: SIM115
            timings["laws import"] = time.perf_counter() - started
        if records:
            started = time.perf_counter()
            generate_records(records, seed=1, out=open(os.devnull, "w"))  # noqa: SIM115
            timings[f"{records:,} synthetic records"] = time.perf_counter() - started
    return timings


def index_size() -> tuple[int, str]:
    """Bytes of the search tables and their indexes (FTS5 shadow tables / GIN included)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            try:
                cursor.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_%' "
                               "OR name IN (SELECT name FROM sqlite_master WHERE tbl_name LIKE "
                               "'search_%')")
                return int(cursor.fetchone()[0] or 0), "dbstat"
            except Exception:  # dbstat not compiled in
                cursor.execute("PRAGMA page_count")
                pages = cursor.fetchone()[0]
                cursor.execute("PRAGMA page_size")
                return pages * cursor.fetchone()[0], "whole database file"
        cursor.execute("SELECT SUM(pg_total_relation_size(c.oid)) FROM pg_class c "
                       "WHERE c.relname LIKE 'search_%%' AND c.relkind = 'r'")
        return int(cursor.fetchone()[0] or 0), "pg_total_relation_size"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure(fn, queries: list[str], rounds: int) -> list[float]:
    for q in queries[:5]:  # warm caches and the segmenter
        fn(q)
    times = []
    for _ in range(rounds):
        for q in queries:
            started = time.perf_counter()
            fn(q)
            times.append((time.perf_counter() - started) * 1000)
    return times


def run_queries(rounds: int) -> dict[str, list[float]]:
    from django.db import connection
    from django.test import Client

    from gongkai.search import selectors
    from gongkai.search.backends import get_backend

    backend = get_backend()

    def engine(q: str) -> None:
        parsed, _tokens, _terms = selectors.parse(q)
        if parsed.empty():
            return
        sql, params = backend.match_sql(parsed)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT m.id, m.score FROM ({sql}) m JOIN search_searchdocument d "  # noqa: S608
                           "ON d.id = m.id WHERE d.public = %s ORDER BY m.score DESC LIMIT 10",
                           [*params, True])
            cursor.fetchall()

    client = Client(HTTP_HOST="localhost")
    year = "2020"
    topic = "法律援助"

    def api(q: str) -> None:
        response = client.get("/api/v1/search", {"q": q})
        assert response.status_code == 200, response.content[:200]

    return {
        "engine (match + rank, top 10)": measure(engine, QUERIES, rounds),
        "search (count, facets, snippets)": measure(lambda q: selectors.search(q), QUERIES, rounds),
        "search with year+topic filters": measure(
            lambda q: selectors.search(q, filters={"year": year, "topic": topic}), QUERIES, rounds),
        "search without highlight/facets": measure(
            lambda q: selectors.search(q, highlight=False, facets=False), QUERIES, rounds),
        "API GET /api/v1/search": measure(api, QUERIES, rounds),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--laws", default=None, help="folder of the law library to import")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--data-dir", default=None, help="keep (and reuse) this data dir")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--skip-rebuild", action="store_true")
    args = parser.parse_args()

    created_db = False
    if args.database_url:
        postgres_admin(args.database_url)
        created_db = pg_create(args.database_url)
    data_dir = Path(args.data_dir) if args.data_dir else Path(tempfile.mkdtemp(prefix="gk-sbench-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        setup_django(data_dir, args.database_url)
        from django.db import connection

        from gongkai.search import services
        from gongkai.search.models import SearchDocument

        print(f"# search benchmark — {machine()}")
        print(f"database: {connection.vendor}; synthetic records asked: {args.records:,}")
        for step, seconds in prepare(records=args.records, laws=args.laws,
                                     fresh=created_db or not args.data_dir).items():
            print(f"  {step}: {seconds:.1f} s")
        if not args.skip_rebuild:
            started = time.perf_counter()
            counts = services.rebuild()
            seconds = time.perf_counter() - started
            total = sum(counts.values())
            print(f"index build: {total:,} documents in {seconds:.1f} s "
                  f"({total / max(seconds, 1e-9):,.0f} documents/s): "
                  + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
        size, how = index_size()
        print(f"index size: {size / 1e6:,.1f} MB ({how}); documents "
              f"{SearchDocument.objects.count():,}")
        results = run_queries(args.rounds)
        print(f"queries: {len(QUERIES)} realistic queries × {args.rounds} rounds, in-process")
        print(f"  {'':36} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8}")
        for name, times in results.items():
            print(f"  {name:36} {percentile(times, .5):8.2f} {percentile(times, .95):8.2f} "
                  f"{statistics.mean(times):8.2f}")
        engine = percentile(results["engine (match + rank, top 10)"], .5)
        api = percentile(results["API GET /api/v1/search"], .5)
        full = percentile(results["search (count, facets, snippets)"], .5)
        print(f"API / bare engine (p50): {api / max(engine, 1e-9):.1f}×; "
              f"API / full search call (p50): {api / max(full, 1e-9):.2f}×")
    finally:
        if args.database_url and created_db:
            from django.db import connections

            connections.close_all()
            pg_drop(args.database_url)
        if not args.data_dir:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
