"""Real processes for the tests that need a running server: a data directory of its own,
a database of its own (a fresh PostgreSQL database when the suite runs on PostgreSQL, a
SQLite file otherwise), gunicorn and the task worker started and stopped by the test.

The fuzz, crash-durability and serve tests use these; each server gets its own port.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def suite_uses_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def _admin_url() -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgresql://{user}@{host}:{port}/postgres"


@contextlib.contextmanager
def live_database() -> Iterator[str | None]:
    """A DATABASE_URL for a fresh, empty PostgreSQL database (dropped afterwards) when the
    suite runs on PostgreSQL; None (the data directory's SQLite file) otherwise."""
    if not suite_uses_postgres():
        yield None
        return
    with fresh_postgres_database(_admin_url(), "gk_live") as url:
        yield url


@contextlib.contextmanager
def fresh_postgres_database(admin_url: str, prefix: str) -> Iterator[str]:
    """The URL of a new database ``<prefix>_<random>`` on the server of ``admin_url``,
    dropped (connections and all) afterwards."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(data_dir: Path, database_url: str | None, **extra: str) -> dict[str, str]:
    """The environment of a server process: its own data directory and database."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "GONGKAI_ENV"}}
    # Loading Q&A's encoder in every web worker costs seconds of CPU per start; only the
    # tests about start-up readiness ask for it (``GONGKAI_QA_WARM_UP="1"`` in ``extra``).
    env.update(GONGKAI_DATA_DIR=str(data_dir), GONGKAI_ENV="development", GONGKAI_QA_WARM_UP="0")
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(extra)
    return env


def gongkai(env: dict[str, str], *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run ``gongkai ARGS`` in that environment; raise with its output if it fails."""
    result = subprocess.run([sys.executable, "-m", "gongkai", *args], env=env,
                            capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise AssertionError(f"gongkai {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def prepare(env: dict[str, str], *, demo: bool) -> None:
    """Migrate (and load the demo data) as ``make run`` does."""
    gongkai(env, "migrate", "--noinput", "-v0")
    if demo:
        gongkai(env, "demo")


def start_web(env: dict[str, str], port: int, *, workers: int = 2,
              log: Path | None = None) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:port, as ``gongkai serve`` starts it."""
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 (owned by the process)
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "gongkai.wsgi:application", "-b", f"127.0.0.1:{port}",
         "--workers", str(workers), "--timeout", "60", "--graceful-timeout", "5"],
        env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def start_worker(env: dict[str, str], *, log: Path | None = None) -> subprocess.Popen:
    """The background task worker (django-tasks-db), as ``gongkai serve`` starts it."""
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
    return subprocess.Popen([sys.executable, "-m", "gongkai", "db_worker", "--no-reload"],
                            env=env, stdout=out, stderr=subprocess.STDOUT,
                            start_new_session=True)


def wait_http(url: str, *, timeout: float = 60, proc: subprocess.Popen | None = None) -> None:
    """Wait until ``url`` answers (any HTTP status) or fail."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).close()  # noqa: S310 (loopback only)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            if proc is not None and proc.poll() is not None:
                raise AssertionError(f"the server exited with {proc.returncode}") from None
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def kill_group(proc: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    """Send ``sig`` to the process and everything it started (gunicorn's workers too)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=15)


def stop(proc: subprocess.Popen) -> None:
    """Stop gracefully (SIGTERM), then SIGKILL whatever is left."""
    if proc.poll() is None:
        kill_group(proc, signal.SIGTERM)
    kill_group(proc, signal.SIGKILL)
