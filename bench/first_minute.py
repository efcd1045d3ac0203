"""How soon is a fresh demo usable? Figures, not a test (bench/README.md).

Starts the demo as ``make run`` does (``migrate``, ``collectstatic``, ``demo``, ``serve``)
(collectstatic beside the demo, as the Makefile runs them) in a fresh data directory on
its own port on 127.0.0.1, waits for ``/healthz``, then at
once asks a law search (``/api/v1/search?q=律师执业&kind=law_article``, which must find
something) and a Q&A question, and prints the seconds from the start of ``migrate`` to:
healthz, the first law hit, the first Q&A answer; plus each step's own time and the CPU
seconds of the set-up steps (wall times on a shared machine vary with its load). With
``--poll`` it keeps asking the search until it has a hit (how long a user would wait when
the first answer is empty), up to ``--timeout`` seconds.

    .venv/bin/python bench/first_minute.py
    .venv/bin/python bench/first_minute.py --database-url postgres://postgres@127.0.0.1:5432/gk_first
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

LAW_QUERY = "/api/v1/search?q=" + urllib.parse.quote("律师执业") + "&kind=law_article"
QA_QUESTION = "申请法律援助需要什么条件"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url: str, timeout: float = 60) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback)
            return response.status, json.loads(response.read().decode() or "{}")
    except urllib.error.HTTPError as exc:
        return exc.code, {}


def start_step(env: dict[str, str], *args: str) -> subprocess.Popen:
    """Output to a log file in the data dir (a pipe nobody reads would fill and stall it)."""
    log = (Path(env["GONGKAI_DATA_DIR"]) / f"{args[0]}.log").open("wb")
    return subprocess.Popen([sys.executable, "-m", "gongkai", *args], env=env,
                            stdout=log, stderr=subprocess.STDOUT)


def finish_step(proc: subprocess.Popen, started: float) -> float:
    proc.wait(timeout=900)
    if proc.returncode:
        raise SystemExit(f"gongkai {proc.args[3]} failed (exit {proc.returncode}); "
                         "see <data dir>/<step>.log (run with --keep)")
    return time.monotonic() - started


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="", help="postgres://… on loopback (default: SQLite)")
    parser.add_argument("--poll", action="store_true", help="keep asking the search until it finds")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--keep", action="store_true", help="keep the data dir")
    options = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="gk-first-minute-"))
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "GONGKAI_ENV"}}
    env.update(GONGKAI_DATA_DIR=str(data_dir), GONGKAI_ENV="development", PORT=str(port))
    if options.database_url:
        env["DATABASE_URL"] = options.database_url
    base = f"http://127.0.0.1:{port}"
    figures: dict[str, float] = {}
    server: subprocess.Popen | None = None
    t0 = time.monotonic()
    try:
        figures["migrate"] = finish_step(start_step(env, "migrate", "--noinput"), time.monotonic())
        # As the Makefile does: collectstatic beside the demo.
        started = time.monotonic()
        steps = {"collectstatic (beside the demo)":
                 start_step(env, "collectstatic", "--noinput", "--verbosity", "0"),
                 "demo": start_step(env, "demo")}
        running = dict(steps)
        while running:
            for name, proc in list(running.items()):
                if proc.poll() is not None:
                    figures[name] = finish_step(proc, started)
                    del running[name]
            time.sleep(0.2)
        figures["CPU of migrate, collectstatic and demo"] = children_cpu()
        started = time.monotonic()
        server = subprocess.Popen(
            [sys.executable, "-m", "gongkai", "serve", "--port", str(port), "--bind", "127.0.0.1"],
            env=env, stdout=(data_dir / "serve.log").open("wb"), stderr=subprocess.STDOUT,
            start_new_session=True)
        while True:
            try:
                status, _ = get_json(base + "/healthz", timeout=5)
                if status == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None:
                print(f"serve exited with {server.returncode}; see {data_dir / 'serve.log'}")
                return 1
            if time.monotonic() - t0 > options.timeout:
                print("no /healthz within the timeout")
                return 1
            time.sleep(0.2)
        figures["serve → healthz"] = time.monotonic() - started
        figures["TOTAL migrate start → healthz"] = time.monotonic() - t0
        first_total = None
        while True:
            ask = time.monotonic()
            status, body = get_json(base + LAW_QUERY)
            total = int(body.get("total", 0)) if status == 200 else 0
            if first_total is None:
                first_total = total
                figures["first law search request"] = time.monotonic() - ask
            if total > 0 or not options.poll or time.monotonic() - t0 > options.timeout:
                break
            time.sleep(2)
        figures["TOTAL migrate start → first law hit" if total > 0
                else "TOTAL migrate start → (no law hit)"] = time.monotonic() - t0
        ask = time.monotonic()
        status, answer = get_json(base + "/api/v1/qa?q=" + urllib.parse.quote(QA_QUESTION))
        figures["first Q&A request"] = time.monotonic() - ask
        figures["TOTAL migrate start → first Q&A answer"] = time.monotonic() - t0
        # A record PDF right away: ~460 are queued for pre-rendering at bulk priority, so
        # this one is rendered on demand by the request (or 202 if another render runs).
        _, listing = get_json(base + "/api/v1/records?agency=sfj&page_size=50")
        items = listing.get("results") or []
        pdf_status = None
        if items:
            ask = time.monotonic()
            try:
                with urllib.request.urlopen(  # noqa: S310 (loopback)
                        f"{base}/api/v1/records/{items[-1]['id']}/pdf", timeout=60) as response:
                    response.read()
                    pdf_status = response.status
            except urllib.error.HTTPError as exc:
                pdf_status = exc.code
            figures[f"record PDF right after healthz (HTTP {pdf_status})"] = time.monotonic() - ask
        best = (answer.get("answers") or [{}])[0]
        print(f"law search right after healthz: total={first_total}; final total={total}")
        print(f"Q&A {QA_QUESTION!r}: HTTP {status}, confident={answer.get('confident')}, "
              f"best={best.get('source', {}).get('title')!r} {best.get('source', {}).get('article')}")
        for name, seconds in figures.items():
            print(f"{name:42s} {seconds:7.1f} s")
        return 0 if total > 0 and status == 200 and answer.get("answers") else 1
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        if not options.keep:
            import shutil

            shutil.rmtree(data_dir, ignore_errors=True)
        else:
            print(f"data dir kept: {data_dir}")


if __name__ == "__main__":
    sys.exit(main())
