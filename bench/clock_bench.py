"""Clock benchmark: due-date computations, and what a calendar change costs. Prints figures;
not a test.

Runs in-process against a throw-away database (a temporary SQLite file, or a PostgreSQL
database created for the run and dropped at the end):

1. due dates per second through ``timelimits.compute_clock``: each with its own calendar
   snapshot (a single case), and many over one shared snapshot (a list page, the job);
2. the demo agency's applications (``gongkai demo``'s core and applications loaders):
   how long the administrator's request for one calendar change takes, and how long the
   recalculation of every open case takes (``services.recalculate_open``);
3. the same over N synthetic open cases (``--cases``), with a change that moves them all,
   run through the ``workdays.recalculate_deadlines`` job.

    .venv/bin/python bench/clock_bench.py                   # SQLite, 2,000 open cases
    .venv/bin/python bench/clock_bench.py --cases 10000 \\
        --database-url postgres://postgres@127.0.0.1:5432/gk_clock_bench

It also runs against a tree without the clock engine (before issue 13), where the
calendar change recalculated inside the request; the printed lines say which.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from applications_bench import setup_django  # noqa: E402
from harness import PROJECT_DIR, machine, pg_create, pg_drop  # noqa: E402

sys.path.insert(0, str(PROJECT_DIR))


def has_engine() -> bool:
    import importlib.util

    return importlib.util.find_spec("gongkai.workdays.clock") is not None


def bench_compute(seconds: float = 3.0) -> dict[str, float]:
    from gongkai.applications.timelimits import compute_clock

    rng = random.Random(1)
    days = [dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(0, 2500)) for _ in range(500)]
    out = {}
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        compute_clock(received_on=days[count % len(days)], channel="post")
        count += 1
    out["own snapshot each"] = count / (time.perf_counter() - start)
    if has_engine():
        from gongkai.workdays.clock import Clock

        shared = Clock()
        count, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            compute_clock(received_on=days[count % len(days)], channel="post", clock=shared)
            count += 1
        out["one shared snapshot"] = count / (time.perf_counter() - start)
    return out


def run_calendar_jobs() -> float:
    """Run the enqueued recalculation jobs in-process; seconds taken (0 before the engine)."""
    if not has_engine():
        return 0.0
    from gongkai.jobs.models import JobRun
    from gongkai.jobs.registry import JOBS

    start = time.perf_counter()
    for run in JobRun.objects.filter(name="workdays.recalculate_deadlines", status="enqueued"):
        JOBS[run.name].call(run_id=run.pk)
    return time.perf_counter() - start


def change_and_recalculate(day: dt.date, admin: object) -> tuple[float, float, int]:
    """(request seconds, job seconds, cases moved) for one holiday set on ``day``."""
    from gongkai.applications.models import ApplicationEvent
    from gongkai.workdays.services import calendar_day_set

    events = ApplicationEvent.objects.filter(verb="due_date_recalculated").count()
    start = time.perf_counter()
    calendar_day_set(actor=admin, date=day, is_working_day=False, name="基准测试")  # autocommit
    request = time.perf_counter() - start
    job = run_calendar_jobs()
    moved = ApplicationEvent.objects.filter(verb="due_date_recalculated").count() - events
    return request, job, moved


def bench_demo() -> None:
    from django.utils import timezone

    from gongkai.applications import services
    from gongkai.applications.demo import load_applications_demo
    from gongkai.applications.models import Application
    from gongkai.applications.workflow import OPEN_STATES
    from gongkai.core.demo import load_demo
    from gongkai.core.models import User
    from gongkai.workdays.calendar import add_working_days

    start = time.perf_counter()
    load_demo()
    load_applications_demo()
    open_count = Application.objects.filter(status__in=OPEN_STATES).count()
    print(f"demo: {Application.objects.count()} cases, {open_count} open "
          f"(loaded in {time.perf_counter() - start:.1f} s)")
    start = time.perf_counter()
    services.recalculate_open(dates=None, reason="bench")
    took = 1000 * (time.perf_counter() - start)
    print(f"  recalculate every open demo case (nothing moves): {took:.0f} ms")
    admin = User.objects.get(username="admin")  # the demo's platform administrator
    day = add_working_days(timezone.localdate(), 3).date
    request, job, moved = change_and_recalculate(day, admin)
    where = "in the background job" if has_engine() else "inside the request"
    print(f"  holiday set on {day}: administrator's request {1000 * request:.0f} ms; "
          f"recalculation {where} {1000 * (job or request):.0f} ms; {moved} cases moved")


def bench_bulk(n: int) -> None:
    from django.db import transaction

    from gongkai.applications.models import Application
    from gongkai.applications.timelimits import compute_clock
    from gongkai.core.models import Agency, User

    agency = Agency.objects.create(slug="bench", name="基准测试局", short_name="基准局",
                                   organisation_code="BENCH0001A")
    admin = User.objects.filter(is_superuser=True).first() or User.objects.create(username="bench-admin")
    received = dt.date(2026, 3, 2)  # Monday; every case runs over 2026-03-10
    clock = compute_clock(received_on=received, channel="post")
    rows = [Application(
        agency=agency, case_number=f"YSQ-2026-B{i:06d}", applicant_type="natural_person",
        applicant_name="基准测试申请人", id_type="resident_id", id_number="11010519491231002X",
        phone="13800000000", description=f"基准测试申请 {i}", channel="post", received_on=received,
        clock_start_on=received, due_on=clock.due_on, clock_steps=clock.steps_json(),
        status="in_progress") for i in range(n)]
    with transaction.atomic():
        Application.objects.bulk_create(rows, batch_size=2000)
    request, job, moved = change_and_recalculate(dt.date(2026, 3, 10), admin)
    where = "background job" if has_engine() else "inside the request"
    print(f"{n:,} open cases, a holiday inside every limit: request {1000 * request:.0f} ms; "
          f"recalculation ({where}) {job or request:.1f} s, {moved:,} moved "
          f"({1000 * (job or request) / max(moved, 1):.2f} ms a case)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    created = False
    if args.database_url:
        created = pg_create(args.database_url)
        if not created:
            raise SystemExit("--database-url: the database exists; name a new one")
    print(f"clock bench · {machine()}")
    print(f"database: {'PostgreSQL' if args.database_url else 'SQLite'}; "
          f"{'clock engine' if has_engine() else 'before the clock engine'}")
    with tempfile.TemporaryDirectory(prefix="gk-clock-bench-") as data_dir:
        try:
            setup_django(data_dir, args.database_url or None)
            for label, rate in bench_compute().items():
                print(f"due dates ({label}): {rate:,.0f}/s")
            bench_demo()
            if args.cases:
                bench_bulk(args.cases)
        finally:
            if args.database_url:
                from django.db import connections

                connections.close_all()
                if created:
                    pg_drop(args.database_url)


if __name__ == "__main__":
    main()
