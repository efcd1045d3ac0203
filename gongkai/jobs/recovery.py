"""Recovering background work that a crash interrupted, so that no queued job is lost.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again
(``Worker.run`` and ``DBTaskResult.claim`` in django-tasks-db 0.13; ``ready()`` selects
READY rows only): a worker killed in the middle of a task (SIGKILL, the OOM killer, a
power cut) leaves the row RUNNING for ever, and the letter it was rendering is never sent.
And ``job_enqueue`` writes the task row after the ``JobRun`` commits (``registry._send``):
a web process killed between the two leaves a run with no task at all.

``recover_orphans()``, called by every scheduler pass, puts both back in the queue:

- a run whose worker process is gone: the wrapper in ``registry.job`` records the worker
  as ``host:pid:start`` (``start`` from /proc, so that a reused pid is not taken for the
  old worker); a process on the same host checks it exactly. A worker on another host is
  trusted for ``LEASE`` after it started the job.
- a task claimed but never started (the run still ENQUEUED ``GRACE`` after the claim), a
  run ENQUEUED for ``GRACE`` with no READY or RUNNING task, and a run RUNNING with no
  task left: sent again.
- a task left RUNNING after its run finished: closed with the run's outcome.

``GRACE`` exceeds the SQLite busy timeout (20 s), the longest a live worker can take between
the claim and the wrapper's first commit. A job may, in rare races, run twice; jobs are
written to be idempotent (a ``JobRun`` that SUCCEEDED returns its result without running).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gongkai.jobs.models import JobRun, JobStatus

log = logging.getLogger("gongkai.jobs")

GRACE = dt.timedelta(seconds=30)
LEASE = dt.timedelta(hours=1)
RUNNING, READY = TaskResultStatus.RUNNING, TaskResultStatus.READY


def _stat(pid: int) -> tuple[str, str] | None:
    """(state, start time in clock ticks since boot) of a process, None without /proc."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()
    return fields[0], fields[19]


def worker_token() -> str:
    """``host:pid:start`` of this process."""
    pid = os.getpid()
    stat = _stat(pid)
    return f"{socket.gethostname()}:{pid}:{stat[1] if stat else ''}"


def worker_alive(run: JobRun, now: dt.datetime) -> bool:
    """Whether the process recorded on a RUNNING run may still be running it."""
    host, _, rest = run.worker.partition(":")
    pid_text, _, start = rest.partition(":")
    if not run.worker or host != socket.gethostname() or not pid_text.isdigit():
        return run.started_at is None or run.started_at > now - LEASE
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    stat = _stat(int(pid_text))
    if stat is None:
        return True
    state, started = stat
    return state not in {"Z", "X"} and (not start or started == start)


def _run_id(task: DBTaskResult) -> int | None:
    kwargs = (task.args_kwargs or {}).get("kwargs") or {}
    value = kwargs.get("run_id")
    return value if isinstance(value, int) else None


def _pending_run_ids() -> set[int]:
    rows = DBTaskResult.objects.filter(status__in=[READY, RUNNING]).values_list(
        "args_kwargs", flat=True)
    return {run_id for row in rows
            if isinstance(run_id := ((row or {}).get("kwargs") or {}).get("run_id"), int)}


def _requeue_task(task: DBTaskResult, run: JobRun) -> None:
    DBTaskResult.objects.filter(pk=task.pk, status=RUNNING).update(status=READY, started_at=None)
    if run.status == JobStatus.RUNNING:
        JobRun.objects.filter(pk=run.pk).update(status=JobStatus.ENQUEUED, worker="")


def _close_task(task: DBTaskResult, run: JobRun) -> None:
    ok = run.status == JobStatus.SUCCEEDED
    DBTaskResult.objects.filter(pk=task.pk, status=RUNNING).update(
        status=TaskResultStatus.SUCCESSFUL if ok else TaskResultStatus.FAILED,
        finished_at=run.finished_at,
        return_value=run.result if ok else None,
        exception_class_path="" if ok else "gongkai.jobs.recovery.WorkerLost",
        traceback="" if ok else run.error[-4000:])


def _recover_task(task: DBTaskResult, now: dt.datetime) -> str | None:
    run_id = _run_id(task)
    if run_id is None:
        return None  # not one of our jobs
    with transaction.atomic():
        run = JobRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None:
            return None
        if run.status == JobStatus.RUNNING:
            if worker_alive(run, now):
                return None
            _requeue_task(task, run)
            return f"requeued {run.name} [{run.key}]: its worker {run.worker or '?'} is gone"
        if task.started_at is not None and task.started_at > now - GRACE:
            return None
        if run.status == JobStatus.ENQUEUED:
            _requeue_task(task, run)
            return f"requeued {run.name} [{run.key}]: claimed but never started"
        if run.finished_at is not None and run.finished_at > now - GRACE:
            return None
        _close_task(task, run)
        return f"closed the task of {run.name} [{run.key}] ({run.status})"


def _resend(run_id: int, now: dt.datetime) -> str | None:
    from gongkai.jobs.registry import JOBS, task_for

    with transaction.atomic():
        run = JobRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.name not in JOBS:
            return None
        if run.status == JobStatus.RUNNING and worker_alive(run, now):
            return None
        if run.status == JobStatus.ENQUEUED and run.enqueued_at > now - GRACE:
            return None
        if run.status not in {JobStatus.RUNNING, JobStatus.ENQUEUED}:
            return None
        if DBTaskResult.objects.filter(status__in=[READY, RUNNING],
                                       args_kwargs__kwargs__run_id=run.pk).exists():
            return None
        # Inside the transaction (not on commit): the run and its new task commit together.
        result = task_for(run).enqueue(run_id=run.pk)
        JobRun.objects.filter(pk=run.pk).update(status=JobStatus.ENQUEUED, worker="",
                                                task_result_id=str(result.id))
        return f"sent {run.name} [{run.key}] again: it had no task"


def recover_orphans(now: dt.datetime | None = None) -> list[str]:
    """One recovery pass (see the module docstring); returns what it did."""
    now = now or timezone.now()
    done = [line for task in DBTaskResult.objects.filter(status=RUNNING)
            if (line := _recover_task(task, now))]
    pending = _pending_run_ids()
    candidates = JobRun.objects.filter(
        status__in=[JobStatus.RUNNING, JobStatus.ENQUEUED]).values_list("pk", flat=True)
    done += [line for run_id in candidates
             if run_id not in pending and (line := _resend(run_id, now))]
    for line in done:
        log.warning("job recovery: %s", line)
    return done
