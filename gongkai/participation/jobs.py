"""Background work of participation: reminders before an open day (daily, 08:00) and the
purge of unconfirmed survey answers (daily, 03:10).
Surveys and solicitations open and close by their stored dates: no job needed."""

from __future__ import annotations

from gongkai.jobs.registry import job, periodic


@periodic("participation.reminders", at="08:00")
@job("participation.reminders")
def reminders_job() -> dict:
    from gongkai.participation.services import send_reminders

    return send_reminders()


@periodic("participation.purge_pending", at="03:10")
@job("participation.purge_pending")
def purge_pending_job() -> dict:
    """Unconfirmed survey answers older than 48 hours are deleted."""
    from gongkai.participation.services import purge_pending

    return {"deleted": purge_pending()}
