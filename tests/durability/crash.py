"""Crash durability: submit disclosure applications from several clients while the web
server (gunicorn, all its workers) and the task worker are killed with SIGKILL and
restarted, then check that nothing acknowledged was lost or stored twice and that every
queued job ran. Used by tests/durability/test_crash.py (small) and bench/crash.py (large).

Clients behave as real ones do: the API client sends an ``Idempotency-Key`` and, after a
connection error or a 5xx, sends the same request again with the same key; the browser
client keeps the form's hidden idempotency key and posts the same form again. Some
acknowledged submissions are replayed on purpose and must answer with the same case.
The server runs with GONGKAI_RATELIMIT=0: every client is on loopback, one address.
"""

from __future__ import annotations

import contextlib
import json
import random
import re
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests import live

AGENCY = "sfj"
VALID_ID = "11010519491231002X"  # a resident ID number with a valid check digit
CASE_NUMBER = re.compile(r"YSQ-\d{4}-\d{6}")
HIDDEN_KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEED_AGENCY = (
    "from gongkai.core.services import agency_create\n"
    "agency_create(actor=None, slug='sfj', name='上海市司法局', short_name='市司法局',"
    " organisation_code='002420455M', email='gongkai@sfj.example.gov.cn')\n"
)


@dataclass
class Submission:
    index: int
    via: str  # "api" or "form"
    key: str = ""
    case_number: str = ""
    attempts: int = 0
    acknowledged: bool = False
    replayed_case: str | None = None
    code_missing: bool = False  # an answer (first or replay) without the access code
    errors: Counter = field(default_factory=Counter)


@dataclass
class Report:
    made: int = 0
    acknowledged: int = 0
    stored: int = 0
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    wrong_case: list[str] = field(default_factory=list)
    replay_mismatch: list[str] = field(default_factory=list)
    unacknowledged: list[str] = field(default_factory=list)
    retries: int = 0
    codes_missing: int = 0
    server_errors: int = 0
    client_errors: list[str] = field(default_factory=list)
    web_kills: int = 0
    worker_kills: int = 0
    worker_kills_mid_task: int = 0
    tasks: dict[str, int] = field(default_factory=dict)
    runs: dict[str, int] = field(default_factory=dict)
    failed_runs: list[str] = field(default_factory=list)
    tasks_recovered: int = 0
    recoveries: Counter = field(default_factory=Counter)
    notices: dict[str, int] = field(default_factory=dict)
    cases_without_acknowledgement: int = 0
    audit: str = ""
    audit_ok: bool = False
    integrity: str = ""
    journal_mode: str = ""
    drain_seconds: float = 0.0
    elapsed: float = 0.0

    @property
    def tasks_queued(self) -> int:
        return sum(self.tasks.values())

    @property
    def tasks_completed(self) -> int:
        return self.tasks.get("SUCCESSFUL", 0)

    def lines(self) -> list[str]:
        return [
            f"submissions made:          {self.made}",
            f"acknowledged (2xx):        {self.acknowledged}",
            f"stored:                    {self.stored}",
            f"lost (must be 0):          {len(self.lost)} {self.lost[:10]}",
            f"duplicates (must be 0):    {len(self.duplicated)} {self.duplicated[:10]}",
            f"wrong case / bad replay:   {len(self.wrong_case)} / {len(self.replay_mismatch)}",
            f"retries after errors:      {self.retries} (5xx answers: {self.server_errors})",
            f"acknowledged without code: {self.codes_missing} (must be 0)",
            f"kills:                     web {self.web_kills}, worker {self.worker_kills} "
            f"({self.worker_kills_mid_task} while a task was running)",
            f"tasks queued/completed:    {self.tasks_queued}/{self.tasks_completed} "
            f"{self.tasks}; run by more than one worker: {self.tasks_recovered}",
            f"recovery passes did:       {dict(self.recoveries) or 'nothing'}",
            f"job runs:                  {self.runs}",
            *(f"  failed: {line}" for line in self.failed_runs),
            f"notices:                   {self.notices}",
            f"audit verify:              {'OK' if self.audit_ok else 'FAILED'} {self.audit}",
            f"sqlite integrity/journal:  {self.integrity or '-'} / {self.journal_mode or '-'}",
            f"drain after the clients:   {self.drain_seconds:.1f} s; total {self.elapsed:.1f} s",
        ]


class Database:
    """Read-only SQL on the server's database (SQLite file or PostgreSQL URL)."""

    def __init__(self, data_dir: Path, database_url: str | None):
        self.sqlite = None if database_url else data_dir / "gongkai.sqlite3"
        self.url = database_url

    def rows(self, sql: str) -> list[tuple]:
        if self.sqlite is not None:
            conn = sqlite3.connect(self.sqlite, timeout=20)
            try:
                return conn.execute(sql).fetchall()
            finally:
                conn.close()
        import psycopg

        with psycopg.connect(self.url.replace("postgres://", "postgresql://", 1)) as conn:
            return conn.execute(sql).fetchall()

    def counts(self, table: str, column: str = "status") -> dict[str, int]:
        return {str(k): n for k, n in self.rows(f"SELECT {column}, COUNT(*) FROM {table} "
                                                f"GROUP BY {column}")}


TASKS = "django_tasks_database_dbtaskresult"


class Servers:
    """gunicorn, the task worker and the scheduler of one data dir, restartable."""

    def __init__(self, env: dict[str, str], work: Path, port: int, web_workers: int):
        self.env, self.work, self.port, self.web_workers = env, work, port, web_workers
        self.base = f"http://127.0.0.1:{port}"
        self.web = self.worker = self.scheduler = None

    def start_web(self) -> None:
        self.web = live.start_web(self.env, self.port, workers=self.web_workers,
                                  log=self.work / "web.log")
        live.wait_http(self.base + "/healthz", proc=self.web)

    def start_worker(self) -> None:
        self.worker = live.start_worker(self.env, log=self.work / "worker.log")

    def start_scheduler(self) -> None:
        log = open(self.work / "scheduler.log", "ab")  # noqa: SIM115 (owned by the process)
        self.scheduler = subprocess.Popen(
            [sys.executable, "-m", "gongkai", "scheduler", "--interval", "1"],
            env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def stop(self) -> None:
        for proc in (self.web, self.worker, self.scheduler):
            if proc is not None:
                live.stop(proc)


class Client(threading.Thread):
    """Takes submissions from a shared list and retries each until it is acknowledged."""

    def __init__(self, base: str, todo: list[Submission], lock: threading.Lock,
                 acked: list[int], rng: random.Random, deadline: float, replay_share: float):
        super().__init__(daemon=True)
        self.base, self.todo, self.lock, self.acked = base, todo, lock, acked
        self.rng, self.deadline, self.replay_share = rng, deadline, replay_share

    def run(self) -> None:
        while True:
            with self.lock:
                if not self.todo:
                    return
                sub = self.todo.pop(0)
            self.submit(sub)
            if sub.acknowledged:
                with self.lock:
                    self.acked[0] += 1
                if self.rng.random() < self.replay_share:
                    sub.replayed_case = self.once(sub)

    # One attempt returns the case number, None to retry, or raises AssertionError for
    # an answer a retry cannot fix (a 4xx).
    def submit(self, sub: Submission) -> None:
        session = requests.Session()
        form_data: dict[str, str] | None = None
        until = time.monotonic() + self.deadline
        while time.monotonic() < until:
            sub.attempts += 1
            try:
                if sub.via == "api":
                    case = self.api(sub)
                else:
                    if form_data is None:
                        form_data = self.form_page(session, sub)
                    case = self.form_post(session, sub, form_data)
            except requests.RequestException as exc:
                sub.errors[type(exc).__name__] += 1
                case = None
            except AssertionError as exc:
                sub.errors[f"4xx: {exc}"] += 1
                return
            if case:
                sub.case_number, sub.acknowledged = case, True
                return
            time.sleep(0.1 + self.rng.random() * 0.2)

    def once(self, sub: Submission) -> str | None:
        """A deliberate replay of an acknowledged submission (same key, same content)."""
        with contextlib.suppress(requests.RequestException, AssertionError):
            if sub.via == "api":
                return self.api(sub, replay=True)
            session = requests.Session()
            csrf, _ = self.form_csrf(session)
            return self.form_post(session, sub, self.form_data(sub, sub.key, csrf))
        return None

    def body(self, sub: Submission) -> dict:
        return {
            "agency": AGENCY,
            "applicant": {"type": "natural_person", "name": f"压测申请人{sub.index}",
                          "id_type": "resident_id", "id_number": VALID_ID,
                          "phone": "13800000000", "email": f"crash{sub.index}@example.org"},
            "description": f"请公开第{sub.index}号文件全文(崩溃测试)",
            "delivery_form": "electronic", "receipt_method": "email",
        }

    def api(self, sub: Submission, *, replay: bool = False) -> str | None:
        response = requests.post(f"{self.base}/api/v1/applications", json=self.body(sub),
                                 headers={"Idempotency-Key": sub.key}, timeout=30)
        if response.status_code in (200, 201):
            if replay and response.status_code != 200:
                raise AssertionError(f"replay answered {response.status_code}")
            if response.json()["access_code"] is None:
                sub.code_missing = True
            return response.json()["case_number"]
        if response.status_code >= 500:
            sub.errors[f"http {response.status_code}"] += 1
            return None
        raise AssertionError(f"{response.status_code} {response.text[:200]}")

    def form_csrf(self, session: requests.Session) -> tuple[str, str]:
        """Open the empty form: (CSRF token, the idempotency key the server drew for it)."""
        page = session.get(f"{self.base}/{AGENCY}/applications/apply/", timeout=30)
        if page.status_code >= 500:
            raise requests.RequestException(f"http {page.status_code}")
        csrf, hidden = CSRF.search(page.text), HIDDEN_KEY.search(page.text)
        if page.status_code != 200 or not csrf or not hidden:
            raise AssertionError(f"form page {page.status_code} without CSRF token or key")
        return csrf.group(1), hidden.group(1)

    def form_page(self, session: requests.Session, sub: Submission) -> dict[str, str]:
        csrf, sub.key = self.form_csrf(session)
        return self.form_data(sub, sub.key, csrf)

    def form_data(self, sub: Submission, key: str, csrf: str) -> dict[str, str]:
        body = self.body(sub)
        return {"csrfmiddlewaretoken": csrf, "idempotency_key": key,
                "applicant_type": "natural_person", "applicant_name": body["applicant"]["name"],
                "id_type": "resident_id", "id_number": VALID_ID, "phone": "13800000000",
                "email": body["applicant"]["email"], "description": body["description"],
                "delivery_form": "electronic", "receipt_method": "email", "website": ""}

    def form_post(self, session: requests.Session, sub: Submission,
                  data: dict[str, str]) -> str | None:
        url = f"{self.base}/{AGENCY}/applications/apply/"
        response = session.post(url, data=data, headers={"Referer": url}, timeout=30,
                                allow_redirects=False)
        if response.status_code >= 500:
            sub.errors[f"http {response.status_code}"] += 1
            return None
        if response.status_code != 302:
            raise AssertionError(f"form answered {response.status_code}")
        page = session.get(self.base + response.headers["Location"], timeout=30)
        found = CASE_NUMBER.search(page.text) if page.status_code == 200 else None
        return found.group(0) if found else None


def _kill_plan(rng: random.Random, submissions: int, kills: int) -> list[tuple[int, str, float]]:
    """(acknowledged count to wait for, "web" or "worker", extra delay in s), in order."""
    kinds = ["web", "worker"] * (kills // 2 + 1)
    kinds = kinds[:kills]
    rng.shuffle(kinds)
    low, high = max(1, submissions // 10), max(2, submissions * 85 // 100)
    marks = sorted(rng.sample(range(low, high), min(kills, high - low)))
    return [(mark, kind, rng.uniform(0, 0.5)) for mark, kind in zip(marks, kinds, strict=False)]


def run(*, work: Path, database_url: str | None, clients: int = 4, submissions: int = 80,
        kills: int = 4, seed: int = 8, web_workers: int = 2, form_share: float = 0.25,
        replay_share: float = 0.2, drain_timeout: float = 90.0, log=print) -> Report:
    """Set up a data dir under ``work``, run the load with the kills, check, stop."""
    started = time.monotonic()
    rng = random.Random(seed)
    report = Report(made=submissions)
    data_dir = work / "data"
    # GONGKAI_ENV=test differs from development only in serving static files from the
    # finders, which spares a collectstatic (100 s on a busy machine) before the form works.
    env = live.environment(data_dir, database_url, GONGKAI_RATELIMIT="0", GONGKAI_ENV="test")
    live.prepare(env, demo=False)
    live.gongkai(env, "shell", "-c", SEED_AGENCY)
    db = Database(data_dir, database_url)
    servers = Servers(env, work, live.free_port(), web_workers)
    try:
        servers.start_scheduler()
        servers.start_worker()
        servers.start_web()
        log(f"servers up after {time.monotonic() - started:.1f} s")
        subs = [Submission(i, "form" if rng.random() < form_share else "api")
                for i in range(submissions)]
        for sub in subs:
            if sub.via == "api":
                sub.key = f"crash-{seed}-{sub.index:05d}"
        todo, lock, acked = list(subs), threading.Lock(), [0]
        threads = [Client(servers.base, todo, lock, acked, random.Random(seed * 1000 + n),
                          deadline=120.0, replay_share=replay_share) for n in range(clients)]
        for thread in threads:
            thread.start()
        for mark, kind, delay in _kill_plan(rng, submissions, kills):
            while acked[0] < mark and any(t.is_alive() for t in threads):
                time.sleep(0.02)
            if kind == "worker":
                # Prefer a moment when the worker is in the middle of a task.
                until = time.monotonic() + 3
                while time.monotonic() < until and not db.rows(
                        f"SELECT 1 FROM {TASKS} WHERE status = 'RUNNING'"):
                    time.sleep(0.05)
            time.sleep(delay)
            if kind == "web":
                live.kill_group(servers.web)
                report.web_kills += 1
                log(f"SIGKILL web at {acked[0]} acknowledged")
                servers.start_web()
            else:
                running = bool(db.rows(f"SELECT 1 FROM {TASKS} WHERE status = 'RUNNING'"))
                live.kill_group(servers.worker)
                report.worker_kills += 1
                report.worker_kills_mid_task += running
                log(f"SIGKILL worker at {acked[0]} acknowledged (task running: {running})")
                servers.start_worker()
        for thread in threads:
            thread.join()
        drain_start = time.monotonic()
        _final_replays(servers.base, subs, rng, report)
        _drain(db, drain_timeout)
        report.drain_seconds = time.monotonic() - drain_start
        _check(db, env, subs, report)
        kinds = {"is gone": "requeued, worker gone", "never started": "requeued, never started",
                 "again": "sent again", "closed the task": "task closed"}
        for line in (work / "scheduler.log").read_text(errors="replace").splitlines():
            for words, kind in kinds.items():
                if line.startswith("scheduler: ") and words in line:
                    report.recoveries[kind] += 1
    finally:
        servers.stop()
    report.elapsed = time.monotonic() - started
    return report


def _final_replays(base: str, subs: list[Submission], rng: random.Random, report: Report) -> None:
    """After the last restart, replay a sample of acknowledged API submissions once more:
    the cases must survive the kills and answer with the same number."""
    sample = [s for s in subs if s.acknowledged and s.via == "api"]
    client = Client(base, [], threading.Lock(), [0], rng, 30.0, 0.0)
    for sub in rng.sample(sample, min(10, len(sample))):
        case = client.once(sub)
        if case != sub.case_number:
            report.replay_mismatch.append(f"{sub.key}: {sub.case_number} then {case} (final)")


def _drain(db: Database, timeout: float) -> None:
    """Wait until no task is waiting or running and no job run is unfinished."""
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        open_tasks = db.rows(f"SELECT COUNT(*) FROM {TASKS} "
                             "WHERE status IN ('READY', 'RUNNING')")[0][0]
        open_runs = db.rows("SELECT COUNT(*) FROM jobs_jobrun "
                            "WHERE status IN ('enqueued', 'running')")[0][0]
        if not open_tasks and not open_runs:
            return
        time.sleep(0.5)


def _check(db: Database, env: dict[str, str], subs: list[Submission], report: Report) -> None:
    stored: dict[str, list[str]] = {}
    for key, case in db.rows("SELECT idempotency_key, case_number FROM applications_application"):
        stored.setdefault(key, []).append(case)
    report.stored = sum(len(cases) for cases in stored.values())
    report.duplicated = sorted(k for k, cases in stored.items() if len(cases) > 1 or not k)
    for sub in subs:
        report.retries += sub.attempts - 1 if sub.acknowledged else sub.attempts
        report.server_errors += sum(n for e, n in sub.errors.items() if e.startswith("http 5"))
        report.client_errors += [f"{sub.key or sub.index}: {e}" for e in sub.errors
                                 if e.startswith("4xx")]
        if not sub.acknowledged:
            report.unacknowledged.append(sub.key or f"#{sub.index}")
            continue
        report.acknowledged += 1
        report.codes_missing += sub.code_missing
        cases = stored.get(sub.key, [])
        if not cases:
            report.lost.append(sub.key)
        elif cases != [sub.case_number]:
            report.wrong_case.append(f"{sub.key}: answered {sub.case_number}, stored {cases}")
        if sub.replayed_case is not None and sub.replayed_case != sub.case_number:
            report.replay_mismatch.append(f"{sub.key}: {sub.case_number} then {sub.replayed_case}")
    report.tasks = db.counts(TASKS)
    report.runs = db.counts("jobs_jobrun")
    report.failed_runs = [f"{name} [{key}]: {(error or '').strip().splitlines()[-1:]}"
                          for name, key, error in db.rows(
                              "SELECT name, key, error FROM jobs_jobrun WHERE status = 'failed'")]
    report.tasks_recovered = sum(len(json.loads(ids) if isinstance(ids, str) else ids) > 1
                                 for (ids,) in db.rows(f"SELECT worker_ids FROM {TASKS}"))
    report.notices = db.counts("applications_notice")
    report.cases_without_acknowledgement = db.rows(
        "SELECT COUNT(*) FROM applications_application a WHERE NOT EXISTS (SELECT 1 FROM "
        "applications_notice n WHERE n.application_id = a.id AND n.kind = 'acknowledgement' "
        "AND n.status IN ('ready', 'sent'))")[0][0]
    try:
        out = live.gongkai(env, "audit", "verify").stdout
        report.audit, report.audit_ok = " / ".join(out.split("\n")[:3]).strip(" /"), True
    except AssertionError as exc:
        report.audit = str(exc)[-500:]
    if db.sqlite is not None:
        report.integrity = ",".join(r[0] for r in db.rows("PRAGMA integrity_check"))
        report.journal_mode = db.rows("PRAGMA journal_mode")[0][0]
