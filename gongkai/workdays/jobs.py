"""The one background job of the calendar: moving stored due dates after a change."""

from __future__ import annotations

from typing import Any

from gongkai.jobs.registry import job, job_enqueue
from gongkai.workdays.deadlines import CalendarChange, recalculate_deadlines

JOB_NAME = "workdays.recalculate_deadlines"


def enqueue_recalculation(change: CalendarChange) -> None:
    """Called inside the change's transaction: the job exists only if the change commits,
    and runs after it (one per audited change, keyed by its audit sequence number)."""
    key = f"audit-{change.audit_seq}" if change.audit_seq else f"{change.verb}-{change.changed_at}"
    job_enqueue(JOB_NAME, key=key, change=change.as_kwargs())


@job(JOB_NAME)
def recalculate_deadlines_job(change: dict[str, Any]) -> dict:
    return {"moved": recalculate_deadlines(CalendarChange.from_kwargs(change))}
