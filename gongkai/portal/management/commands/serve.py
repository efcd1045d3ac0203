"""``gongkai serve``: the web server (gunicorn), the task worker and the scheduler together.

Ctrl-C (or SIGTERM) stops all three. Binds IPv4 and IPv6 loopback by default; set
GONGKAI_BIND (e.g. ``0.0.0.0,[::]``) to listen elsewhere.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand, CommandError


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise CommandError(f"{name}={raw!r} is not a whole number.") from exc
    if value <= 0:
        raise CommandError(f"{name}={raw!r} must be positive.")
    return value


def _binds(hosts: str, port: int) -> list[str]:
    args = []
    for host in [h.strip() for h in hosts.split(",") if h.strip()]:
        args += ["-b", f"{host}:{port}"]
    return args


class Command(BaseCommand):
    help = "Serve the portal with gunicorn and run the task worker and scheduler beside it."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=None, help="default: $PORT or 8000")
        parser.add_argument("--bind", default=os.environ.get("GONGKAI_BIND", "127.0.0.1,[::1]"))
        parser.add_argument("--workers", type=int, default=None,
                            help="default: $GONGKAI_WEB_WORKERS or 2")
        parser.add_argument("--no-worker", action="store_true", help="web server only")

    def handle(self, *args, port: int | None, bind: str, workers: int | None, no_worker: bool,
               **options):
        port = port or _env_int("PORT", 8000)
        workers = workers or _env_int("GONGKAI_WEB_WORKERS", 2)
        python = sys.executable
        commands = {
            "web": [python, "-m", "gunicorn", "gongkai.wsgi:application", *_binds(bind, port),
                    "--workers", str(workers), "--access-logfile", "-",
                    "--graceful-timeout", "10", "--timeout", "60"],
        }
        if not no_worker:
            commands["worker"] = [python, "-m", "gongkai", "db_worker", "--no-reload"]
            commands["scheduler"] = [python, "-m", "gongkai", "scheduler"]
        procs: dict[str, subprocess.Popen] = {}
        for name, cmd in commands.items():
            procs[name] = subprocess.Popen(cmd)  # noqa: S603 (our own interpreter and args)
            self.stdout.write(f"serve: started {name} (pid {procs[name].pid})")
        hosts = ", ".join(f"http://{h.strip()}:{port}/" for h in bind.split(","))
        self.stdout.write(self.style.SUCCESS(f"serve: portal at {hosts} — Ctrl-C stops all"))

        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        exit_code = 0
        while not stopping:
            for name, proc in procs.items():
                if proc.poll() is not None:
                    self.stderr.write(f"serve: {name} exited with {proc.returncode}; stopping")
                    exit_code = proc.returncode or 1
                    stopping = True
                    break
            time.sleep(0.5)
        for proc in procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for proc in procs.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
        self.stdout.write("serve: stopped")
        if exit_code:
            sys.exit(exit_code)
