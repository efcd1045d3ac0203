"""HTTP benchmark: the demo agency home against the cheapest Django view. Prints figures.

Not a test. It builds a throw-away data dir (migrate, demo, collectstatic), starts
``gongkai serve --no-worker`` on a free loopback port with ``GONGKAI_BENCH_VIEWS=1`` (which
mounts ``/bench/trivial``), runs Debian's ``wrk`` against ``/sfj/`` and ``/bench/trivial``,
prints requests/s and the 50%/99% latencies, and stops the server. The ratio home/trivial
says how much of the ceiling a real page keeps.

    .venv/bin/python bench/http_bench.py
    .venv/bin/python bench/http_bench.py \\
        --database-url postgres://postgres@127.0.0.1:5432/gongkai_bench

With a PostgreSQL URL the database is created when missing and dropped at the end.
Everything stays on loopback; every step has a time limit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import ipaddress
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

TARGETS = (("home", "/sfj/", "上海市司法局"), ("trivial", "/bench/trivial", "ok"))
MAX_DURATION = 60  # seconds per wrk run: the whole benchmark stays bounded
SETUP_TIMEOUT = 300
START_TIMEOUT = 60
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


@dataclass
class Result:
    name: str
    path: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: str


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_database_url(url: str) -> str:
    """Return the scheme family ("sqlite" or "postgres"); refuse anything off loopback."""
    scheme = url.split(":", 1)[0].lower()
    if scheme == "sqlite":
        return "sqlite"
    if scheme not in {"postgres", "postgresql", "pgsql"}:
        raise SystemExit(f"--database-url: only sqlite:// and postgres:// are supported, "
                         f"not {scheme!r}")
    parsed = urllib.parse.urlsplit(url)
    if not parsed.hostname or not is_loopback(parsed.hostname):
        raise SystemExit("--database-url: the benchmark only talks to loopback "
                         f"(127.0.0.1, ::1, localhost), not {parsed.hostname!r}")
    if not parsed.path.strip("/"):
        raise SystemExit("--database-url: name a database after the host, e.g. /gongkai_bench")
    return "postgres"


def child_env(data_dir: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "GONGKAI_ENV", "GONGKAI_BIND",
                        "GONGKAI_DATA_DIR", "GONGKAI_WEB_WORKERS", "PORT", "ALLOWED_HOSTS"}}
    env.update(GONGKAI_ENV="development", GONGKAI_DATA_DIR=str(data_dir),
               GONGKAI_BENCH_VIEWS="1", LOG_LEVEL="WARNING")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run_step(cmd: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(cmd, env=env, cwd=PROJECT_DIR, capture_output=True, text=True,
                            timeout=SETUP_TIMEOUT)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")


def fetch(url: str, timeout: float = 5) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # loopback only
        return response.status, response.read().decode("utf-8", "replace")


def wait_ready(base: str, proc: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            status, _ = fetch(f"{base}/healthz", timeout=2)
            if status == 200:
                return
        except (OSError, urllib.error.URLError):
            pass
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}:\n"
                             + log_path.read_text(errors="replace")[-3000:])
        if time.monotonic() > deadline:
            raise SystemExit(f"/healthz did not answer 200 within {START_TIMEOUT}s")
        time.sleep(0.3)


ATENCY_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse_wrk(output: str) -> tuple[float, float, float, int, str]:
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    total = re.search(r"^\s+(\d+) requests in", output, re.M)
    if not (rps and p50 and p99 and total):
        raise SystemExit(f"could not read wrk's output:\n{output}")
    problems = []
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if non2xx:
        problems.append(f"{non2xx.group(1)} non-2xx")
    sockets = re.search(r"Socket errors:(.*)", output)
    if sockets:
        problems.append("socket errors:" + sockets.group(1).strip())
    return (float(rps.group(1)), to_ms(p50.group(1)), to_ms(p99.group(1)),
            int(total.group(1)), "; ".join(problems))


def run_wrk(wrk: str, url: str, *, threads: int, connections: int, duration: int) -> str:
    cmd = [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 30)
    if result.returncode != 0:
        raise SystemExit(f"wrk failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="",
                        help="default: SQLite in the temporary data dir; or a loopback "
                             "postgres:// URL (created if missing, dropped at the end)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--warmup", type=int, default=2,
                        help="seconds of unmeasured load before each run (0: none)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--wrk", default=shutil.which("wrk") or "/usr/bin/wrk")
    args = parser.parse_args(argv)

    if not 1 <= args.duration <= MAX_DURATION or not 0 <= args.warmup <= MAX_DURATION:
        parser.error(f"--duration and --warmup must stay within {MAX_DURATION} seconds")
    if not Path(args.wrk).exists():
        parser.error(f"wrk not found at {args.wrk}: apt-get install wrk")
    family = check_database_url(args.database_url) if args.database_url else "sqlite"

    load_before = os.getloadavg()[0]
    gongkai = gongkai_command()
    created_db = False
    proc: subprocess.Popen | None = None
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as tmp:
        data_dir = Path(tmp)
        try:
            if family == "postgres":
                created_db = pg_create(args.database_url)
                if not created_db:
                    print(f"note: database {postgres_admin(args.database_url)[1]} already "
                          "existed; it is used as is and left in place", file=sys.stderr)
            env = child_env(data_dir, args.database_url)
            print(f"setting up in {data_dir} ({family}) …", file=sys.stderr)
            for step in (["migrate", "--noinput", "-v0"], ["demo"],
                         ["collectstatic", "--noinput", "-v0"]):
                run_step([*gongkai, *step], env)

            port = free_port()
            base = f"http://127.0.0.1:{port}"
            log_path = data_dir / "serve.log"
            with open(log_path, "w") as log:
                proc = subprocess.Popen(
                    [*gongkai, "serve", "--no-worker", "--bind", "127.0.0.1",
                     "--port", str(port), "--workers", str(args.workers)],
                    env=env, cwd=PROJECT_DIR, stdout=log, stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            wait_ready(base, proc, log_path)
            for _name, path, expect in TARGETS:
                try:
                    status, body = fetch(base + path)
                except urllib.error.HTTPError as exc:
                    status, body = exc.code, ""
                if status != 200 or expect not in body:
                    raise SystemExit(f"{path} answered {status} without {expect!r}; server log:\n"
                                     + log_path.read_text(errors="replace")[-3000:])

            results = []
            for name, path, _expect in TARGETS:
                if args.warmup:
                    run_wrk(args.wrk, base + path, threads=args.threads,
                            connections=args.connections, duration=args.warmup)
                print(f"wrk {path} for {args.duration}s …", file=sys.stderr)
                output = run_wrk(args.wrk, base + path, threads=args.threads,
                                 connections=args.connections, duration=args.duration)
                rps, p50, p99, total, errors = parse_wrk(output)
                results.append(Result(name, path, rps, p50, p99, total, errors))
        finally:
            if proc is not None:
                stop(proc)
            if created_db:
                pg_drop(args.database_url)

    print()
    print(f"Gongkai HTTP benchmark — {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(f"machine:  {machine()}")
    print(f"load:     {load_before:.2f} (1-minute load average at the start; other work on the "
          "machine lowers every figure)")
    print(f"database: {family}; gunicorn --workers {args.workers} (sync); "
          f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s --latency "
          f"(after {args.warmup}s warm-up)")
    print()
    print(f"{'page':<10}{'path':<17}{'requests/s':>12}{'p50 ms':>10}{'p99 ms':>10}"
          f"{'requests':>10}  errors")
    for r in results:
        print(f"{r.name:<10}{r.path:<17}{r.rps:>12.1f}{r.p50_ms:>10.2f}{r.p99_ms:>10.2f}"
              f"{r.requests:>10}  {r.errors or '-'}")
    home, trivial = results
    print()
    print(f"home/trivial: {home.rps / trivial.rps:.2f} of the requests/s, "
          f"p50 ×{home.p50_ms / trivial.p50_ms:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
