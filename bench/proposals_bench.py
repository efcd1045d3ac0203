"""Proposals and work plans benchmark: the yearly summary of handling figures, the public
list of published answers (API page) and a work plan's point counts, with many cases
bulk-created. Prints figures; not a test.

Runs in-process against a throw-away database (a temporary SQLite file, or a PostgreSQL
database created for the run and dropped at the end). Cases spread over 2022–2026, every
kind, state and outcome; most answered, one in five late, one in ten redone, most answers
published; a second agency with half as many cases, which the figures must skip.

    .venv/bin/python bench/proposals_bench.py                      # 100,000 cases, SQLite
    .venv/bin/python bench/proposals_bench.py --cases 500000
    .venv/bin/python bench/proposals_bench.py \\
        --database-url postgres://postgres@127.0.0.1:5432/gk_proposals_bench
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
YEARS = (2022, 2023, 2024, 2025, 2026)


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


def bulk_data(cases: int, points: int) -> object:
    from django.db import transaction

    from gongkai.core.models import Agency, Department
    from gongkai.proposals.models import Proposal, ProposalReply
    from gongkai.workplans.models import PointProgress, WorkPlan, WorkPoint, WorkTask

    rng = random.Random(7)
    mine = Agency.objects.create(slug="sfj", name="上海市司法局", short_name="市司法局",
                                 organisation_code="002420455M")
    other = Agency.objects.create(slug="xhsfj", name="上海市徐汇区司法局",
                                  short_name="徐汇区司法局", organisation_code="00242XH01A")
    lead = Department.objects.create(agency=mine, name="律师工作管理处")
    started = time.perf_counter()
    serial = {}
    with transaction.atomic():
        for agency, count in ((mine, cases), (other, cases // 2)):
            for start in range(0, count, BATCH):
                rows, answers = [], []
                for i in range(start, min(count, start + BATCH)):
                    year = YEARS[i % len(YEARS)]
                    serial[(agency.pk, year)] = serial.get((agency.pk, year), 0) + 1
                    assigned = dt.date(year, 1 + i % 12, 1 + i % 28)
                    due = assigned + dt.timedelta(days=90)
                    status = rng.choice(["registered", "assigned", "replied", "dissatisfied",
                                         "redo", "closed", "closed", "closed"])
                    rows.append(Proposal(
                        agency=agency, kind="deputy_suggestion" if i % 3 else "cppcc_proposal",
                        year=year, serial=serial[(agency.pk, year)], number=f"{i:07d}",
                        session=f"会议{year}", proposers="代表", subject=f"建议{i}",
                        lead_department=lead if agency is mine else None, status=status,
                        registered_on=assigned, assigned_on=assigned, due_on=due))
                created = Proposal.objects.bulk_create(rows, batch_size=BATCH)
                for p in created:
                    if p.status in ("registered", "assigned"):
                        continue
                    replied = p.due_on + dt.timedelta(days=rng.choice([-30, -10, -1, 5, 20]))
                    publish_by = replied + dt.timedelta(days=28)
                    published = replied + dt.timedelta(days=rng.choice([5, 20, 40])) \
                        if rng.random() < 0.8 else None
                    answers.append(ProposalReply(
                        proposal=p, round=1, due_on=p.due_on, replied_on=replied,
                        outcome=rng.choice("ABCD"), text="答复", publish_by=publish_by,
                        published_on=published, published_text="答复" if published else "",
                        satisfaction=rng.choice(["satisfied", "basically_satisfied",
                                                 "dissatisfied"])))
                    if rng.random() < 0.1:
                        answers.append(ProposalReply(
                            proposal=p, round=2, due_on=replied + dt.timedelta(days=90),
                            replied_on=replied + dt.timedelta(days=60), outcome="A",
                            text="答复", publish_by=replied + dt.timedelta(days=88)))
                ProposalReply.objects.bulk_create(answers, batch_size=BATCH)
        plan = WorkPlan.objects.create(agency=mine, year=2025, title="2025年工作要点",
                                       published_on=dt.date(2025, 3, 1))
        made = WorkPoint.objects.bulk_create(
            [WorkPoint(plan=plan, number=n + 1, title=f"要点{n + 1}") for n in range(points)])
        WorkTask.objects.bulk_create(
            [WorkTask(point=p, lead_department=lead, deadline=dt.date(2025, 1 + k % 12, 28),
                      measures="措施") for p in made for k in range(3)])
        PointProgress.objects.bulk_create(
            [PointProgress(point=p, published_on=dt.date(2025, 1 + k, 15),
                           status="done" if k == 5 and p.number % 2 else "in_progress",
                           percent=100 if k == 5 and p.number % 2 else 20 * k, progress="进展")
             for p in made for k in range(6)])
    print(f"bulk data: {cases:,} + {cases // 2:,} cases, {ProposalReply.objects.count():,} "
          f"answers, {points} plan points in {time.perf_counter() - started:.1f} s")
    return mine


def timed(fn, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples), max(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--points", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    if args.database_url and not pg_create(args.database_url):
        raise SystemExit("--database-url: the database exists; name a new one (it is created "
                         "for the run and dropped at the end)")
    print(f"proposals bench · {machine()}")
    print(f"database: {'PostgreSQL' if args.database_url else 'SQLite'}")
    with tempfile.TemporaryDirectory(prefix="gk-proposals-bench-") as data_dir:
        try:
            setup_django(data_dir, args.database_url or None)
            from django.db import connection
            from django.test import Client

            agency = bulk_data(args.cases, args.points)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            from gongkai.proposals import selectors
            from gongkai.workplans import selectors as plans

            summary = selectors.yearly_summary(agency_id=agency.pk, year=2025)  # type: ignore
            print(f"  2025: {summary.total:,} cases, {summary.replied:,} answers "
                  f"({summary.replied_late:,} late), {summary.published:,} published "
                  f"({summary.published_late:,} late)")
            p50, worst = timed(lambda: selectors.yearly_summary(
                agency_id=agency.pk, year=2025), args.runs)  # type: ignore[attr-defined]
            print(f"yearly summary (one agency, one year), {args.runs} runs: "
                  f"median {p50:,.0f} ms, max {worst:,.0f} ms")
            client = Client(SERVER_NAME="localhost")

            def ok(path: str, query: dict | None = None) -> None:
                response = client.get(path, query or {})
                if response.status_code != 200:
                    raise SystemExit(f"{path}: {response.status_code}")

            p50, worst = timed(lambda: ok("/api/v1/proposals", {"agency": "sfj", "year": 2025}),
                               args.runs)
            print(f"GET /api/v1/proposals?agency=&year= (first page of 20), {args.runs} runs: "
                  f"median {p50:,.0f} ms, max {worst:,.0f} ms")
            p50, worst = timed(lambda: ok("/sfj/proposals/summary/2025/"), args.runs)
            print(f"public summary page, {args.runs} runs: median {p50:,.0f} ms, "
                  f"max {worst:,.0f} ms")
            p50, worst = timed(lambda: plans.point_counts(
                agency_id=agency.pk, year=2025), args.runs)  # type: ignore[attr-defined]
            print(f"work plan point counts ({args.points} points, 3 tasks and 6 publications "
                  f"each), {args.runs} runs: median {p50:,.0f} ms, max {worst:,.0f} ms")
        finally:
            if args.database_url:
                from django.db import connections

                connections.close_all()
                pg_drop(args.database_url)


if __name__ == "__main__":
    main()
