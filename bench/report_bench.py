"""Annual report benchmark: time to compute an agency's report (tables 二, 三, 四 and the
checks) and the evaluation dashboard, with many applications and records bulk-created.
Prints figures; not a test.

Runs in-process against a throw-away database (a temporary SQLite file, or a PostgreSQL
database created for the run and dropped at the end). Cases spread over 2022–2026 with every
reply-type row and applicant column, one in fifty with a reconsideration or lawsuit; catalogue
records (proactive, some normative) for the same agency; half as many cases for a second
agency, which the report must skip.

    .venv/bin/python bench/report_bench.py                         # 200,000 cases, SQLite
    .venv/bin/python bench/report_bench.py --cases 1000000 --records 1000000
    .venv/bin/python bench/report_bench.py \\
        --database-url postgres://postgres@127.0.0.1:5432/gk_reports_bench
"""

from __future__ import annotations

import argparse
import datetime as dt
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

BATCH = 5000


def setup_django(data_dir: str, database_url: str | None) -> None:
    os.environ["GONGKAI_ENV"] = "test"
    os.environ["GONGKAI_DATA_DIR"] = data_dir
    os.environ.pop("REDIS_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _pairs() -> list[tuple[str, str]]:
    from gongkai.applications import reply_types

    pairs: list[tuple[str, str]] = []
    for item in reply_types.REPLY_TYPES:
        if not item.reasons:
            pairs.append((item.code, ""))
        pairs.extend((item.code, s.code) for s in item.reasons)
    return pairs


def bulk_data(cases: int, records: int) -> object:
    from django.db import transaction

    from gongkai.applications.models import Application, Review
    from gongkai.catalogue.models import Genre, Record, Topic
    from gongkai.core.models import Agency, Department

    mine = Agency.objects.create(slug="sfj", name="上海市司法局", short_name="市司法局",
                                 organisation_code="002420455M")
    other = Agency.objects.create(slug="xhsfj", name="上海市徐汇区司法局",
                                  short_name="徐汇区司法局", organisation_code="00242XH01A")
    departments = [Department.objects.create(agency=mine, name=f"处室{i}") for i in range(8)]
    rng = random.Random(7)
    pairs = _pairs()
    columns = [("natural_person", "")] * 6 + [("organisation", c) for c in (
        "commercial", "research", "public_interest", "legal_service", "other")]
    start = time.perf_counter()
    rows: list[Application] = []
    total = cases + cases // 2
    for i in range(total):
        agency = mine if i < cases else other
        received = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(0, 1795))
        closed = None
        reply_type, reason = "", ""
        if rng.random() < 0.93:
            closed = received + dt.timedelta(days=rng.randrange(1, 60))
            reply_type, reason = rng.choice(pairs)
        applicant, category = rng.choice(columns)
        rows.append(Application(
            agency=agency, department=rng.choice(departments) if agency is mine else None,
            case_number=f"B{i:08d}", applicant_type=applicant, organisation_category=category,
            applicant_name="基准", description="基准", channel="online", received_on=received,
            clock_start_on=received, due_on=received + dt.timedelta(days=28),
            status="replied" if closed else "in_progress", reply_type=reply_type,
            reply_type_reason=reason, closed_on=closed))
        if len(rows) == BATCH:
            with transaction.atomic():
                Application.objects.bulk_create(rows)
            rows = []
    if rows:
        with transaction.atomic():
            Application.objects.bulk_create(rows)
    ids = list(Application.objects.filter(agency=mine).values_list("id", flat=True)[::50])
    kinds = ["reconsideration", "litigation_direct", "litigation_after"]
    results = ["pending", "upheld", "corrected", "other"]
    reviews = []
    for n, pk in enumerate(ids):
        filed = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(0, 1795))
        result = results[n % 4]
        reviews.append(Review(application_id=pk, kind=kinds[n % 3], filed_on=filed, outcome=result,
                              decided_on=None if result == "pending"
                              else filed + dt.timedelta(days=90)))
    Review.objects.bulk_create(reviews, batch_size=BATCH)
    print(f"  bulk-created {total:,} cases ({cases:,} for the agency), {len(reviews):,} reviews "
          f"in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    topic = Topic.objects.get_or_create(code="general", defaults={"name": "综合政务"})[0]
    genres = [Genre.objects.get_or_create(code="notice", defaults={"name": "通知"})[0],
              Genre.objects.get_or_create(code="gz", defaults={"name": "规章",
                                                               "is_normative": True})[0],
              Genre.objects.get_or_create(code="measures", defaults={"name": "办法",
                                                                     "is_normative": True})[0]]
    batch: list[Record] = []
    for i in range(records):
        formed = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(0, 1795))
        genre = genres[0] if i % 10 else genres[1 + (i // 10) % 2]
        validity = "" if genre is genres[0] else rng.choice(["valid", "valid", "repealed"])
        batch.append(Record(
            agency=mine, department=rng.choice(departments), title=f"基准信息{i}",
            formed_on=formed, topic=topic, genre=genre, validity=validity,
            validity_changed_on=formed + dt.timedelta(days=200) if validity == "repealed" else None,
            status="published", published_on=formed + dt.timedelta(days=rng.randrange(0, 40)),
            is_public=True))
        if len(batch) == BATCH:
            with transaction.atomic():
                Record.objects.bulk_create(batch)
            batch = []
    if batch:
        Record.objects.bulk_create(batch)
    print(f"  bulk-created {records:,} catalogue records in {time.perf_counter() - start:.1f} s")
    return mine


def timed(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    created = False
    if args.database_url:
        created = pg_create(args.database_url)
        if not created:
            raise SystemExit("--database-url: the database exists; name a new one (it is "
                             "created for the run and dropped at the end)")
    print(f"report bench · {machine()}")
    print(f"database: {'PostgreSQL' if args.database_url else 'SQLite'}")
    with tempfile.TemporaryDirectory(prefix="gk-report-bench-") as data_dir:
        try:
            setup_django(data_dir, args.database_url or None)
            from django.db import connection

            agency = bulk_data(args.cases, args.records)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            from gongkai.reports import compute, dashboard

            figures = compute.compute(agency.pk, 2025, 2021)  # type: ignore[attr-defined]
            print(f"  2025: new {figures.value('三/new/total'):,}, carried in "
                  f"{figures.value('三/carried_in/total'):,}, results "
                  f"{figures.value('三/total/total'):,}, forward "
                  f"{figures.value('三/carried_forward/total'):,}; checks ok: {figures.ok}")
            p50, worst = timed(lambda: compute.compute(agency.pk, 2025, 2021),  # type: ignore
                               args.runs)
            print(f"report generation (tables 二/三/四 + checks), {args.runs} runs: "
                  f"median {p50:,.0f} ms, max {worst:,.0f} ms")
            p50, worst = timed(lambda: dashboard.evaluate(
                agency, dt.date(2025, 1, 1), dt.date(2025, 12, 31)), args.runs)  # type: ignore
            print(f"evaluation dashboard (one year, per department), {args.runs} runs: "
                  f"median {p50:,.0f} ms, max {worst:,.0f} ms")
        finally:
            if args.database_url:
                from django.db import connections

                connections.close_all()
                if created:
                    pg_drop(args.database_url)


if __name__ == "__main__":
    main()
