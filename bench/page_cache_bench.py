"""Page-cache benchmark (issue 24, ADR 0028): cached public pages against the cheapest view.

Not a test. One throw-away data dir (migrate, demo, collectstatic), one ``gongkai serve
--no-worker`` on a free loopback port, and Debian's ``wrk`` against, in turn:

- ``/bench/trivial`` — the cheapest Django response (the ceiling);
- the agency home, a record page and the catalogue list, served from the page cache;
- another record page, kept out of the cache (``GONGKAI_PAGE_CACHE_EXCLUDE``), so the same
  gunicorn shows what an uncached page costs.

It prints requests/s, p50/p99 and each page's ratio to the trivial view next to the issue's
target (home ≥ 0.5, record ≥ 0.5, list ≥ 0.3, uncached record ≥ 0.2). wrk sends no cookies,
so every request is a first visit: the page gets a fresh CSRF token and cookie.

    .venv/bin/python bench/page_cache_bench.py               # pages in the file cache
    .venv/bin/python bench/page_cache_bench.py --redis       # a private redis-server
    .venv/bin/python bench/page_cache_bench.py \\
        --database-url postgres://postgres@127.0.0.1:5432/gongkai_bench
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import PROJECT_DIR, free_port, gongkai_command, machine, pg_create, pg_drop, stop
from http_bench import (
    MAX_DURATION,
    check_database_url,
    child_env,
    fetch,
    parse_wrk,
    run_step,
    run_wrk,
    wait_ready,
)

TARGETS = {"home": 0.5, "record": 0.5, "list": 0.3, "uncached record": 0.2}


def record_paths(base: str) -> list[str]:
    _status, body = fetch(base + "/sfj/disclosure/")
    paths = list(dict.fromkeys(re.findall(r'href="(/sfj/disclosure/records/\d+/)"', body)))
    if len(paths) < 2:
        raise SystemExit("the demo catalogue list shows fewer than two records")
    return paths[:2]


def start_redis(port: int) -> subprocess.Popen:
    redis = shutil.which("redis-server")
    if not redis:
        raise SystemExit("--redis: redis-server not found (apt-get install redis-server)")
    proc = subprocess.Popen([redis, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                             "--appendonly", "no"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(0.5)
    return proc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--redis", action="store_true", help="pages in a private redis-server")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--wrk", default=shutil.which("wrk") or "/usr/bin/wrk")
    parser.add_argument("--data-dir", default="",
                        help="reuse a data dir already migrated with the demo loaded (SQLite; "
                             "setting up takes minutes on a busy machine)")
    args = parser.parse_args(argv)
    if not 1 <= args.duration <= MAX_DURATION or not 0 <= args.warmup <= MAX_DURATION:
        parser.error(f"--duration and --warmup must stay within {MAX_DURATION} seconds")
    family = check_database_url(args.database_url) if args.database_url else "sqlite"

    load_before = os.getloadavg()[0]
    gongkai = gongkai_command()
    created_db = False
    proc = redis = None
    rows: list[tuple[str, str, float, float, float, str]] = []
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as tmp:
        data_dir = Path(args.data_dir or tmp)
        try:
            if family == "postgres":
                created_db = pg_create(args.database_url)
            env = child_env(data_dir, args.database_url)
            if args.redis:
                redis_port = free_port()
                redis = start_redis(redis_port)
                env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
            print(f"setting up in {data_dir} ({family}) …", file=sys.stderr)
            for step in (["migrate", "--noinput", "-v0"], ["demo"],
                         ["collectstatic", "--noinput", "-v0"]):
                if not args.data_dir:
                    run_step([*gongkai, *step], env)

            port = free_port()
            base = f"http://127.0.0.1:{port}"
            log_path = Path(tmp) / "serve.log"

            def serve(extra: dict[str, str]) -> subprocess.Popen:
                with open(log_path, "w") as log:
                    started = subprocess.Popen(
                        [*gongkai, "serve", "--no-worker", "--bind", "127.0.0.1", "--port",
                         str(port), "--workers", str(args.workers)],
                        env={**env, **extra}, cwd=PROJECT_DIR, stdout=log,
                        stderr=subprocess.STDOUT, start_new_session=True)
                wait_ready(base, started, log_path)
                return started

            # First find two records, then serve with the second kept out of the cache.
            proc = serve({})
            cached, uncached = record_paths(base)
            stop(proc)
            proc = serve({"GONGKAI_PAGE_CACHE": "1",
                          "GONGKAI_PAGE_CACHE_EXCLUDE":
                              r"^/(staff|accounts|api|i18n|bench|healthz)(/|$)," + "^" + uncached})
            pages = [("trivial", "/bench/trivial"), ("home", "/sfj/"), ("record", cached),
                     ("list", "/sfj/disclosure/"), ("uncached record", uncached)]
            for name, path in pages:
                if args.warmup:
                    run_wrk(args.wrk, base + path, threads=args.threads,
                            connections=args.connections, duration=args.warmup)
                print(f"wrk {path} for {args.duration}s …", file=sys.stderr)
                rps, p50, p99, _total, errors = parse_wrk(run_wrk(
                    args.wrk, base + path, threads=args.threads,
                    connections=args.connections, duration=args.duration))
                rows.append((name, path, rps, p50, p99, errors))
        finally:
            if proc is not None:
                stop(proc)
            if redis is not None:
                redis.terminate()
                redis.wait(timeout=10)
            if created_db:
                pg_drop(args.database_url)

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_DIR,
                            capture_output=True, text=True).stdout.strip()
    print()
    print(f"Gongkai page-cache benchmark — {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}"
          f", commit {commit or '?'}")
    print(f"machine:  {machine()}")
    print(f"load:     {load_before:.2f} at the start, {os.getloadavg()[0]:.2f} at the end "
          "(1-minute average; the machine is shared, other work lowers every figure)")
    print(f"database: {family}; pages in {'redis' if args.redis else 'the file cache'}; "
          f"gunicorn --workers {args.workers} (sync); wrk -t{args.threads} "
          f"-c{args.connections} -d{args.duration}s (after {args.warmup}s warm-up)")
    print()
    print(f"{'page':<17}{'requests/s':>11}{'p50 ms':>9}{'p99 ms':>9}{'ratio':>7}"
          f"{'target':>8}  path / errors")
    trivial = rows[0][2]
    for name, path, rps, p50, p99, errors in rows:
        target = TARGETS.get(name)
        mark = "" if target is None else f"≥{target:.1f} {'ok' if rps / trivial >= target else 'MISS'}"
        print(f"{name:<17}{rps:>11.1f}{p50:>9.2f}{p99:>9.2f}{rps / trivial:>7.2f}{mark:>8}  "
              f"{path} {errors or ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
