"""``gongkai ensure_database`` (run by ``make run`` before ``migrate``): a PostgreSQL
database named in DATABASE_URL that does not exist yet is created instead of ending in a
psycopg traceback; SQLite needs nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from django.core.management import call_command
from django.db import connection


def _run(url: str, tmp_path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url, "GONGKAI_ENV": "test",
           "GONGKAI_DATA_DIR": str(tmp_path)}
    return subprocess.run([sys.executable, "-m", "gongkai", "ensure_database"], env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.django_db
def test_ensure_database_creates_a_missing_database(tmp_path, capsys):
    if connection.vendor != "postgresql":
        call_command("ensure_database")  # the SQLite file is made on first use
        assert capsys.readouterr().out == ""
        return
    import psycopg

    settings = connection.settings_dict
    name = f"gk_ensure_{uuid.uuid4().hex[:10]}"
    auth = settings["USER"] + (f":{settings['PASSWORD']}" if settings.get("PASSWORD") else "")
    url = f"postgres://{auth}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"
    params = connection.get_connection_params()
    params["dbname"] = "postgres"
    try:
        first = _run(url, tmp_path)
        assert first.returncode == 0, first.stderr
        assert f"Created PostgreSQL database '{name}'" in first.stdout
        with psycopg.connect(**{**params, "dbname": name}) as created:
            assert created.execute("SELECT current_database()").fetchone()[0] == name
        again = _run(url, tmp_path)
        assert again.returncode == 0 and again.stdout == ""
    finally:
        with psycopg.connect(**params, autocommit=True) as maintenance:
            maintenance.execute(f'DROP DATABASE IF EXISTS "{name}"')
