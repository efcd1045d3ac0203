"""Applications benchmark: the statutory clock, the staff queues over 100,000 cases, and the
public submission endpoint. Prints figures; not a test.

It runs in-process against a throw-away database (a temporary SQLite file, or a
PostgreSQL database created for the run and dropped at the end):

1. due-date computations per second (``timelimits.compute_clock``: plain, and with a
   correction, a consultation pause and an extension), over receipt dates 2020–2026;
2. staff queue selector latency, p50/p99 over repeated runs of "first page (50 rows) +
   count" for each queue, with N cases bulk-created for two agencies (the user sees one);
3. submissions per second through ``POST /api/v1/applications`` with Django's test client
   (rate limiting off), including validation, the clock, the event, audit and notice rows.

    .venv/bin/python bench/applications_bench.py                       # 100,000, SQLite
    .venv/bin/python bench/applications_bench.py --cases 20000
    .venv/bin/python bench/applications_bench.py \\
        --database-url postgres://postgres@127.0.0.1:5432/gk_apps_bench
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import PROJECT_DIR, machine, percentile, pg_create, pg_drop, setup_django  # noqa: E402

sys.path.insert(0, str(PROJECT_DIR))


def bench_clock(seconds: float = 3.0) -> dict[str, float]:
    from gongkai.applications.timelimits import Pause, compute_clock

    rng = random.Random(1)
    days = [dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(0, 2500)) for _ in range(500)]
    out = {}
    for label, kwargs in [
        ("plain", lambda d: {}),
        ("correction+pause+extension", lambda d: {
            "corrected_on": d + dt.timedelta(days=5),
            "pauses": [Pause("third_party_consultation", d + dt.timedelta(days=9),
                             d + dt.timedelta(days=20))],
            "extension_working_days": 20}),
    ]:
        count, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            day = days[count % len(days)]
            compute_clock(received_on=day, channel="post", **kwargs(day))
            count += 1
        out[label] = count / (time.perf_counter() - start)
    return out


def bulk_cases(n: int) -> tuple[object, object]:
    from django.db import transaction

    from gongkai.applications.models import Application, ApplicationStatus
    from gongkai.applications.timelimits import compute_clock
    from gongkai.core.models import Agency, Membership, Role, User

    mine = Agency.objects.create(slug="sfj", name="上海市司法局", short_name="市司法局",
                                 organisation_code="002420455M")
    other = Agency.objects.create(slug="xhsfj", name="上海市徐汇区司法局", short_name="徐汇区司法局",
                                  organisation_code="00242XH01A")
    user = User.objects.create(username="bench-officer", email="o@example.org")
    Membership.objects.create(user=user, role=Role.DISCLOSURE_OFFICER, agency=mine)
    rng = random.Random(7)
    statuses = (["archived"] * 50 + ["replied"] * 25 + ["withdrawn"] * 5 + ["received"] * 5
                + ["in_progress"] * 8 + ["awaiting_correction"] * 2 + ["in_third_party_consultation"] * 3
                + ["awaiting_fee"] * 2)
    clocks: dict[dt.date, object] = {}
    today = dt.date(2026, 11, 27)
    rows = []
    start = time.perf_counter()
    serial: dict[tuple[int, int], int] = {}
    for i in range(n):
        received = today - dt.timedelta(days=rng.randrange(0, 1100))
        clock = clocks.get(received)
        if clock is None:
            clock = clocks[received] = compute_clock(received_on=received, channel="post")
        agency = mine if i % 2 == 0 else other
        key = (agency.pk, received.year)
        serial[key] = serial.get(key, 0) + 1
        status = rng.choice(statuses)
        if received > today - dt.timedelta(days=40) and status in ("archived", "replied"):
            status = ApplicationStatus.IN_PROGRESS
        rows.append(Application(
            agency=agency, case_number=f"YSQ-{received.year}-{serial[key]:06d}",
            applicant_type="natural_person", applicant_name="基准测试申请人",
            id_type="resident_id", id_number="11010519491231002X", phone="13800000000",
            description=f"基准测试申请 {i}", channel="post", received_on=received,
            clock_start_on=received, due_on=clock.due_on,  # type: ignore[attr-defined]
            clock_steps=clock.steps_json(), status=status,  # type: ignore[attr-defined]
            assignee=user if i % 7 == 0 else None))
        if len(rows) == 5000:
            with transaction.atomic():
                Application.objects.bulk_create(rows)
            rows = []
    if rows:
        with transaction.atomic():
            Application.objects.bulk_create(rows)
    from gongkai.applications.services import CASE_KIND
    from gongkai.core.models import CaseCounter

    CaseCounter.objects.bulk_create([
        CaseCounter(agency_id=agency_id, kind=CASE_KIND, year=year, last_serial=last)
        for (agency_id, year), last in serial.items()])
    print(f"  bulk-created {n:,} cases in {time.perf_counter() - start:.1f} s")
    return user, mine


def bench_queues(user: object, runs: int) -> dict[str, tuple[float, float, int]]:
    from gongkai.applications import selectors

    today = dt.date(2026, 11, 27)
    out = {}
    for queue in ["new", "mine", "due_soon", "overdue", "waiting_applicant",
                  "waiting_third_party", "open", "closed"]:
        times = []
        total = 0
        for _ in range(runs):
            start = time.perf_counter()
            qs = selectors.staff_queue(user, queue, today=today)
            page = list(qs[:50])
            total = qs.count()
            selectors.with_days_left(page, today)
            times.append((time.perf_counter() - start) * 1000)
        out[queue] = (statistics.median(times), percentile(times, 99), total)
    return out


def bench_submit(count: int) -> float:
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    body = {
        "agency": "002420455M",
        "applicant": {"type": "natural_person", "name": "基准测试", "id_type": "resident_id",
                      "id_number": "11010519491231002X", "phone": "13800000000",
                      "email": "bench@example.com"},
        "delivery_form": "electronic", "receipt_method": "email",
    }
    start = time.perf_counter()
    for i in range(count):
        response = client.post("/api/v1/applications",
                               json.dumps({**body, "description": f"基准测试提交 {i}"}),
                               content_type="application/json")
        assert response.status_code == 201, response.content
    return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50, help="repetitions per queue")
    parser.add_argument("--submissions", type=int, default=300)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    created = False
    if args.database_url:
        created = pg_create(args.database_url)
        if not created:
            raise SystemExit("--database-url: the database exists; name a new one (it is "
                             "created for the run and dropped at the end)")
    print(f"applications bench · {machine()}")
    print(f"database: {'PostgreSQL' if args.database_url else 'SQLite'}")
    with tempfile.TemporaryDirectory(prefix="gk-apps-bench-") as data_dir:
        try:
            setup_django(data_dir, args.database_url or None)
            from django.db import connection

            for label, rate in bench_clock().items():
                print(f"due-date computations ({label}): {rate:,.0f}/s")
            user, _agency = bulk_cases(args.cases)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE applications_application")
            print(f"staff queues over {args.cases:,} cases (first page of 50 + count), "
                  f"{args.runs} runs:")
            for queue, (p50, p99, total) in bench_queues(user, args.runs).items():
                print(f"  {queue:<20} p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   ({total:,} rows)")
            rate = bench_submit(args.submissions)
            print(f"public submissions (POST /api/v1/applications, test client): {rate:,.1f}/s")
        finally:
            if args.database_url:
                from django.db import connections

                connections.close_all()
                if created:
                    pg_drop(args.database_url)


if __name__ == "__main__":
    main()
