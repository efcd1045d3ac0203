"""Background work of the directory: the daily licence-expiry reminders (07:00)."""

from __future__ import annotations

from gongkai.jobs.registry import job, periodic


@periodic("directory.licence_reminders", at="07:00")
@job("directory.licence_reminders")
def licence_reminders_job() -> dict:
    from gongkai.directory.reminders import licence_reminders_send

    return licence_reminders_send()
