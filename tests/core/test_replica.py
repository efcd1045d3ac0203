"""Reads of the public from a streaming replica, read-your-writes on the primary (issue 24).

The first tests check the decision per request. The last one starts a real pair of
PostgreSQL clusters on loopback ports of their own — a throwaway primary and, made from it
with ``pg_basebackup -R``, a streaming replica (the machine's shared cluster does not admit
replication connections, and a test must not change its configuration) — runs Gongkai
against them in a separate process, pauses the replica's replay so it lags, and checks
that an anonymous visitor is served from the replica while the browser that just posted
is served from the primary.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from gongkai.core import replica

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(replica, "configured", lambda: True)


def _route(request) -> tuple[str, HttpResponse]:
    seen = {}

    def view(req):
        seen["alias"] = replica.ReplicaRouter().db_for_read(None)
        return HttpResponse("ok")

    response = replica.ReplicaReadsMiddleware(view)(request)
    return seen["alias"], response


def test_anonymous_page_views_read_the_replica_everything_else_the_primary(with_replica,
                                                                           settings):
    factory = RequestFactory()
    alias, response = _route(factory.get("/sfj/"))
    assert alias == "replica" and replica.PIN_COOKIE not in response.cookies
    signed_in = factory.get("/sfj/")
    signed_in.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    assert _route(signed_in)[0] == "default"
    alias, response = _route(factory.post("/sfj/applications/apply/"))
    assert alias == "default"
    pin = response.cookies[replica.PIN_COOKIE]
    assert pin["max-age"] == settings.GONGKAI_REPLICA_PIN_SECONDS and pin["httponly"]
    pinned = factory.get("/sfj/applications/status/")
    pinned.COOKIES[replica.PIN_COOKIE] = "1"
    assert _route(pinned)[0] == "default"
    # outside a request (jobs, commands, shells): the primary
    assert replica.ReplicaRouter().db_for_read(None) == "default"
    assert replica.ReplicaRouter().db_for_write(None) == "default"
    assert replica.ReplicaRouter().allow_migrate("replica", "core") is False


def test_without_a_replica_nothing_is_routed_or_pinned():
    alias, response = _route(RequestFactory().post("/sfj/applications/apply/"))
    assert alias == "default" and replica.PIN_COOKIE not in response.cookies


# --- a real primary and streaming replica ---------------------------------------------

BIN = Path(os.environ.get("GONGKAI_PG_BIN", "/usr/lib/postgresql/15/bin"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(args: list[str], **kwargs):
    """Run a PostgreSQL server program; as root it must run as the postgres user."""
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    run = subprocess.run(args, capture_output=True, text=True, timeout=120, **kwargs)
    assert run.returncode == 0, f"{args}: {run.stdout[-1500:]}{run.stderr[-1500:]}"
    return run


@pytest.fixture
def streaming_pair():
    # not under pytest's tmp_path: that is private to root, and the server runs as postgres
    base = Path(tempfile.mkdtemp(prefix="gk-replica-"))
    base.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
    primary, standby = base / "primary", base / "replica"
    p_port, r_port = _free_port(), _free_port()
    _as_postgres([str(BIN / "initdb"), "-D", str(primary), "-A", "trust", "-U", "postgres",
                  "--no-sync", "-E", "UTF8", "--locale=C"])
    with open(primary / "postgresql.conf", "a") as conf:
        conf.write(f"port = {p_port}\nlisten_addresses = '127.0.0.1'\n"
                   f"unix_socket_directories = '{base}'\nfsync = off\n"
                   "wal_level = replica\nmax_wal_senders = 4\n")
    started = []
    try:
        _as_postgres([str(BIN / "pg_ctl"), "-D", str(primary), "-l", str(base / "p.log"),
                      "-w", "start"])
        started.append(primary)
        _as_postgres([str(BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(p_port),
                      "-U", "postgres", "-D", str(standby), "-R", "-X", "stream"])
        with open(standby / "postgresql.conf", "a") as conf:
            conf.write(f"port = {r_port}\n")
        _as_postgres([str(BIN / "pg_ctl"), "-D", str(standby), "-l", str(base / "r.log"),
                      "-w", "start"])
        started.append(standby)
        _as_postgres([str(BIN / "psql"), "-h", "127.0.0.1", "-p", str(p_port), "-U",
                      "postgres", "-c", "CREATE DATABASE gk"])
        yield p_port, r_port
    finally:
        for cluster in reversed(started):
            _as_postgres([str(BIN / "pg_ctl"), "-D", str(cluster), "-m", "immediate", "stop"])
        shutil.rmtree(base, ignore_errors=True)


SCRIPT = r"""
import json, time
import django
django.setup()
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

call_command("migrate", verbosity=0, interactive=False)
from tests.factories import AgencyFactory
agency = AgencyFactory(slug="sfj", name="旧名称司法局")
out = {}
with connections["replica"].cursor() as cursor:
    cursor.execute("SELECT pg_is_in_recovery()")
    out["replica_in_recovery"] = cursor.fetchone()[0]
deadline = time.monotonic() + 30
while not type(agency).objects.using("replica").filter(slug="sfj").exists():
    assert time.monotonic() < deadline, "the replica never caught up"
    time.sleep(0.2)

def view(client, path):
    with CaptureQueriesContext(connections["default"]) as primary, \
            CaptureQueriesContext(connections["replica"]) as standby:
        html = client.get(path).content.decode()
    return {"primary": len(primary), "replica": len(standby), "new_name": "新名称司法局" in html,
            "old_name": "旧名称司法局" in html}

visitor, writer = Client(), Client()
out["anonymous"] = view(visitor, "/sfj/profile/")
# the replica stops replaying: from now on it lags behind the primary
with connections["replica"].cursor() as cursor:
    cursor.execute("SELECT pg_wal_replay_pause()")
writer.post("/i18n/setlang/", {"language": "zh-hans", "next": "/sfj/profile/"})
type(agency).objects.filter(pk=agency.pk).update(name="新名称司法局")
out["writer_after_post"] = view(writer, "/sfj/profile/")
out["anonymous_while_lagging"] = view(visitor, "/sfj/profile/")
with connections["replica"].cursor() as cursor:
    cursor.execute("SELECT pg_wal_replay_resume()")
deadline = time.monotonic() + 30
while not type(agency).objects.using("replica").filter(name="新名称司法局").exists():
    assert time.monotonic() < deadline, "the replica never caught up"
    time.sleep(0.2)
out["anonymous_caught_up"] = view(visitor, "/sfj/profile/")
print(json.dumps(out))
"""


@pytest.mark.replica
def test_a_real_streaming_replica_serves_visitors_and_the_writer_reads_its_write(
        streaming_pair, tmp_path):
    p_port, r_port = streaming_pair
    env = {**os.environ, "GONGKAI_ENV": "test", "GONGKAI_DATA_DIR": str(tmp_path / "data"),
           "DATABASE_URL": f"postgres://postgres@127.0.0.1:{p_port}/gk",
           "DATABASE_REPLICA_URL": f"postgres://postgres@127.0.0.1:{r_port}/gk",
           "DJANGO_SETTINGS_MODULE": "gongkai.settings"}
    run = subprocess.run([sys.executable, "-c", SCRIPT], cwd=PROJECT, env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["replica_in_recovery"] is True
    # an anonymous page view reads the replica only
    assert seen["anonymous"]["replica"] > 0 and seen["anonymous"]["primary"] == 0
    # the browser that posted reads the primary and sees the change at once…
    assert seen["writer_after_post"]["primary"] > 0 and seen["writer_after_post"]["replica"] == 0
    assert seen["writer_after_post"]["new_name"]
    # …while the lagging replica still serves the old name to everybody else
    assert seen["anonymous_while_lagging"]["old_name"]
    assert not seen["anonymous_while_lagging"]["new_name"]
    assert seen["anonymous_caught_up"]["new_name"]
