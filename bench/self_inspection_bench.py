"""Self-inspection benchmark: a full crawl of one agency with many public pages (every
catalogue record page and every list page up to ``--pages``), the inspection itself, and the
dashboard's p95. Prints figures; not a test.

Runs in-process against a throw-away database (a temporary SQLite file, or a PostgreSQL
database created for the run and dropped at the end); records are made by the catalogue's
synthetic generator (``generate_records``).

    .venv/bin/python bench/self_inspection_bench.py                       # 20,000 records
    .venv/bin/python bench/self_inspection_bench.py --records 100000 --pages 100000 \\
        --database-url postgres://postgres@127.0.0.1:5432/gk_self_inspection_bench
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import PROJECT_DIR, machine, percentile, pg_create, pg_drop, setup_django  # noqa: E402

sys.path.insert(0, str(PROJECT_DIR))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(args: argparse.Namespace) -> None:
    from django.test import Client

    from gongkai.catalogue.demo import generate_records
    from gongkai.core.models import Agency, Role
    from gongkai.self_inspection.checks import inspect
    from gongkai.self_inspection.crawl import crawl
    from tests.factories import staff

    agency = Agency.objects.create(slug="sfj", name="上海市司法局", short_name="市司法局",
                                   organisation_code="002420455M")
    started = time.monotonic()
    generate_records(args.records, agency_slug="sfj", seed=1, out=io.StringIO())
    print(f"setup: {args.records:,} public records in {time.monotonic() - started:.1f}s")

    before = rss_mb()
    started = time.monotonic()
    done = crawl(agency, limit=args.pages)
    seconds = time.monotonic() - started
    print(f"crawl: {done['pages']:,} pages, {done['links']:,} links, {done['findings']} "
          f"findings, truncated={done['truncated']} in {seconds:.1f}s "
          f"({done['pages'] / seconds:.1f} pages/s); peak RSS {rss_mb():.0f} MB "
          f"(+{rss_mb() - before:.0f} MB)")

    started = time.monotonic()
    result = inspect(agency)
    print(f"inspection: score {result['score']}, {len(result['vetoes'])} vetoes, "
          f"{len(result['deductions'])} deductions in {time.monotonic() - started:.2f}s")

    client = Client(HTTP_HOST="localhost")
    client.force_login(staff(Role.DISCLOSURE_OFFICER, agency, "bench-officer"))
    times = []
    for _ in range(args.requests):
        t = time.monotonic()
        assert client.get("/staff/inspection/agencies/sfj/").status_code == 200
        times.append((time.monotonic() - t) * 1000)
    print(f"dashboard: {args.requests} requests, p50 {percentile(times, 50):.0f} ms, "
          f"p95 {percentile(times, 95):.0f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--pages", type=int, default=5_000, help="crawl page limit")
    parser.add_argument("--requests", type=int, default=30, help="dashboard requests")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args(argv)
    print(machine())
    with tempfile.TemporaryDirectory() as data_dir:
        created = pg_create(args.database_url) if args.database_url else False
        try:
            setup_django(data_dir, args.database_url or None)
            run(args)
        finally:
            if created:
                from django.db import connections

                connections.close_all()
                pg_drop(args.database_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
