"""API fuzzing (docs/hardening.md, "API fuzzing"): schemathesis over the live OpenAPI schema
of a real server. ``make fuzz`` runs the long form; tests/security/test_fuzz_api.py runs the
short form in ``make test`` with the same functions.

The server is gunicorn on loopback with a data directory and a database of its own
(SQLite, or ``--database postgres``: a fresh gk_fuzz_<random> database, dropped afterwards),
migrated and seeded (the demo agencies and accounts; ``--demo`` for all the demo content),
with a bearer token for the platform administrator so that every staff operation is reached.
Public operations are called anonymously, staff operations with the token (schemathesis
sends it only where the schema's security asks for BearerToken).

Checks: no 5xx, responses match the documented schema and content type, and only documented
status codes. Rate limits are off on the fuzz server (GONGKAI_RATELIMIT=0) so that the
handlers are reached; the 429 they answer otherwise is documented on each limited operation.

    .venv/bin/python bench/fuzz.py [--examples 200] [--database postgres] [--demo]
                                   [--phases examples,coverage,fuzzing,stateful]

Prints the operations, examples sent per operation, status codes seen and the failures,
each with a curl line to reproduce it; exits 1 when anything failed.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from tests import live  # noqa: E402 (needs the project on sys.path)

SCHEMA_PATH = "/api/v1/openapi.json"
CHECKS = ("not_a_server_error", "status_code_conformance", "response_schema_conformance",
          "content_type_conformance")
STAFF_USER = "admin"  # the demo platform administrator: reaches every staff operation
TOKEN_MARK = "GONGKAI_FUZZ_TOKEN="

# Run in the server's environment by ``gongkai shell -c``: the demo agencies, departments
# and one account per role (fast: no content), and a bearer token for STAFF_USER.
SEED = f"""
from gongkai.core.demo import load_demo
from gongkai.core.selectors import user_get_by_username
from gongkai.core.services import api_token_create
load_demo()
_token, secret = api_token_create(actor=None, user=user_get_by_username({STAFF_USER!r}),
                                  name="fuzz")
print({TOKEN_MARK!r} + secret)
"""

# schemathesis' configuration: the token goes only to operations whose security names the
# BearerToken scheme, so public operations are fuzzed as an anonymous client would call them.
CONFIG = """
[auth.openapi.BearerToken]
bearer = "${GONGKAI_FUZZ_TOKEN}"
"""


@dataclass
class Server:
    url: str
    token: str = field(repr=False)  # kept out of test reports and logs
    data_dir: Path
    proc: subprocess.Popen


@contextlib.contextmanager
def running_server(data_dir: Path, database_url: str | None, *,
                   demo: bool = False) -> Iterator[Server]:
    """Migrate and seed a fresh data directory and database, start gunicorn, yield it."""
    env = live.environment(data_dir, database_url, GONGKAI_RATELIMIT="0")
    live.prepare(env, demo=demo)
    seeded = live.gongkai(env, "shell", "-c", SEED).stdout
    token = next(line[len(TOKEN_MARK):] for line in seeded.splitlines()
                 if line.startswith(TOKEN_MARK))
    port = live.free_port()
    proc = live.start_web(env, port, log=data_dir / "web.log")
    try:
        url = f"http://127.0.0.1:{port}"
        live.wait_http(url + SCHEMA_PATH, proc=proc)
        yield Server(url=url, token=token, data_dir=data_dir, proc=proc)
    finally:
        live.stop(proc)


def postgres_database(admin_url: str) -> contextlib.AbstractContextManager[str]:
    """A fresh database gk_fuzz_<random> on the server of ``admin_url``, dropped afterwards."""
    return live.fresh_postgres_database(admin_url, "gk_fuzz")


@dataclass
class FuzzResult:
    returncode: int
    output: str
    seconds: float
    examples: int = 0
    per_operation: dict[str, collections.Counter] = field(default_factory=dict)
    failures: list[dict] = field(default_factory=list)
    operations_tested: int = 0

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.failures

    def failure_report(self, limit: int = 12000) -> str:
        """schemathesis' own account of each failure: operation, check, response and a curl
        line (and ``st replay ID``) to reproduce it."""
        text = self.output
        start = text.find("FAILURES")
        if start < 0:
            start = max(0, len(text) - limit)
        report = text[start:]
        return report if len(report) <= limit else report[:limit] + "\n[… truncated]"

    def table(self) -> str:
        """Requests per operation and the statuses they got; the coverage phase's probes with
        methods an operation does not have (all answered 405) are summed on one line."""
        lines = [f"{'operation':<72} {'examples':>8}  statuses"]
        probes = 0
        for label in sorted(self.per_operation):
            counts = self.per_operation[label]
            if set(counts) == {405}:
                probes += counts[405]
                continue
            statuses = " ".join(f"{code}×{n}" for code, n in sorted(counts.items(), key=str))
            lines.append(f"{label:<72} {sum(counts.values()):>8}  {statuses}")
        if probes:
            lines.append(f"{'unsupported methods (TRACE, QUERY, …: 405 expected)':<72} "
                         f"{probes:>8}  405×{probes}")
        return "\n".join(lines)


def st_command() -> list[str]:
    script = Path(sys.executable).parent / "st"
    return [str(script)] if script.exists() else [sys.executable, "-m", "schemathesis.cli"]


def fuzz(server: Server, *, examples: int, seed: int, phases: str, report_dir: Path,
         workers: int = 1, max_time: int | None = None) -> FuzzResult:
    """Run schemathesis against ``server``; deterministic for a given seed and data."""
    report_dir.mkdir(parents=True, exist_ok=True)
    config = report_dir / "schemathesis.toml"
    config.write_text(CONFIG, encoding="utf-8")
    command = [
        *st_command(), "--config-file", str(config), "run", server.url + SCHEMA_PATH,
        "--checks", ",".join(CHECKS), "--phases", phases,
        "--max-examples", str(examples), "--seed", str(seed),
        "--generation-database", "none", "--workers", str(workers),
        "--request-timeout", "30", "--report", "json,ndjson", "--report-dir", str(report_dir),
        "--no-color", "--output-truncate", "true",
    ]
    if max_time:
        command += ["--max-time", str(max_time)]
    env = {**os.environ, "GONGKAI_FUZZ_TOKEN": server.token, "COLUMNS": "100"}
    started = time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    result = FuzzResult(returncode=done.returncode, output=done.stdout + done.stderr,
                        seconds=time.monotonic() - started)
    _read_reports(result, report_dir)
    return result


def _read_reports(result: FuzzResult, report_dir: Path) -> None:
    for path in report_dir.glob("ndjson-*.ndjson"):
        for line in path.read_text(encoding="utf-8").splitlines():
            event = json.loads(line).get("ScenarioFinished")
            if not event:
                continue
            recorder = event.get("recorder", {})
            cases = recorder.get("cases", {})
            for case_id, interaction in recorder.get("interactions", {}).items():
                case = cases.get(case_id, {}).get("value", {})
                label = f"{case.get('method', '?')} {case.get('path', '?')}"
                response = interaction.get("response") or {}
                status = response.get("status_code", "error")
                result.per_operation.setdefault(label, collections.Counter())[status] += 1
                result.examples += 1
    for path in report_dir.glob("json-*.json"):
        report = json.loads(path.read_text(encoding="utf-8"))
        result.failures.extend(report.get("failures", []))
        result.operations_tested = report.get("operations", {}).get("tested", 0)


def load_schema(server: Server) -> dict:
    import urllib.request

    with urllib.request.urlopen(server.url + SCHEMA_PATH, timeout=30) as response:  # noqa: S310
        return json.load(response)


def operations(server: Server) -> tuple[list[str], list[str]]:
    """The schema's operations, split into public and staff (those asking for a token)."""
    public, staff = [], []
    for path, methods in load_schema(server)["paths"].items():
        for method, operation in methods.items():
            (staff if operation.get("security") else public).append(f"{method.upper()} {path}")
    return public, staff


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-admin", default=os.environ.get(
        "GONGKAI_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres"),
        help="a database URL with the right to create databases")
    parser.add_argument("--examples", type=int, default=200, help="examples per operation")
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--phases", default="examples,coverage,fuzzing,stateful")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--max-time", type=int, default=None, help="seconds, whole run")
    parser.add_argument("--demo", action="store_true", help="load all the demo content")
    parser.add_argument("--keep", action="store_true", help="keep the data dir and reports")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="gk-fuzz-"))
    database = (postgres_database(args.postgres_admin) if args.database == "postgres"
                else contextlib.nullcontext(None))
    started = time.monotonic()
    with database as database_url, running_server(work / "data", database_url,
                                                  demo=args.demo) as server:
        ready = time.monotonic() - started
        public, staff = operations(server)
        result = fuzz(server, examples=args.examples, seed=args.seed, phases=args.phases,
                      report_dir=work / "reports", workers=args.workers,
                      max_time=args.max_time)
    print(result.table())
    print()
    print(f"database: {args.database}; server ready in {ready:.0f} s; "
          f"fuzzing {result.seconds:.0f} s; seed {args.seed}; phases {args.phases}")
    print(f"operations: {len(public) + len(staff)} ({len(public)} public, {len(staff)} staff); "
          f"tested {result.operations_tested}; examples sent: {result.examples} "
          f"(max {args.examples} per operation and phase)")
    if result.failures:
        print(f"failures: {sum(f.get('count', 1) for f in result.failures)}")
        for failure in result.failures:
            print(f"  {failure.get('code')} {failure.get('title')} ×{failure.get('count')}: "
                  + ", ".join(failure.get("operations", [])))
        print()
        print(result.failure_report(limit=50000))
    else:
        print("failures: 0")
    if result.returncode not in (0, 1):
        print(result.output[-5000:])
    if args.keep:
        print(f"kept: {work}")
    else:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
