"""Crash durability at a larger scale: applications submitted by several clients while
gunicorn and the task worker are SIGKILLed and restarted. Prints figures; exits 1 when an
acknowledged submission was lost or duplicated, a job did not complete, or a check failed.

Not a test (tests/durability/test_crash.py is the small one in ``make test``); both use
the driver in tests/durability/crash.py. Loopback only; the server runs with
GONGKAI_RATELIMIT=0 (every client shares one address).

    .venv/bin/python bench/crash.py --clients 8 --submissions 400 --kills 12
    .venv/bin/python bench/crash.py --database postgres \\
        --database-url postgres://postgres@127.0.0.1:5432/postgres

With ``--database postgres`` a fresh database is created next to the one the URL names
(the URL's database is only used to connect) and dropped at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path

from harness import PROJECT_DIR, machine, pg_create, pg_drop

sys.path.insert(0, str(PROJECT_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

from tests.durability import crash  # noqa: E402  (needs the project on sys.path)


@contextlib.contextmanager
def database(kind: str, url: str) -> Iterator[str | None]:
    if kind == "sqlite":
        yield None
        return
    parts = urllib.parse.urlsplit(url)
    fresh = urllib.parse.urlunsplit(
        (parts.scheme, parts.netloc, f"/gk_crash_{uuid.uuid4().hex[:8]}", "", ""))
    pg_create(fresh)
    try:
        yield fresh
    finally:
        pg_drop(fresh)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--submissions", type=int, default=400)
    parser.add_argument("--kills", type=int, default=12, help="web and worker, alternating")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--drain-timeout", type=float, default=600.0)
    args = parser.parse_args()
    print(f"crash durability: {args.clients} clients, {args.submissions} submissions, "
          f"{args.kills} kills, {args.database}, seed {args.seed}; {machine()}")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="gk-crash-") as tmp, \
            database(args.database, args.database_url) as url:
        report = crash.run(work=Path(tmp), database_url=url, clients=args.clients,
                           submissions=args.submissions, kills=args.kills, seed=args.seed,
                           web_workers=args.web_workers, drain_timeout=args.drain_timeout,
                           log=lambda line: print(f"  {line}", flush=True))
    print("\n".join(report.lines()))
    ok = (not report.lost and not report.duplicated and not report.wrong_case
          and not report.replay_mismatch and not report.unacknowledged
          and report.codes_missing == 0
          and set(report.tasks) == {"SUCCESSFUL"} and set(report.runs) == {"succeeded"}
          and report.cases_without_acknowledgement == 0 and report.audit_ok
          and report.integrity in {"", "ok"})
    print(f"chain verification: {'OK' if report.audit_ok else 'FAILED'}; "
          f"result: {'PASS' if ok else 'FAIL'} in {time.monotonic() - started:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
