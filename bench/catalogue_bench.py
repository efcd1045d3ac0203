"""Catalogue benchmark: the public list and record pages over a large catalogue. Prints figures.

Not a test. It builds a throw-away data dir (migrate, ``gongkai demo``, then
``gongkai demo --records N`` for N synthetic public records of 上海市司法局, timed), starts
``gongkai serve --no-worker`` on a free loopback port and measures the seed notice's
record page (``/sfj/disclosure/records/<id>/``, found through its index number), the
catalogue list ``/sfj/disclosure/`` and a deep page of it: the median of five requests
one after another (the page's own cost), then Debian's ``wrk`` (requests/s, 50 %/99 %
latencies). Before each measurement the server is left to finish what the previous run
queued. Then it stops the server.

    .venv/bin/python bench/catalogue_bench.py                     # 1,000,000 records, SQLite
    .venv/bin/python bench/catalogue_bench.py --records 100000
    .venv/bin/python bench/catalogue_bench.py --records 100000 \\
        --database-url postgres://postgres@127.0.0.1:5432/gongkai_catbench

With a PostgreSQL URL the database is created when missing and dropped at the end (an
existing one is used and left alone). Everything stays on loopback; every step has a
time limit.
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
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from harness import (
    PROJECT_DIR,
    free_port,
    gongkai_command,
    machine,
    pg_create,
    pg_drop,
    postgres_admin,
    stop,
    to_ms,
)

SEED_INDEX = "002420455M/2020-00035"
MAX_DURATION = 60  # seconds per wrk run
STEP_TIMEOUT = 600
START_TIMEOUT = 60
DRAIN_TIMEOUT = 300
SCRUBBED_ENV = {"DATABASE_URL", "REDIS_URL", "DEBUG", "GONGKAI_ENV", "GONGKAI_BIND",
                "GONGKAI_DATA_DIR", "GONGKAI_WEB_WORKERS", "PORT", "ALLOWED_HOSTS",
                "GONGKAI_BENCH_VIEWS"}


@dataclass
class Result:
    name: str
    path: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: str
    single_ms: float = 0.0


def database_size(url: str, data_dir: Path) -> str:
    if not url:
        size = sum(p.stat().st_size for p in data_dir.glob("gongkai.sqlite3*"))
    else:
        import psycopg

        with psycopg.connect(url.replace("postgres://", "postgresql://", 1),
                             connect_timeout=5) as conn:
            size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    return f"{size / 2**20:,.0f} MB"


def run_step(cmd: list[str], env: dict[str, str], timeout: int) -> tuple[float, str]:
    started = time.monotonic()
    result = subprocess.run(cmd, env=env, cwd=PROJECT_DIR, capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return time.monotonic() - started, result.stdout


def fetch(url: str, timeout: float = 10) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # loopback only
        return response.status, response.geturl(), response.read().decode("utf-8", "replace")


def wait_ready(base: str, proc: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            if fetch(f"{base}/healthz", timeout=2)[0] == 200:
                return
        except (OSError, urllib.error.URLError):
            pass
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}:\n"
                             + log_path.read_text(errors="replace")[-3000:])
        if time.monotonic() > deadline:
            raise SystemExit(f"/healthz did not answer within {START_TIMEOUT}s")
        time.sleep(0.3)


def drain(base: str) -> None:
    """Wait until the workers are idle again: sync workers still serve the requests a wrk
    run left queued when it stopped, and they would eat into the next run."""
    deadline = time.monotonic() + DRAIN_TIMEOUT
    while time.monotonic() < deadline:
        try:
            started = time.monotonic()
            fetch(f"{base}/healthz", timeout=DRAIN_TIMEOUT)
            if time.monotonic() - started < 0.5:
                return
        except (OSError, urllib.error.URLError):
            time.sleep(1)
    raise SystemExit(f"the server did not become idle within {DRAIN_TIMEOUT}s")


def single_request_ms(url: str, times: int = 5) -> float:
    """The median time of ``times`` requests one after another: the page's own cost."""
    spent = []
    for _ in range(times):
        started = time.monotonic()
        fetch(url, timeout=DRAIN_TIMEOUT)
        spent.append((time.monotonic() - started) * 1000)
    return sorted(spent)[len(spent) // 2]


NITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def run_wrk(args: argparse.Namespace, url: str, duration: int) -> str:
    cmd = [args.wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{duration}s",
           f"--timeout={args.timeout}s", "--latency", url]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 30)
    if result.returncode != 0:
        raise SystemExit(f"wrk failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def parse_wrk(name: str, path: str, output: str) -> Result:
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    total = re.search(r"^\s+(\d+) requests in", output, re.M)
    if not (rps and p50 and p99 and total):
        raise SystemExit(f"could not read wrk's output:\n{output}")
    problems = [] if int(total[1]) else ["no request completed within the run"]
    if non2xx := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        problems.append(f"{non2xx[1]} non-2xx")
    if sockets := re.search(r"Socket errors:(.*)", output):
        problems.append("socket errors:" + sockets[1].strip())
    return Result(name, path, float(rps[1]), to_ms(p50[1]), to_ms(p99[1]), int(total[1]),
                  "; ".join(problems))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000,
                        help="synthetic records to generate (default 1,000,000)")
    parser.add_argument("--database-url", default="",
                        help="a loopback postgres:// URL (created if missing, dropped at the "
                             "end); default: SQLite in the temporary data dir")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured seconds before each")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--timeout", type=int, default=30,
                        help="seconds before wrk counts a request as timed out (wrk's own "
                             "default, 2, hides slow pages)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--deep-page", type=int, default=200,
                        help="also measure this page of the list (0: skip)")
    parser.add_argument("--wrk", default=shutil.which("wrk") or "/usr/bin/wrk")
    args = parser.parse_args(argv)
    if args.records < 0:
        parser.error("--records must be zero or more")
    if not all(0 < v <= MAX_DURATION for v in (args.duration, args.timeout)) \
            or not 0 <= args.warmup <= MAX_DURATION:
        parser.error(f"--duration, --timeout and --warmup must stay within {MAX_DURATION} seconds")
    if not Path(args.wrk).exists():
        parser.error(f"wrk not found at {args.wrk}: apt-get install wrk")
    family = "postgresql" if args.database_url else "sqlite"
    if args.database_url:
        postgres_admin(args.database_url)

    load_before = os.getloadavg()[0]
    gongkai = gongkai_command()
    created_db = False
    proc: subprocess.Popen | None = None
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="gongkai-catbench-") as tmp:
        data_dir = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
        env.update(GONGKAI_ENV="development", GONGKAI_DATA_DIR=str(data_dir), LOG_LEVEL="WARNING")
        if args.database_url:
            env["DATABASE_URL"] = args.database_url
        try:
            if args.database_url:
                created_db = pg_create(args.database_url)
                if not created_db:
                    print("note: the database already existed; it is used and left in place",
                          file=sys.stderr)
            print(f"setting up in {data_dir} ({family}) …", file=sys.stderr)
            run_step([*gongkai, "migrate", "--noinput", "-v0"], env, STEP_TIMEOUT)
            demo_s, _ = run_step([*gongkai, "demo"], env, STEP_TIMEOUT)
            print(f"demo loaded in {demo_s:.1f}s; generating {args.records:,} records …",
                  file=sys.stderr)
            generate_s, output = run_step([*gongkai, "demo", "--records", str(args.records)], env,
                                          STEP_TIMEOUT + args.records // 250)
            rates = re.findall(r"synthetic records: [\d,]+/[\d,]+ \((\d+)s, ([\d,]+)/s\)", output)
            run_step([*gongkai, "collectstatic", "--noinput", "-v0"], env, STEP_TIMEOUT)
            size = database_size(args.database_url, data_dir)

            port = free_port()
            base = f"http://127.0.0.1:{port}"
            log_path = data_dir / "serve.log"
            with open(log_path, "w") as log:
                proc = subprocess.Popen(
                    [*gongkai, "serve", "--no-worker", "--bind", "127.0.0.1", "--port", str(port),
                     "--workers", str(args.workers)],
                    env=env, cwd=PROJECT_DIR, stdout=log, stderr=subprocess.STDOUT,
                    start_new_session=True)
            wait_ready(base, proc, log_path)
            status, final, body = fetch(f"{base}/sfj/disclosure/index/{SEED_INDEX}/")
            record_path = urllib.parse.urlsplit(final).path
            if status != 200 or SEED_INDEX not in body or "/records/" not in record_path:
                raise SystemExit(f"the seed notice's page was not found ({status} at {final})")
            # The record page first: a slow page's backlog must not land on a fast one.
            targets = [("record", record_path, SEED_INDEX), ("list", "/sfj/disclosure/", "沪司")]
            if args.deep_page:
                targets.append((f"list p.{args.deep_page}",
                                f"/sfj/disclosure/?page={args.deep_page}", "沪司"))
            for _name, path, expect in targets:
                # The first list request computes the facet counts (cached afterwards).
                status, _final, body = fetch(base + path, timeout=300)
                if status != 200 or expect not in body:
                    raise SystemExit(f"{path} answered {status} without {expect!r}")
            for name, path, _expect in targets:
                drain(base)
                single = single_request_ms(base + path)
                if args.warmup:
                    run_wrk(args, base + path, args.warmup)
                    drain(base)
                print(f"wrk {path} for {args.duration}s …", file=sys.stderr)
                result = parse_wrk(name, path, run_wrk(args, base + path, args.duration))
                result.single_ms = single
                results.append(result)
        finally:
            if proc is not None:
                stop(proc)
            if created_db:
                pg_drop(args.database_url)

    print()
    print(f"Gongkai catalogue benchmark — {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(f"machine:    {machine()}")
    print(f"load:       {load_before:.2f} (1-minute load average at the start)")
    print(f"database:   {family}, {size} after generation")
    print(f"demo:       {demo_s:.1f}s (about 500 records through the services)")
    rate = f", {rates[-1][1]} records/s" if rates else ""
    print(f"generation: {args.records:,} synthetic records in {generate_s:.1f}s "
          f"(whole command{rate})")
    print(f"server:     gunicorn --workers {args.workers} (sync); wrk -t{args.threads} "
          f"-c{args.connections} -d{args.duration}s --timeout {args.timeout}s --latency after "
          f"{args.warmup}s warm-up")
    print()
    print(f"{'page':<12}{'path':<32}{'single ms':>10}{'requests/s':>11}{'p50 ms':>9}{'p99 ms':>9}"
          f"{'requests':>9}  errors")
    for r in results:
        print(f"{r.name:<12}{r.path:<32}{r.single_ms:>10.1f}{r.rps:>11.1f}{r.p50_ms:>9.1f}"
              f"{r.p99_ms:>9.1f}{r.requests:>9}  {r.errors or '-'}")
    print()
    print("single ms: median of 5 requests one after another (the page's own cost); the other "
          "columns are wrk's.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
