"""Subscriptions benchmark: matching one published record against N subscriptions (the
indexed query of ``subscriptions.matching``), building daily digests, and webhook delivery
throughput to a loopback receiver. Prints figures; not a test. PostgreSQL only (the
subscriptions are bulk-inserted with generate_series).

    .venv/bin/python bench/subscriptions_bench.py \\
        --database-url postgres://postgres@127.0.0.1:5432/gk_subs_bench \\
        --subscriptions 1000000 --digests 100000 --webhooks 300
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import PROJECT_DIR, machine, percentile, pg_create, pg_drop, setup_django  # noqa: E402

sys.path.insert(0, str(PROJECT_DIR))

WORDS = [f"词{i:04d}" for i in range(2000)]


def load(n: int) -> None:
    """N active subscriptions, each to one of 20 agencies (the scope) and a topic (half) or
    a keyword (the other half)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("""
            INSERT INTO subscriptions_subscription (email, frequency, via, webhook_url,
                webhook_secret, status, summary, kinds_count, failures, created_at)
            SELECT 'b' || g || '@example.org',
                   CASE WHEN g %% 10 = 0 THEN 'immediate' ELSE 'daily' END, 'email', '', '',
                   'active', 'bench', 1, 0, now()
            FROM generate_series(1, %s) g""", [n])
        cur.execute("""
            INSERT INTO subscriptions_criterion (subscription_id, kind, value, scope)
            SELECT id, CASE WHEN id %% 2 = 0 THEN 'topic' ELSE 'keyword' END,
                   CASE WHEN id %% 2 = 0 THEN (id %% 30 + 1)::text
                        ELSE '词' || lpad((id %% 2000)::text, 4, '0') END,
                   id %% 20 + 1
            FROM subscriptions_subscription""", [])
        cur.execute("ANALYZE subscriptions_subscription")
        cur.execute("ANALYZE subscriptions_criterion")


def bench_match(runs: int = 30) -> dict[str, float]:
    from gongkai.subscriptions.matching import matching_ids, record_keys

    times, found = [], []
    for i in range(runs):
        keys = record_keys(agency_id=i % 20 + 1, topic_id=i % 30 + 1, genre_id=3,
                           keywords=f"{WORDS[(i * 20 + i % 20) % 2000]} 律师",
                           title="关于印发《上海市司法局2026年政务公开工作要点》的通知")
        start = time.perf_counter()
        found.append(len(matching_ids(keys)))
        times.append((time.perf_counter() - start) * 1000)
    return {"p50_ms": round(percentile(times, 50), 1), "p99_ms": round(percentile(times, 99), 1),
            "matched_per_record": round(sum(found) / len(found))}


def bench_digests(n: int) -> dict[str, float]:
    """One event delivered to the first N daily subscriptions, then the morning run."""
    from django.db import connection
    from django.utils import timezone

    from gongkai.subscriptions import services
    from gongkai.subscriptions.models import Event

    event = Event.objects.create(source="bench", ref="digest", subject_key="bench",
                                 title="基准测试信息", url="/bench/", occurred_at=timezone.now())
    with connection.cursor() as cur:
        cur.execute("""UPDATE subscriptions_subscription SET status = 'paused'
                       WHERE frequency = 'daily' AND id > (
                         SELECT id FROM subscriptions_subscription WHERE frequency = 'daily'
                         ORDER BY id OFFSET %s LIMIT 1)""", [n])
        cur.execute("""INSERT INTO subscriptions_delivery (subscription_id, event_id, created_at,
                       batch) SELECT id, %s, now(), '' FROM subscriptions_subscription
                       WHERE frequency = 'daily' AND status = 'active'""", [event.pk])
    start = time.perf_counter()
    counts = services.digest_send()
    seconds = time.perf_counter() - start
    return {"digests": counts["digests"], "seconds": round(seconds, 1),
            "per_second": round(counts["digests"] / seconds, 1),
            "minutes_per_100k": round(100_000 / (counts["digests"] / seconds) / 60, 1)}


def bench_webhooks(n: int) -> dict[str, float]:
    from django.utils import timezone

    from gongkai.subscriptions import services
    from gongkai.subscriptions.models import Subscription, WebhookAttempt

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sub = Subscription.objects.create(
        email="hook@example.org", via="webhook", status="active", summary="bench",
        webhook_url=f"http://127.0.0.1:{server.server_port}/", webhook_secret="s" * 64)
    WebhookAttempt.objects.bulk_create([WebhookAttempt(
        subscription=sub, batch=f"b{i}", next_attempt_at=timezone.now(),
        payload={"type": "subscriptions.alert", "items": [{"title": f"信息{i}"}]})
        for i in range(n)])
    start = time.perf_counter()
    counts = services.webhook_send_due(subscription_id=sub.pk)
    seconds = time.perf_counter() - start
    server.shutdown()
    return {"delivered": counts["delivered"], "per_second": round(counts["delivered"] / seconds, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--subscriptions", type=int, default=1_000_000)
    parser.add_argument("--digests", type=int, default=100_000)
    parser.add_argument("--webhooks", type=int, default=300)
    args = parser.parse_args()
    created = pg_create(args.database_url)
    try:
        with tempfile.TemporaryDirectory() as data_dir:
            setup_django(data_dir, args.database_url)
            from django.conf import settings

            settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
            print(machine())
            start = time.perf_counter()
            load(args.subscriptions)
            print(f"loaded {args.subscriptions:,} subscriptions in "
                  f"{time.perf_counter() - start:.0f} s")
            print("match one record:", bench_match())
            print(f"daily digests ({args.digests:,}):", bench_digests(args.digests))
            print(f"webhooks ({args.webhooks}):", bench_webhooks(args.webhooks))
    finally:
        if created:
            pg_drop(args.database_url)


if __name__ == "__main__":
    main()
