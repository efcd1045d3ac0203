"""What the benchmarks share: starting and stopping the server, PostgreSQL databases made
for a run, wrk's latency units, and a line describing the machine. Loopback only."""

from __future__ import annotations

import ipaddress
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import urllib.parse
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
STOP_TIMEOUT = 30
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def gongkai_command() -> list[str]:
    for script in (Path(sys.executable).parent / "gongkai", PROJECT_DIR / ".venv/bin/gongkai"):
        if script.exists():
            return [str(script)]
    return [sys.executable, "-m", "gongkai"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_admin(url: str) -> tuple[str, str]:
    """(maintenance URL, database name) for a loopback postgres:// URL; exits otherwise."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise SystemExit("--database-url: only postgres:// URLs (SQLite is the default)")
    host = (parsed.hostname or "").strip("[]")
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise SystemExit(f"--database-url: loopback hosts only, not {host!r}")
    name = urllib.parse.unquote(parsed.path.strip("/"))
    if not name:
        raise SystemExit("--database-url: name a database, e.g. /gongkai_bench")
    return urllib.parse.urlunsplit(("postgresql", parsed.netloc, "/postgres", "", "")), name


def pg_create(url: str) -> bool:
    """Create the database when missing; True if this run created it."""
    import psycopg
    from psycopg import sql

    admin, name = postgres_admin(url)
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


def pg_drop(url: str) -> None:
    import psycopg
    from psycopg import sql

    admin, name = postgres_admin(url)
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM to ``gongkai serve`` stops gunicorn too; kill our own group if it hangs."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the session the benchmark started
        proc.wait(timeout=10)


def to_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"unexpected latency {text!r}")
    return float(match[1]) * UNITS_MS[match[2]]


def machine() -> str:
    model = ""
    try:
        model = next((line.split(":", 1)[1].strip() for line in
                      Path("/proc/cpuinfo").read_text().splitlines()
                      if line.startswith("model name")), "")
    except OSError:
        pass
    return (f"{os.cpu_count()} cores{', ' + model if model else ''}, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}")


# The figures and set-up every in-process benchmark shares.


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def setup_django(data_dir: str, database_url: str | None) -> None:
    os.environ["GONGKAI_ENV"] = "test"
    os.environ["GONGKAI_DATA_DIR"] = data_dir
    os.environ["GONGKAI_RATELIMIT"] = "0"
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
