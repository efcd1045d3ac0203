"""Declaring jobs and periodic schedules.

django-crontask needs Python 3.12+, so the scheduler is ours (ADR 0003): a periodic job is
a task plus a daily time; the scheduler enqueues it once per day through ``job_enqueue``,
whose unique (name, key) row makes double scheduling harmless with several schedulers.

Priorities: one worker drains one queue, so the order is what decides how long a person
waits. django-tasks-db hands out the highest ``priority`` first (then the oldest), so a
PDF someone asked for or an index rebuild goes before pre-rendering every record's PDF.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from gongkai.jobs.models import JobRun, JobStatus
from gongkai.jobs.recovery import recover_orphans, worker_token

log = logging.getLogger("gongkai.jobs")


@dataclass(frozen=True)
class Periodic:
    """Daily at ``at``, or every ``every_minutes`` (then ``at`` is None)."""

    name: str
    at: dt.time | None
    task: Any
    every_minutes: int | None = None

    def key_if_due(self, now: dt.datetime) -> str | None:
        if self.every_minutes:
            minute = (now.hour * 60 + now.minute) // self.every_minutes * self.every_minutes
            return f"{now.date().isoformat()}T{minute // 60:02d}:{minute % 60:02d}"
        if self.at is not None and now.time() >= self.at:
            return now.date().isoformat()
        return None

    @property
    def schedule(self) -> str:
        return f"every {self.every_minutes} min" if self.every_minutes else f"{self.at:%H:%M}"


JOBS: dict[str, Any] = {}
PERIODIC: list[Periodic] = []

# Work someone is waiting for now: a PDF asked for, an index rebuild, a letter, the search
# index of an import. The worker takes these first.
PRIORITY_WAITING = 50
# Ordinary work: periodic jobs, embeddings of new content.
PRIORITY_NORMAL = 0
# Bulk work nobody is waiting for: pre-rendering every published version's PDF,
# recomputing embeddings of an import. Runs when nothing else is queued.
PRIORITY_BULK = -50


def job(name: str, *, priority: int = PRIORITY_NORMAL) -> Callable[[Callable[..., dict]], Any]:
    """Turn ``fn(**kwargs) -> dict`` into a logged, retryable django-tasks task; ``priority``
    is its default place in the queue (``job_enqueue`` may raise or lower it per run)."""

    def decorate(fn: Callable[..., dict]) -> Any:
        @functools.wraps(fn)
        def run(run_id: int) -> dict:
            with transaction.atomic():
                record = JobRun.objects.select_for_update().get(pk=run_id)
                if record.status == JobStatus.SUCCEEDED:
                    return record.result
                record.status = JobStatus.RUNNING
                record.attempts += 1
                record.started_at = timezone.now()
                record.worker = worker_token()  # lets recovery tell a dead worker's run
                record.save(update_fields=["status", "attempts", "started_at", "worker"])
            try:
                result = fn(**record.kwargs) or {}
            except Exception as exc:
                delay = dt.timedelta(minutes=5 * record.attempts)
                JobRun.objects.filter(pk=run_id).update(
                    status=JobStatus.FAILED, finished_at=timezone.now(),
                    error="".join(traceback.format_exception(exc))[-4000:],
                    next_retry_at=timezone.now() + delay,
                )
                log.exception("job %s [%s] failed", record.name, record.key)
                raise
            JobRun.objects.filter(pk=run_id).update(
                status=JobStatus.SUCCEEDED, finished_at=timezone.now(), result=result,
                error="", next_retry_at=None,
            )
            log.info("job %s [%s] done: %s", record.name, record.key, result)
            return result

        run.__name__ = f"job_{name.replace('.', '_')}"
        wrapped = task(priority=priority)(run)
        JOBS[name] = wrapped
        return wrapped

    return decorate


def periodic(name: str, *, at: str | None = None,
             every_minutes: int | None = None) -> Callable[[Any], Any]:
    if (at is None) == (every_minutes is None):
        raise ValueError("give exactly one of at= or every_minutes=")
    when = None
    if at is not None:
        hour, minute = (int(part) for part in at.split(":"))
        when = dt.time(hour, minute)

    def register(wrapped: Any) -> Any:
        PERIODIC.append(Periodic(name=name, at=when, task=wrapped, every_minutes=every_minutes))
        return wrapped

    return register


def job_enqueue(name: str, *, key: str, priority: int | None = None,
                **kwargs: Any) -> JobRun | None:
    """Enqueue job ``name`` once for ``key``; returns None when it was already enqueued.
    ``priority`` overrides the job's default for this run (and its retries)."""
    if priority is None:
        priority = job_priority(name)
    try:
        with transaction.atomic():
            record = JobRun.objects.create(name=name, key=key, kwargs=kwargs, priority=priority)
    except IntegrityError:
        return None
    _send(record)
    return record


def job_priority(name: str) -> int:
    """The default priority of job ``name`` (declared with ``@job``)."""
    found = JOBS.get(name)
    return int(found.priority) if found is not None else PRIORITY_NORMAL


def task_for(record: JobRun) -> Any:
    """The task that runs ``record``, at the run's own priority."""
    task_ = JOBS[record.name]
    return task_ if task_.priority == record.priority else task_.using(priority=record.priority)


def job_expedite(name: str, *, key: str, priority: int = PRIORITY_WAITING) -> bool:
    """Move a waiting run up the queue (someone now waits for it): the run and its queued
    task take ``priority``. False when no such run waits or it is already that urgent."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic():
        record = JobRun.objects.select_for_update().filter(
            name=name, key=key, status=JobStatus.ENQUEUED).first()
        if record is None or record.priority >= priority:
            return False
        record.priority = priority
        record.save(update_fields=["priority"])
        if record.task_result_id:
            DBTaskResult.objects.filter(pk=record.task_result_id,
                                        status=TaskResultStatus.READY).update(
                priority=priority)
    return True


def _send(record: JobRun) -> None:
    def enqueue() -> None:
        result = task_for(record).enqueue(run_id=record.pk)
        JobRun.objects.filter(pk=record.pk).update(task_result_id=str(result.id))

    transaction.on_commit(enqueue)


def job_retry(record: JobRun, *, force: bool = False) -> bool:
    """Re-enqueue a failed run (the staff page forces it; the scheduler respects limits)."""
    if record.status != JobStatus.FAILED:
        return False
    if not force and record.attempts >= settings.GONGKAI_JOB_MAX_ATTEMPTS:
        return False
    with transaction.atomic():
        updated = JobRun.objects.filter(pk=record.pk, status=JobStatus.FAILED).update(
            status=JobStatus.ENQUEUED, next_retry_at=None
        )
        if updated:
            _send(record)
    return bool(updated)


def scheduler_tick(now: dt.datetime | None = None) -> list[str]:
    """One pass of the scheduler: requeue work a crash interrupted (``recovery``), enqueue
    due periodic jobs and retry failed ones."""
    now = timezone.localtime(now or timezone.now())
    done: list[str] = recover_orphans(now)
    for item in PERIODIC:
        key = item.key_if_due(now)
        if key and job_enqueue(item.name, key=key):
            done.append(f"enqueued {item.name}")
    due = JobRun.objects.filter(
        status=JobStatus.FAILED,
        attempts__lt=settings.GONGKAI_JOB_MAX_ATTEMPTS,
        next_retry_at__lte=now,
    )
    for record in due:
        if job_retry(record):
            done.append(f"retried {record.name} [{record.key}]")
    return done


def load_declared_jobs() -> None:
    """Import each app's declared ``jobs`` module (gongkai/core/registry.py), whose
    decorators fill ``JOBS`` and ``PERIODIC``; run once from ``JobsConfig.ready``."""
    from gongkai.core.registry import gongkai_apps, resolve

    for app in gongkai_apps():
        if app.jobs:
            resolve(app.jobs)
