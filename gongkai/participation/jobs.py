"""Background work of participation: reminders before an open day (daily, 08:00).
Surveys and solicitations open and close by their stored dates: no job needed."""

from __future__ import annotations

from gongkai.jobs.registry import job, periodic


@periodic("participation.reminders", at="08:00")
@job("participation.reminders")
def reminders_job() -> dict:
    from gongkai.participation.services import send_reminders

    return send_reminders()
