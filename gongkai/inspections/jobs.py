"""The daily reminder: results due for publication within two working days, or overdue."""

from __future__ import annotations

from gongkai.jobs.registry import job, periodic


@periodic("inspections.reminders", at="08:15")
@job("inspections.reminders")
def reminders_job() -> dict:
    from gongkai.inspections.services import send_reminders

    return send_reminders()
