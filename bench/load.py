"""Load: a realistic mix of public, applicant and staff requests against ``gongkai serve``,
stepped up until p99 reaches 500 ms or errors appear. Prints figures; not a test.

It builds a throw-away data dir as ``make run`` does (migrate, ``gongkai demo``, optionally
``gongkai demo --records N``, collectstatic), rebuilds the search index, renders a few
record PDFs, lets the task worker drain the demo's queued work (bounded), then starts
``gongkai serve`` (gunicorn with ``--workers`` sync workers, the task worker and the
scheduler) on a free loopback port with ``GONGKAI_RATELIMIT=0``: every request comes
from 127.0.0.1, and the per-address limits (20 submissions and 60 status checks an hour)
would otherwise turn the test into a rate-limit test.

The load generator is in this file (ADR 0013): one thread per virtual user, each with its
own ``http.client`` connection, sending the next request as soon as the previous one is
answered (closed loop, no think time). Requests are drawn from ``MIX`` with a seeded RNG.
For each concurrency step it warms up, measures for ``--duration`` seconds and prints
requests/s, p50/p99 per route and overall, and errors (any status the route does not
expect, timeouts and socket errors) by route and kind. It stops at the first step whose
overall p99 is 500 ms or more or that has an error, and reports the highest step before
it.

    .venv/bin/python bench/load.py                                   # SQLite
    .venv/bin/python bench/load.py \\
        --database-url postgres://postgres@127.0.0.1:5432/gk_load_test  # created, dropped
    .venv/bin/python bench/load.py --duration 5 --steps 1,4 --drain-timeout 60   # quick

Everything stays on loopback; every setup step has a time limit; the server is stopped
and the data dir (and a database this run created) removed on exit, Ctrl-C included.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import itertools
import json
import math
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

from harness import (
    PROJECT_DIR,
    free_port,
    gongkai_command,
    machine,
    pg_create,
    pg_drop,
    postgres_admin,
    stop,
)

AGENCY = "sfj"
AGENCY_CODE = "002420455M"
OFFICER = ("officer", "gongkai-demo")  # demo accounts only (`gongkai demo`)
P99_LIMIT_MS = 500.0
REQUEST_TIMEOUT = 30.0  # a slow answer is measured, not dropped; slower is an error
SETUP_TIMEOUT = 900
START_TIMEOUT = 90
MAX_DURATION = 600
SCRUBBED_ENV = {"DATABASE_URL", "REDIS_URL", "DEBUG", "GONGKAI_ENV", "GONGKAI_BIND",
                "GONGKAI_DATA_DIR", "GONGKAI_WEB_WORKERS", "PORT", "ALLOWED_HOSTS",
                "GONGKAI_BENCH_VIEWS", "GONGKAI_RATELIMIT", "GONGKAI_TASKS_IMMEDIATE"}
DATA = Path(__file__).resolve().parent / "data"

# The Q&A embeddings the queued ``qa.embed_*`` jobs would compute (idempotent: those jobs
# then find nothing to do). Without them every question encodes its candidates live.
EMBED_SCRIPT = """
from gongkai.catalogue.models import Record
from gongkai.qa.embeddings import laws_embed, records_embed
ids = list(Record.objects.filter(is_public=True).values_list("pk", flat=True))
done = laws_embed()
for start in range(0, len(ids), 2000):
    done += records_embed(ids[start:start + 2000])
print(f"{done} embeddings computed")
"""

# Prints the targets of the mix as one JSON line: run inside ``gongkai shell -c``.
TARGETS_SCRIPT = """
import json
from gongkai.catalogue.models import Record
from gongkai.core.models import Agency
from gongkai.signing.models import PdfStatus, RecordPdf
agency = Agency.objects.get(slug=%(agency)r)
public = Record.objects.filter(agency=agency, is_public=True)
pdfs = RecordPdf.objects.filter(status=PdfStatus.READY,
                                version_id__in=public.values("current_version"))
print("LOAD-TARGETS " + json.dumps({
    "records": list(public.order_by("-published_on", "-pk").values_list("pk", flat=True)[:5000]),
    "public_count": public.count(),
    "pdfs": sorted(set(pdfs.values_list("record_id", flat=True)[:500])),
    "topics": sorted({t for t in public.values_list("current_version__topic__code", flat=True)
                      .distinct() if t}),
    "genres": sorted({g for g in public.values_list("current_version__genre__code", flat=True)
                      .distinct() if g}),
    "years": sorted({d.year for d in public.dates("published_on", "year")}),
}))
"""


# The mix ----------------------------------------------------------------------------------


@dataclass
class Targets:
    records: list[int]
    public_count: int
    pdfs: list[int]
    topics: list[str]
    genres: list[str]
    years: list[int]
    search_queries: list[str]
    qa_questions: list[str]
    token: str
    session_cookie: str = ""
    cases: list[tuple[str, str]] = field(default_factory=list)  # (case number, access code)
    cases_lock: threading.Lock = field(default_factory=threading.Lock)
    serial: itertools.count = field(default_factory=itertools.count)
    run_id: str = ""


@dataclass
class Request:
    method: str
    path: str
    expect: tuple[int, ...] = (200,)
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    on_answer: Callable[[int, bytes], None] | None = None
    route: str = ""  # set from MIX


def q(path: str, **params: object) -> str:
    return f"{path}?{urllib.parse.urlencode(params)}" if params else path


def _home(rng: random.Random, t: Targets) -> Request:
    return Request("GET", f"/{AGENCY}/")


def _catalogue(rng: random.Random, t: Targets) -> Request:
    """The list as people use it: the first page most, then filters and further pages."""
    base = f"/{AGENCY}/disclosure/"
    last_page = max(1, math.ceil(t.public_count / 20))
    roll = rng.random()
    if roll < 0.35:
        path = base
    elif roll < 0.55:
        path = q(base, page=rng.randint(2, max(2, min(last_page, 25))))
    elif roll < 0.70 and t.years:
        path = q(base, year=rng.choice(t.years))
    elif roll < 0.85 and t.topics:
        path = q(base, topic=rng.choice(t.topics))
    elif t.genres:
        path = q(base, genre=rng.choice(t.genres), page=rng.randint(1, 2))
    else:
        path = base
    return Request("GET", path)


def _record(rng: random.Random, t: Targets) -> Request:
    # Recent records are read more: a skewed pick over the newest-first list.
    index = min(len(t.records) - 1, int(rng.paretovariate(1.2)) - 1)
    return Request("GET", f"/{AGENCY}/disclosure/records/{t.records[index]}/")


def _pdf(rng: random.Random, t: Targets) -> Request:
    return Request("GET", f"/verify/records/{rng.choice(t.pdfs)}.pdf")


def _search(rng: random.Random, t: Targets) -> Request:
    params: dict[str, object] = {"q": rng.choice(t.search_queries)}
    if rng.random() < 0.15:
        params["page"] = 2
    if rng.random() < 0.1:
        params["sort"] = "date"
    return Request("GET", q(f"/{AGENCY}/search/", **params))


def _qa_page(rng: random.Random, t: Targets) -> Request:
    return Request("GET", q(f"/{AGENCY}/qa/", q=rng.choice(t.qa_questions)))


def _qa_api(rng: random.Random, t: Targets) -> Request:
    return Request("GET", q("/api/v1/qa", q=rng.choice(t.qa_questions),
                                       agency=AGENCY))


SURNAMES = "王李张刘陈杨赵黄周吴"


def _submit(rng: random.Random, t: Targets) -> Request:
    n = next(t.serial)
    body = {
        "agency": AGENCY_CODE,
        "applicant": {"type": "natural_person", "name": f"{rng.choice(SURNAMES)}测试{n}",
                      "id_type": "resident_id", "id_number": "11010519491231002X",
                      "phone": "13800000000", "email": f"load{n}@example.com"},
        "description": f"压力测试:请公开{rng.choice(t.search_queries)}的相关文件(第{n}号)",
        "delivery_form": "electronic", "receipt_method": "email",
    }

    def remember(status: int, raw: bytes) -> None:
        answer = json.loads(raw)
        with t.cases_lock:
            t.cases.append((answer["case_number"], answer["access_code"]))

    return Request("POST", "/api/v1/applications", expect=(201,),
                   body=json.dumps(body, ensure_ascii=False).encode(),
                   headers={"Content-Type": "application/json",
                            "Idempotency-Key": f"load-{t.run_id}-{n}"},
                   on_answer=remember)


def _status(rng: random.Random, t: Targets) -> Request:
    with t.cases_lock:
        case, code = rng.choice(t.cases)
    return Request("GET", f"/api/v1/applications/{case}",
                   headers={"X-Access-Code": code})


STAFF_QUEUES = ("open", "new", "due_soon", "overdue", "mine", "closed")


def _staff_page(rng: random.Random, t: Targets) -> Request:
    return Request("GET",
                   q("/staff/applications/", queue=rng.choice(STAFF_QUEUES)),
                   headers={"Cookie": t.session_cookie})


def _staff_api(rng: random.Random, t: Targets) -> Request:
    return Request("GET",
                   q("/api/v1/staff/applications", queue=rng.choice(STAFF_QUEUES)),
                   headers={"Authorization": f"Bearer {t.token}"})


# Weights per 100 requests: a public portal is read far more than it is written to, and
# the public far outnumbers staff.
MIX: list[tuple[str, Callable[[random.Random, Targets], Request], int]] = [
    ("home", _home, 12),
    ("catalogue list", _catalogue, 20),
    ("record page", _record, 20),
    ("record PDF", _pdf, 6),
    ("search", _search, 12),
    ("Q&A page", _qa_page, 6),
    ("Q&A API", _qa_api, 4),
    ("application status", _status, 6),
    ("application submit", _submit, 3),
    ("staff queue page", _staff_page, 7),
    ("staff queue API", _staff_api, 4),
]
ROUTES = [name for name, _build, _weight in MIX]
# Q&A runs two full-text searches per question: the slowest route by far. The summary also
# shows p99 without it, to tell "Q&A is slow" from "everything is slow".
QA_ROUTES = {"Q&A page", "Q&A API"}
WEIGHTS = [weight for _name, _build, weight in MIX]


# The generator ----------------------------------------------------------------------------


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)

    def merge(self, other: Tally) -> None:
        for route, values in other.latencies.items():
            self.latencies[route].extend(values)
        self.errors.update(other.errors)


class Client:
    """One virtual user: its own connection (reopened when gunicorn's sync worker closes it)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn: http.client.HTTPConnection | None = None

    def send(self, req: Request) -> tuple[int, bytes]:
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                                       timeout=REQUEST_TIMEOUT)
            try:
                self.conn.request(req.method, req.path, body=req.body,
                                  headers={"Accept-Language": "zh-CN", **req.headers})
                response = self.conn.getresponse()
                raw = response.read()
                if response.will_close:
                    self.close()
                return response.status, raw
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # A kept-alive connection the server had already closed: retry once, fresh.
                self.close()
                if attempt == 2 or req.method != "GET":
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def build(name: str, rng: random.Random, t: Targets) -> Request:
    req = next(b for n, b, _w in MIX if n == name)(rng, t)
    req.route = name
    return req


def pick(rng: random.Random, t: Targets) -> Request:
    return build(rng.choices(ROUTES, weights=WEIGHTS)[0], rng, t)


def user_loop(port: int, t: Targets, seed: int, until: float, tally: Tally) -> None:
    rng = random.Random(seed)
    client = Client(port)
    try:
        while time.monotonic() < until:
            req = pick(rng, t)
            started = time.perf_counter()
            try:
                status, raw = client.send(req)
            except TimeoutError:
                tally.errors[(req.route, "timeout")] += 1
                client.close()
                continue
            except OSError as exc:
                tally.errors[(req.route, type(exc).__name__)] += 1
                client.close()
                continue
            except http.client.HTTPException as exc:
                tally.errors[(req.route, type(exc).__name__)] += 1
                client.close()
                continue
            elapsed = (time.perf_counter() - started) * 1000
            tally.latencies[req.route].append(elapsed)
            if status not in req.expect:
                tally.errors[(req.route, f"HTTP {status}")] += 1
            elif req.on_answer is not None:
                try:
                    req.on_answer(status, raw)
                except (ValueError, KeyError):
                    tally.errors[(req.route, "bad body")] += 1
    finally:
        client.close()


@dataclass
class StepResult:
    concurrency: int
    seconds: float
    tally: Tally
    client_cpu: float
    load_avg: float
    backlog: int | None

    @property
    def all_latencies(self) -> list[float]:
        return [v for values in self.tally.latencies.values() for v in values]

    @property
    def latencies_without_qa(self) -> list[float]:
        return [v for route, values in self.tally.latencies.items()
                if route not in QA_ROUTES for v in values]

    @property
    def requests(self) -> int:
        return len(self.all_latencies)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def error_count(self) -> int:
        return sum(self.tally.errors.values())

    def passes(self, limit: float) -> bool:
        return self.error_count == 0 and self.requests > 0 and \
            percentile(self.all_latencies, 99) < limit


def percentile(values: list[float], p: float) -> float:
    """Nearest rank: the smallest value with at least p % of the values at or below it."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def run_load(port: int, t: Targets, concurrency: int, seconds: float, seed: int) -> Tally:
    until = time.monotonic() + seconds
    tallies = [Tally() for _ in range(concurrency)]
    threads = [threading.Thread(target=user_loop, args=(port, t, seed * 1000 + i, until,
                                                        tallies[i]), daemon=True)
               for i in range(concurrency)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(seconds + REQUEST_TIMEOUT * 3)
    total = Tally()
    for tally in tallies:
        total.merge(tally)
    return total


# Setup ------------------------------------------------------------------------------------


def child_env(data_dir: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
    env.update(GONGKAI_ENV="development", GONGKAI_DATA_DIR=str(data_dir), LOG_LEVEL="WARNING",
               GONGKAI_RATELIMIT="0")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run_gongkai(env: dict[str, str], *args: str, timeout: float = SETUP_TIMEOUT,
                label: str = "") -> str:
    cmd = [*gongkai_command(), *args]
    started = time.monotonic()
    result = subprocess.run(cmd, env=env, cwd=PROJECT_DIR, capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode != 0:
        raise SystemExit(f"gongkai {' '.join(args)} failed:\n{result.stdout[-3000:]}\n"
                         f"{result.stderr[-3000:]}")
    say(f"  {label or 'gongkai ' + ' '.join(args)}: {time.monotonic() - started:.1f}s")
    return result.stdout


def prepare(env: dict[str, str], args: argparse.Namespace) -> None:
    """As ``make run`` does, then the work the worker would do before anyone visits."""
    run_gongkai(env, "migrate", "--noinput", "-v0")
    run_gongkai(env, "demo")
    if args.records:
        run_gongkai(env, "demo", "--records", str(args.records),
                    timeout=600 + args.records * 0.004)
    run_gongkai(env, "collectstatic", "--noinput", "-v0")
    run_gongkai(env, "search", "rebuild")
    run_gongkai(env, "shell", "-c", EMBED_SCRIPT, label="Q&A embeddings")
    if args.pdfs:
        run_gongkai(env, "signing", "build-pdfs", "--limit", str(args.pdfs))
    if args.drain_timeout > 0:
        drain(env, args.drain_timeout)


def drain(env: dict[str, str], timeout: float) -> None:
    """Let the task worker do the demo's queued work (PDFs, embeddings, letters) as it would
    after ``make run``; stop it after ``timeout`` seconds and leave the rest queued."""
    started = time.monotonic()
    proc = subprocess.Popen([*gongkai_command(), "db_worker", "--batch", "--no-reload",
                             "--no-startup-delay", "-v0"], env=env, cwd=PROJECT_DIR,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        proc.wait(timeout=timeout)
        say(f"  db_worker --batch: queue drained in {time.monotonic() - started:.0f}s")
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGTERM)  # the worker this run started, its own session
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        say(f"  db_worker --batch: stopped after {timeout:.0f}s, the rest stays queued")


class Backlog:
    """Tasks waiting for the worker, read straight from the queue table."""

    def __init__(self, data_dir: Path, database_url: str) -> None:
        self.data_dir, self.database_url = data_dir, database_url

    def count(self) -> int | None:
        sql = "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'READY'"
        try:
            if self.database_url:
                import psycopg

                url = self.database_url.replace("postgres://", "postgresql://", 1)
                with psycopg.connect(url, connect_timeout=5) as conn:
                    return conn.execute(sql).fetchone()[0]
            path = next(self.data_dir.glob("*.sqlite3"))
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as conn:
                return conn.execute(sql).fetchone()[0]
        except Exception:  # noqa: BLE001 (a figure, never a reason to stop the run)
            return None


def load_queries() -> tuple[list[str], list[str]]:
    search = [item["query"] for item in
              json.loads((DATA / "search_judgements.json").read_text())["queries"]]
    qa = [item["question"] for item in
          json.loads((DATA / "qa_devset.json").read_text())["questions"]]
    return search, qa


def fetch(port: int, path: str, *, method: str = "GET", body: bytes | None = None,
          headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    conn.close()
    return response


def cookies_of(response: http.client.HTTPResponse) -> dict[str, str]:
    jar: dict[str, str] = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        parsed = SimpleCookie()
        parsed.load(header)
        jar.update({name: morsel.value for name, morsel in parsed.items()})
    return jar


def staff_login(port: int) -> str:
    """Sign the demo disclosure officer in through the form (CSRF and all); the Cookie
    header of the session. One sign-in serves every virtual user: staff stay signed in."""
    page = fetch(port, "/staff/login/")
    jar = cookies_of(page)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)  # type: ignore[attr-defined]
    if not match or "csrftoken" not in jar:
        raise SystemExit("the staff sign-in form has no CSRF token")
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": match[1].decode(),
                                   "username": OFFICER[0], "password": OFFICER[1]})
    answer = fetch(port, "/staff/login/", method="POST", body=form.encode(), headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={jar['csrftoken']}"})
    jar.update(cookies_of(answer))
    if answer.status != 302 or "sessionid" not in jar:
        raise SystemExit(f"signing in as {OFFICER[0]} failed (HTTP {answer.status})")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def wait_ready(port: int, proc: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            if fetch(port, "/healthz").status == 200:
                return
        except OSError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}:\n"
                             + log_path.read_text(errors="replace")[-3000:])
        if time.monotonic() > deadline:
            raise SystemExit(f"/healthz did not answer 200 within {START_TIMEOUT}s")
        time.sleep(0.5)


def check_every_route(port: int, t: Targets, rng: random.Random) -> None:
    """Each route once, before any load: a broken route stops the run with its answer."""
    client = Client(port)
    try:
        for name in ["application submit", *ROUTES]:  # a case first, for the status check
            req = build(name, rng, t)
            status, raw = client.send(req)
            if status not in req.expect:
                raise SystemExit(f"{req.route} {req.method} {req.path} answered {status}, "
                                 f"expected {req.expect}:\n{raw[:1500].decode(errors='replace')}")
            if req.on_answer is not None:
                req.on_answer(status, raw)
    finally:
        client.close()


# Output -----------------------------------------------------------------------------------


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def fmt_ms(value: float) -> str:
    return "-" if math.isnan(value) else (f"{value:,.0f}" if value >= 100 else f"{value:.1f}")


def print_step(r: StepResult, limit: float) -> None:
    lat = r.all_latencies
    verdict = "pass" if r.passes(limit) else "FAIL"
    print(f"\n-- concurrency {r.concurrency}: {r.requests} requests in {r.seconds:.1f}s = "
          f"{r.rps:.1f} req/s; p50 {fmt_ms(percentile(lat, 50))} ms, p99 "
          f"{fmt_ms(percentile(lat, 99))} ms; errors {r.error_count}; {verdict}")
    print(f"   p99 without Q&A {fmt_ms(percentile(r.latencies_without_qa, 99))} ms; "
          f"load average {r.load_avg:.2f}; generator CPU {r.client_cpu:.0f}% of a core; "
          f"worker backlog {'?' if r.backlog is None else r.backlog} tasks")
    print(f"   {'route':<20}{'requests':>9}{'share':>7}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}"
          f"{'errors':>8}")
    errors_by_route = Counter()
    for (route, _kind), n in r.tally.errors.items():
        errors_by_route[route] += n
    for route in ROUTES:
        values = r.tally.latencies.get(route, [])
        share = 100 * len(values) / len(lat) if lat else 0
        print(f"   {route:<20}{len(values):>9}{share:>6.1f}%{fmt_ms(percentile(values, 50)):>9}"
              f"{fmt_ms(percentile(values, 99)):>9}"
              f"{fmt_ms(max(values) if values else float('nan')):>9}"
              f"{errors_by_route.get(route, 0):>8}")
    for (route, kind), n in sorted(r.tally.errors.items()):
        print(f"   error: {route}: {kind} × {n}")


def to_json(r: StepResult) -> dict:
    lat = r.all_latencies
    return {
        "concurrency": r.concurrency, "seconds": round(r.seconds, 2), "requests": r.requests,
        "rps": round(r.rps, 1), "p50_ms": round(percentile(lat, 50), 1),
        "p99_ms": round(percentile(lat, 99), 1), "errors": r.error_count,
        "p99_without_qa_ms": round(percentile(r.latencies_without_qa, 99), 1),
        "error_kinds": {f"{route}: {kind}": n for (route, kind), n in r.tally.errors.items()},
        "load_avg": round(r.load_avg, 2), "generator_cpu_pct": round(r.client_cpu),
        "worker_backlog": r.backlog,
        "routes": {route: {"requests": len(v), "p50_ms": round(percentile(v, 50), 1),
                           "p99_ms": round(percentile(v, 99), 1)}
                   for route, v in r.tally.latencies.items()},
    }


# Main -------------------------------------------------------------------------------------


def parse_steps(text: str) -> list[int]:
    try:
        steps = [int(s) for s in text.split(",") if s.strip()]
    except ValueError:
        raise SystemExit(f"--steps: whole numbers separated by commas, not {text!r}") from None
    if not steps or any(s < 1 or s > 512 for s in steps) or steps != sorted(set(steps)):
        raise SystemExit("--steps: increasing concurrencies between 1 and 512")
    return steps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="",
                        help="default: SQLite in the temporary data dir; or a loopback "
                             "postgres:// URL (created if missing and then dropped)")
    parser.add_argument("--records", type=int, default=0,
                        help="synthetic catalogue records added by `gongkai demo --records`")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--duration", type=float, default=30, help="measured seconds per step")
    parser.add_argument("--warmup", type=float, default=5,
                        help="unmeasured seconds of the same load before each step")
    parser.add_argument("--steps", default="1,2,4,8,16,32,64,128",
                        help="concurrencies (virtual users), tried in order")
    parser.add_argument("--p99-limit", type=float, default=P99_LIMIT_MS,
                        help="a step passes with no error and p99 below this (ms)")
    parser.add_argument("--pdfs", type=int, default=24,
                        help="record PDFs rendered before the drain, so that some are ready to "
                             "download even if the drain stops early")
    parser.add_argument("--drain-timeout", type=float, default=900,
                        help="seconds the worker gets to finish the demo's queued work")
    parser.add_argument("--all-steps", action="store_true",
                        help="run every step, even after one fails")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--prepare-only", action="store_true",
                        help="with --data-dir: prepare, then stop (run the steps later)")
    parser.add_argument("--data-dir", type=Path,
                        help="prepare in (and keep) this directory; when it was prepared by "
                             "an earlier run (with the same --database-url), skip preparing")
    args = parser.parse_args(argv)

    steps = parse_steps(args.steps)
    if not 1 <= args.duration <= MAX_DURATION or not 0 <= args.warmup <= MAX_DURATION:
        parser.error(f"--duration and --warmup: up to {MAX_DURATION} seconds")
    if not 1 <= args.workers <= 64:
        parser.error("--workers: 1 to 64")
    if args.prepare_only and not args.data_dir:
        parser.error("--prepare-only needs --data-dir (where the prepared data is kept)")
    family = "sqlite"
    if args.database_url:
        postgres_admin(args.database_url)  # exits unless a loopback postgres:// URL
        family = "postgresql"
    # SIGTERM (e.g. from a CI timeout) unwinds like Ctrl-C: the finally below cleans up.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))

    load_before = os.getloadavg()[0]
    search_queries, qa_questions = load_queries()
    created_db = False
    proc: subprocess.Popen | None = None
    results: list[StepResult] = []
    with tempfile.TemporaryDirectory(prefix="gongkai-load-") as tmp:
        data_dir = args.data_dir.resolve() if args.data_dir else Path(tmp)
        data_dir.mkdir(parents=True, exist_ok=True)
        marker = data_dir / ".load-prepared"
        try:
            if args.database_url and not args.data_dir:
                created_db = pg_create(args.database_url)
                if not created_db:
                    say(f"note: database {postgres_admin(args.database_url)[1]} already "
                        "existed; it is used as is and left in place")
            elif args.database_url:
                pg_create(args.database_url)  # kept with the data dir
            env = child_env(data_dir, args.database_url)
            prep_started = time.monotonic()
            if marker.exists():
                say(f"reusing the data prepared in {data_dir} ({family})")
            else:
                say(f"preparing {data_dir} ({family}) …")
                prepare(env, args)
                marker.write_text(args.database_url)
            if args.prepare_only:
                say(f"prepared in {time.monotonic() - prep_started:.0f}s; run again with "
                    f"--data-dir {data_dir} for the steps")
                return 0
            token = run_gongkai(env, "token", "create", OFFICER[0], "--name", "load test",
                                label="API token").strip().splitlines()[-1]
            out = run_gongkai(env, "shell", "-c", TARGETS_SCRIPT % {"agency": AGENCY},
                              label="targets")
            found = json.loads(next(line for line in out.splitlines()
                                    if line.startswith("LOAD-TARGETS "))[13:])
            if not found["records"] or not found["pdfs"]:
                raise SystemExit(f"no public records or no ready PDFs to request: {found}")
            targets = Targets(**found, search_queries=search_queries,
                              qa_questions=qa_questions, token=token,
                              run_id=f"{os.getpid()}-{int(time.time())}")
            backlog = Backlog(data_dir, args.database_url)
            prep_seconds = time.monotonic() - prep_started
            say(f"prepared in {prep_seconds:.0f}s: {found['public_count']} public records, "
                f"{len(found['pdfs'])} ready PDFs, worker backlog {backlog.count()} tasks")

            port = free_port()
            log_path = data_dir / "serve.log"
            with open(log_path, "w") as log:
                proc = subprocess.Popen(
                    [*gongkai_command(), "serve", "--bind", "127.0.0.1", "--port", str(port),
                     "--workers", str(args.workers)],
                    env=env, cwd=PROJECT_DIR, stdout=log, stderr=subprocess.STDOUT,
                    start_new_session=True)
            wait_ready(port, proc, log_path)
            targets.session_cookie = staff_login(port)
            rng = random.Random(args.seed)
            for _ in range(3):  # and a few cases for the status checks to look up
                check_every_route(port, targets, rng)
            # Warm every worker (the Q&A encoder loads on a worker's first question).
            say(f"warming up {args.workers} workers …")
            run_load(port, targets, args.workers * 2, max(args.warmup, 15), args.seed)

            for concurrency in steps:
                if args.warmup:
                    run_load(port, targets, concurrency, args.warmup, args.seed + concurrency)
                say(f"step: {concurrency} virtual users for {args.duration:.0f}s …")
                cpu0, t0 = time.process_time(), time.monotonic()
                tally = run_load(port, targets, concurrency, args.duration,
                                 args.seed * 7 + concurrency)
                seconds = time.monotonic() - t0
                result = StepResult(concurrency, seconds, tally,
                                    100 * (time.process_time() - cpu0) / seconds,
                                    os.getloadavg()[0], backlog.count())
                results.append(result)
                print_step(result, args.p99_limit)
                if proc.poll() is not None:
                    raise SystemExit(f"the server exited with {proc.returncode}")
                if not result.passes(args.p99_limit) and not args.all_steps:
                    break
        finally:
            if proc is not None:
                stop(proc)
            if created_db:
                pg_drop(args.database_url)

    passing = [r for r in results if r.passes(args.p99_limit)]
    best = None
    for r in results:  # the highest step before the first failure
        if not r.passes(args.p99_limit):
            break
        best = r
    print()
    print(f"Gongkai load — {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(f"machine:  {machine()}; 1-minute load average {load_before:.2f} at the start "
          "(other work on the machine lowers every figure)")
    print(f"server:   gongkai serve (gunicorn --workers {args.workers} sync, db_worker, "
          f"scheduler), {family}, GONGKAI_RATELIMIT=0; demo data"
          + (f" + {args.records:,} synthetic records" if args.records else "")
          + f", {targets.public_count:,} public records")
    print(f"load:     closed loop, {args.warmup:.0f}s warm-up + {args.duration:.0f}s per step; "
          "mix " + ", ".join(f"{n} {w}" for n, _b, w in MIX))
    print()
    print(f"{'users':>6}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
          f"{'p99 w/o Q&A':>13}{'load':>7}{'backlog':>9}")
    for r in results:
        lat = r.all_latencies
        print(f"{r.concurrency:>6}{r.rps:>9.1f}{fmt_ms(percentile(lat, 50)):>9}"
              f"{fmt_ms(percentile(lat, 99)):>9}{r.error_count:>8}"
              f"{fmt_ms(percentile(r.latencies_without_qa, 99)):>13}{r.load_avg:>7.2f}"
              f"{'?' if r.backlog is None else r.backlog:>9}")
    print()
    if best is None:
        print(f"highest load with zero errors and p99 < {args.p99_limit:.0f} ms: none "
              "(the first step already failed)")
    else:
        lat = best.all_latencies
        print(f"highest load with zero errors and p99 < {args.p99_limit:.0f} ms: "
              f"{best.concurrency} concurrent users, {best.rps:.1f} req/s "
              f"(p50 {fmt_ms(percentile(lat, 50))} ms, p99 {fmt_ms(percentile(lat, 99))} ms)")
        if len(passing) > results.index(best) + 1:
            print("  (a later step passed again: see the table)")
    no_qa = None
    for r in results:
        if r.error_count or not percentile(r.latencies_without_qa, 99) < args.p99_limit:
            break
        no_qa = r
    print("the same, with p99 taken without the Q&A routes: "
          + (f"{no_qa.concurrency} concurrent users, {no_qa.rps:.1f} req/s" if no_qa
             else "none"))
    if args.json:
        args.json.write_text(json.dumps({
            "database": family, "workers": args.workers, "duration": args.duration,
            "records": args.records, "load_avg_start": load_before, "machine": machine(),
            "mix": {n: w for n, _b, w in MIX},
            "steps": [to_json(r) for r in results],
            "best": best.concurrency if best else None,
            "best_without_qa_p99": no_qa.concurrency if no_qa else None,
        }, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
