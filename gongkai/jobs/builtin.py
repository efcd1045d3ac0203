"""The foundation's own periodic jobs."""

from __future__ import annotations

import logging

from gongkai.jobs.registry import job, periodic

log = logging.getLogger("gongkai.jobs")


@periodic("audit.verify", at="02:30")
@job("audit.verify")
def audit_verify_daily() -> dict:
    """Check the audit chain every night so tampering is noticed without anyone asking."""
    from gongkai.audit.selectors import audit_chain_verify

    result = audit_chain_verify()
    if not result.ok:
        log.error("audit chain broken at #%s: %s", result.broken_seq, result.problem)
        raise RuntimeError(f"audit chain broken at #{result.broken_seq}: {result.problem}")
    return {"checked": result.checked}


@periodic("jobs.prune", at="04:00")
@job("jobs.prune")
def prune_job_runs() -> dict:
    """Keep a month of successful runs; failed ones stay until someone looks at them."""
    import datetime as dt

    from django.utils import timezone

    from gongkai.jobs.models import JobRun, JobStatus

    cutoff = timezone.now() - dt.timedelta(days=30)
    deleted, _ = JobRun.objects.filter(status=JobStatus.SUCCEEDED,
                                       finished_at__lt=cutoff).delete()
    return {"deleted": deleted}
