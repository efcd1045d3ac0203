"""Scheduled work: the availability probe (hourly, so a week holds 168 tries), the crawl of
every agency's public pages (nightly), and the weekly snapshot with its e-mail (run daily;
the first run of a week stores the snapshot and mails the office, later runs do nothing)."""

from __future__ import annotations

from typing import Any

from gongkai.jobs.registry import job, periodic


def _agencies() -> Any:
    from gongkai.core.models import Agency

    return Agency.objects.filter(is_active=True).order_by("pk")


@periodic("self_inspection.probe", every_minutes=60)
@job("self_inspection.probe")
def probe_job() -> dict:
    from gongkai.self_inspection.services import probe

    tries = [probe(agency) for agency in _agencies()]
    return {"tries": len(tries), "failed": sum(not t.ok for t in tries)}


@periodic("self_inspection.crawl", at="02:40")
@job("self_inspection.crawl")
def crawl_job() -> dict:
    from gongkai.self_inspection.crawl import crawl

    totals = {"agencies": 0, "pages": 0, "findings": 0}
    for agency in _agencies():
        done = crawl(agency)
        totals["agencies"] += 1
        totals["pages"] += done["pages"]
        totals["findings"] += done["findings"]
    return totals


@periodic("self_inspection.reach", at="02:20")
@job("self_inspection.reach")
def reach_job() -> dict:
    from gongkai.self_inspection.reach import run

    row = run()
    if row is None:
        return {"checked": False, "why": "GONGKAI_SITE_URL is the default or a loopback address"}
    return {"checked": True, "findings": len(row.findings)}


@periodic("self_inspection.axe", at="03:30")
@job("self_inspection.axe")
def axe_job() -> dict:
    """After the crawl: axe-core over each agency's sample of pages in the real browser."""
    from gongkai.self_inspection.a11y import scan

    agencies = pages = violations = 0
    note = ""
    for agency in _agencies():
        run = scan(agency)
        agencies, pages, violations = agencies + 1, pages + run.pages, violations + run.violations
        note = run.note
    return {"agencies": agencies, "pages": pages, "violations": violations, "note": note}


@periodic("self_inspection.weekly", at="07:20")
@job("self_inspection.weekly")
def weekly_job() -> dict:
    return run_weekly()


def run_weekly() -> dict:
    from gongkai.self_inspection.services import snapshot_week, weekly_mail

    made = mailed = 0
    for agency in _agencies():
        snapshot, created = snapshot_week(agency)
        if created:
            made += 1
            mailed += weekly_mail(agency, snapshot)
    return {"snapshots": made, "mailed": mailed}
