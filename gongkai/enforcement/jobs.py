"""Daily enforcement publicity jobs: reminders before the publication and withdrawal limits,
and the take-down of decisions whose publicity period ended."""

from __future__ import annotations

from gongkai.jobs.registry import job, periodic


@periodic("enforcement.reminders", at="08:10")
@job("enforcement.reminders")
def reminders_job() -> dict:
    from gongkai.enforcement.services import send_reminders

    return send_reminders()


@periodic("enforcement.take_down", at="01:20")
@job("enforcement.take_down")
def take_down_job() -> dict:
    from gongkai.enforcement.services import take_down_due

    return {"taken_down": take_down_due()}
