"""Interaction benchmark: mailbox submissions per second, the staff inbox over many cases
(p50/p95 of what the inbox page runs), and hotline order import (orders/s).
Prints figures; not a test.

Runs in-process against a throw-away database (a temporary SQLite file, or a PostgreSQL
database created for the run and dropped at the end):

1. submissions per second through ``POST /api/v1/messages`` with Django's test client
   (rate limiting off): validation, number, clock, event and audit rows;
2. the inbox: N messages bulk-created over two agencies (the officer sees one), then for
   each queue what the page runs: the first page of 50, the one-query counts of the open
   queues and the queue's own total, repeated; p50 and p95 in ms;
3. hotline import: M orders in the Open311 shape through ``hotline.import_orders`` (the
   same path as the API and the file import: validation, idempotency check, number,
   clock, event and audit per order), in batches of 5,000; orders per second.

    .venv/bin/python bench/interaction_bench.py                          # defaults
    .venv/bin/python bench/interaction_bench.py --cases 200000 --orders 100000
    .venv/bin/python bench/interaction_bench.py \\
        --database-url postgres://postgres@127.0.0.1:5432/gk_interaction_bench
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


def agencies() -> tuple[object, object, object]:
    from gongkai.core.models import Agency, Membership, Role, User

    mine = Agency.objects.create(slug="sfj", name="上海市司法局", short_name="市司法局",
                                 organisation_code="002420455M")
    other = Agency.objects.create(slug="xhsfj", name="上海市徐汇区司法局", short_name="徐汇区司法局",
                                  organisation_code="00242XH01A")
    officer = User.objects.create(username="bench-officer", email="o@example.org")
    Membership.objects.create(user=officer, role=Role.DISCLOSURE_OFFICER, agency=mine)
    admin = User.objects.create(username="bench-admin", email="a@example.org")
    Membership.objects.create(user=admin, role=Role.PLATFORM_ADMIN)
    return mine, other, officer


def bench_submit(count: int) -> float:
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    body = {"agency": "002420455M", "type": "consult", "name": "基准测试",
            "email": "bench@example.com", "publish_consent": True,
            "text": "请问律师执业证遗失后如何补办？需要准备哪些材料？"}
    start = time.perf_counter()
    for i in range(count):
        response = client.post("/api/v1/messages",
                               json.dumps({**body, "subject": f"基准测试来信标题第{i:06d}号"}),
                               content_type="application/json")
        assert response.status_code == 201, response.content
    return count / (time.perf_counter() - start)


def bulk_messages(n: int, mine: object, other: object, officer: object) -> None:
    from django.db import transaction

    from gongkai.interaction.models import Message

    rng = random.Random(7)
    today = dt.date(2026, 11, 27)
    statuses = (["closed"] * 70 + ["answered"] * 8 + ["received"] * 6 + ["routed"] * 8
                + ["waiting"] * 2 + ["reviewing"] * 2 + ["reopened"] * 1 + ["dismissed"] * 3)
    rows = []
    start = time.perf_counter()
    for i in range(n):
        received = today - dt.timedelta(days=rng.randrange(0, 700), hours=rng.randrange(0, 24))
        status = rng.choice(statuses)
        if received > today - dt.timedelta(days=20) and status == "closed":
            status = "routed"
        moment = dt.datetime.combine(received, dt.time(9), tzinfo=dt.UTC)
        rows.append(Message(
            agency=mine if i % 2 == 0 else other, channel="mailbox" if i % 3 else "hotline_12345",
            case_number=f"XX-{received.year}-{i:07d}", type=("consult", "complaint", "help")[i % 3],
            subject=f"基准测试来信{i}", text="基准测试内容", name="基准", received_at=moment,
            clock_start_on=received, limit_days=3, due_on=received + dt.timedelta(days=5),
            status=status, assignee=officer if i % 7 == 0 else None,
            answered_at=moment + dt.timedelta(days=2) if status in ("answered", "closed") else None,
            answered_in_time=True if status in ("answered", "closed") else None,
            external_id=f"B{i}" if i % 3 == 0 else ""))
        if len(rows) == 5000:
            with transaction.atomic():
                Message.objects.bulk_create(rows)
            rows = []
    if rows:
        with transaction.atomic():
            Message.objects.bulk_create(rows)
    print(f"  bulk-created {n:,} messages in {time.perf_counter() - start:.1f} s")


def bench_inbox(officer: object, runs: int, *, pages: tuple[int, ...] = (1,),
                client: object = None) -> dict[str, tuple[float, float, str]]:
    """Per queue, what the inbox page runs: the open queues' counts, the queue's page of 50
    (rows and bounded count). With ``client``, the whole page instead (view, template)."""
    from django.urls import reverse

    from gongkai.interaction import selectors

    today = dt.date(2026, 11, 27)
    out = {}
    for queue in selectors.QUEUE_KEYS:
        for number in pages:
            times, total = [], ""
            for _ in range(runs):
                start = time.perf_counter()
                if client is not None:
                    response = client.get(reverse("staff:interaction_inbox"),
                                          {"queue": queue, "page": number})
                    assert response.status_code == 200, response.status_code
                else:
                    counts = selectors.queue_counts(officer, today=today)
                    page = selectors.inbox_page(officer, queue, number, counts=counts)
                    rows = list(page.object_list)
                    assert len(rows) <= selectors.PER_PAGE
                    paginator = page.paginator
                    total = f"{paginator.total:,}" if paginator.total_exact else f"{paginator.count:,}+"
                times.append((time.perf_counter() - start) * 1000)
            out[f"{queue} p{number}"] = (statistics.median(times), percentile(times, 95), total)
    return out


def explain(officer: object) -> None:
    """The query plan of each queue's page and of the counts."""
    from django.db import connection

    from gongkai.interaction import selectors

    today = dt.date(2026, 11, 27)
    counts = selectors.queue_counts(officer, today=today)
    for queue in (*selectors.QUEUE_KEYS, "counts"):
        if queue == "counts":
            queryset = selectors.visible(officer).filter(selectors.IS_OPEN)
            sql, params = queryset.values("pk").query.sql_with_params()
        else:
            page = selectors.inbox_page(officer, queue, 1, counts=counts)
            sql, params = page.object_list.query.sql_with_params()
        prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql, params)
            plan = [str(row[-1]) for row in cursor.fetchall()]
        print(f"  {queue}: " + " | ".join(plan))


def bench_import(count: int) -> tuple[float, dict[str, int]]:
    from gongkai.core.models import User
    from gongkai.interaction import hotline

    admin = User.objects.get(username="bench-admin")
    rows = [{"service_request_id": f"BENCH-{i:07d}", "service_name": "噪音扰民",
             "description": f"基准测试工单{i}", "requested_datetime": "2026-11-02T09:00:00+08:00",
             "agency": "002420455M" if i % 2 else "xhsfj", "hotline": "12345"}
            for i in range(count)]
    totals = {"created": 0, "existing": 0, "errors": 0}
    start = time.perf_counter()
    for offset in range(0, count, hotline.MAX_ROWS):
        result = hotline.import_orders(actor=admin, rows=rows[offset:offset + hotline.MAX_ROWS])
        for key, value in result.summary().items():
            totals[key] += value
    return count / (time.perf_counter() - start), totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=30, help="repetitions per queue")
    parser.add_argument("--submissions", type=int, default=300)
    parser.add_argument("--orders", type=int, default=5_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--explain", action="store_true", help="print each queue's query plan")
    args = parser.parse_args()
    if args.database_url and not pg_create(args.database_url):
        raise SystemExit("--database-url: the database exists; name a new one (it is "
                         "created for the run and dropped at the end)")
    print(f"interaction bench · {machine()}")
    print(f"database: {'PostgreSQL' if args.database_url else 'SQLite'}")
    with tempfile.TemporaryDirectory(prefix="gk-interaction-bench-") as data_dir:
        try:
            setup_django(data_dir, args.database_url or None)
            from django.db import connection

            mine, other, officer = agencies()
            rate = bench_submit(args.submissions)
            print(f"mailbox submissions (POST /api/v1/messages, test client, "
                  f"{args.submissions}): {rate:,.1f}/s")
            bulk_messages(args.cases, mine, other, officer)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                        # What autovacuum does on a live database after a bulk load (the
                    # visibility map lets the counts read the index alone).
                    cursor.execute("VACUUM ANALYZE interaction_message")
            else:
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            if args.explain:
                print("query plans:")
                explain(officer)
            print(f"staff inbox over {args.cases:,} messages, the officer's agency (selectors: "
                  f"open queues' counts + page of 50 + bounded total), {args.runs} runs:")
            for queue, (p50, p95, total) in bench_inbox(officer, args.runs,
                                                        pages=(1, 40)).items():
                print(f"  {queue:<12} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   ({total} rows)")
            from django.test import Client

            client = Client()
            client.force_login(officer)
            print(f"the whole inbox page (GET /staff/interaction/?queue=…, test client: "
                  f"view, counts, template), {args.runs} runs:")
            for queue, (p50, p95, _total) in bench_inbox(officer, args.runs,
                                                         client=client).items():
                print(f"  {queue:<12} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms")
            rate, totals = bench_import(args.orders)
            print(f"hotline import ({args.orders:,} orders, batches of 5,000): {rate:,.1f} orders/s "
                  f"{totals}")
        finally:
            if args.database_url:
                from django.db import connections

                connections.close_all()
                pg_drop(args.database_url)


if __name__ == "__main__":
    main()
