"""Declaring jobs and periodic schedules.

django-crontask needs Python 3.12+, so the scheduler is ours (ADR 0003): a periodic job is
a task plus a daily time; the scheduler enqueues it once per day through ``job_enqueue``,
whose unique (name, key) row makes double scheduling harmless with several schedulers.
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


def job(name: str) -> Callable[[Callable[..., dict]], Any]:
    """Turn ``fn(**kwargs) -> dict`` into a logged, retryable django-tasks task."""

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
        wrapped = task()(run)
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


def job_enqueue(name: str, *, key: str, **kwargs: Any) -> JobRun | None:
    """Enqueue job ``name`` once for ``key``; returns None when it was already enqueued."""
    try:
        with transaction.atomic():
            record = JobRun.objects.create(name=name, key=key, kwargs=kwargs)
    except IntegrityError:
        return None
    _send(record)
    return record


def _send(record: JobRun) -> None:
    def enqueue() -> None:
        result = JOBS[record.name].enqueue(run_id=record.pk)
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
