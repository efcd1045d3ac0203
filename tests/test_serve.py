"""`gongkai serve` (what `make run` ends with): gunicorn on IPv4 and IPv6 loopback, the
task worker and the scheduler, all stopped by Ctrl-C. Runs real processes."""

import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.live import free_port


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback only)
        return response.status, response.read().decode()


@pytest.fixture
def data_dir(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    env.update(GONGKAI_DATA_DIR=str(tmp_path), GONGKAI_ENV="development")
    for args in (["migrate", "-v0"], ["demo"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "-m", "gongkai", *args], env=env, check=True,
                       capture_output=True, timeout=300)
    return env


def test_serve_binds_ipv4_and_ipv6_and_stops_everything_on_ctrl_c(data_dir):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "gongkai", "serve", "--port", str(port)],
                            env=data_dir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    try:
        deadline = time.monotonic() + 120  # each web worker loads the Q&A encoder first
        while True:
            try:
                status, body = get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.3)
        assert status == 200
        status, body = get(f"http://127.0.0.1:{port}/")
        assert status == 200 and "上海市司法局" in body
        status, body = get(f"http://[::1]:{port}/sfj/")
        assert status == 200 and "上海市司法局" in body
        status, _ = get(f"http://127.0.0.1:{port}/static/portal/css/site.css")
        assert status == 200
        kids = children(proc.pid)
        assert len(kids) == 3  # gunicorn, db_worker, scheduler
    finally:
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, output
    assert "serve: stopped" in output
    time.sleep(0.5)
    assert [k for k in kids if alive(k)] == []
