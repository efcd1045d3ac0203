"""Start-up refuses bad settings with a message a person can act on (run in subprocesses,
since settings are read once per process)."""

import os
import subprocess
import sys

import pytest

SNIPPET = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
django.setup()
from django.test import Client
from django.conf import settings
print("OK", settings.DATABASES["default"]["ENGINE"])
if os.environ.get("PROBE_HEALTHZ"):
    r = Client().get("/healthz", HTTP_HOST="localhost")
    print("HEALTHZ", r.status_code)
    r = Client().get("/", HTTP_HOST="localhost")
    print("HOME", r.status_code, "服务暂时不可用" in r.content.decode())
"""


def run(tmp_path, **env):
    base = {k: v for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "SECRET_KEY", "GONGKAI_ENV", "DEBUG", "ALLOWED_HOSTS"}}
    base.update({"GONGKAI_DATA_DIR": str(tmp_path)}, **env)
    return subprocess.run([sys.executable, "-c", SNIPPET], env=base, capture_output=True,
                          text=True, timeout=60)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"GONGKAI_ENV": "production", "ALLOWED_HOSTS": "gk.example.gov.cn"},
         "SECRET_KEY is required"),
        ({"GONGKAI_ENV": "production", "SECRET_KEY": "x" * 50, "DEBUG": "1",
          "ALLOWED_HOSTS": "gk.example.gov.cn"}, "DEBUG must be off"),
        ({"GONGKAI_ENV": "production", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "*"},
         "ALLOWED_HOSTS"),
        ({"DATABASE_URL": "mysql://root@localhost/x"}, "scheme 'mysql' is not supported"),
        ({"DATABASE_URL": "postgres://localhost:5432"}, "names no database"),
        ({"DEBUG": "maybe"}, "not a boolean"),
        ({"GONGKAI_ENV": "staging"}, "GONGKAI_ENV='staging'"),
    ],
)
def test_invalid_settings_fail_fast_with_clear_message(tmp_path, env, message):
    result = run(tmp_path, **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_secret_key_is_generated_once_and_kept(tmp_path):
    assert run(tmp_path).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert run(tmp_path).returncode == 0
    assert (tmp_path / "secret_key").read_text() == key
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


def test_production_with_proper_settings_starts(tmp_path):
    result = run(tmp_path, GONGKAI_ENV="production", SECRET_KEY="k" * 50,
                 ALLOWED_HOSTS="gk.example.gov.cn")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_database_down_gives_503_not_500(tmp_path):
    result = run(tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:1/nothing",
                 PROBE_HEALTHZ="1")
    assert "HEALTHZ 503" in result.stdout, result.stderr
    assert "HOME 503 True" in result.stdout, result.stderr
