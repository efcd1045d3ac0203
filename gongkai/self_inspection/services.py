"""Stored results of the self-inspection: the availability probe's tries, the weekly
snapshot (trend, quarterly report) and the weekly e-mail to the office."""

from __future__ import annotations

import datetime as dt
import logging
import time
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.core.links import absolute_url, site_url
from gongkai.self_inspection import rules
from gongkai.self_inspection.checks import inspect

log = logging.getLogger("gongkai.self_inspection")


def probe(agency: Any, *, now: dt.datetime | None = None, opener: Any = None) -> Any:
    """One try of the agency's home page, stored. In-process by default (what the platform
    itself serves, with no network in between); over HTTP to ``GONGKAI_SITE_URL`` when
    ``GONGKAI_SELF_INSPECTION_PROBE_HTTP`` is on, which also sees the proxy, TLS and DNS
    the public goes through (ADR 0027)."""
    from gongkai.self_inspection.crawl import crawl_client
    from gongkai.self_inspection.models import ProbeTry

    path = reverse("portal:agency_home", kwargs={"agency": agency.slug})
    started = time.monotonic()
    status = 0
    if getattr(settings, "GONGKAI_SELF_INSPECTION_PROBE_HTTP", False):
        url = site_url() + path
        try:
            opener = opener or urllib.request.urlopen
            with opener(url, timeout=rules.AVAILABILITY_TIMEOUT_SECONDS) as response:
                response.read(rules.LINK_MAX_BYTES)
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except (OSError, ValueError):
            status = 0
    else:
        url = path
        client, secure = crawl_client()
        try:
            status = client.get(path, secure=secure).status_code
        except Exception:  # noqa: BLE001 - a crash is an unavailable page
            status = 500
    seconds = time.monotonic() - started
    ok = 200 <= status < 400 and seconds <= rules.AVAILABILITY_TIMEOUT_SECONDS
    return ProbeTry.objects.create(agency=agency, at=now or timezone.now(), url=url[:500],
                                   seconds=seconds, status=status, ok=ok)


def week_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def snapshot_week(agency: Any, *, now: dt.datetime | None = None) -> tuple[Any, bool]:
    """This week's snapshot: (snapshot, created). A second run in the same week keeps the
    first (so the job may run daily and the e-mail goes once)."""
    from gongkai.self_inspection.models import Snapshot

    now = now or timezone.now()
    week = week_of(timezone.localdate(now))
    existing = Snapshot.objects.filter(agency=agency, week=week).first()
    if existing is not None:
        return existing, False
    result = inspect(agency, now=now)
    try:
        with transaction.atomic():
            snap = Snapshot.objects.create(agency=agency, week=week, score=result["score"],
                                           vetoes=len(result["vetoes"]), result=result)
    except IntegrityError:
        return Snapshot.objects.get(agency=agency, week=week), False
    return snap, True


def trend(agency: Any, *, weeks: int = 13) -> list[Any]:
    from gongkai.self_inspection.models import Snapshot

    return list(Snapshot.objects.filter(agency=agency).order_by("-week")[:weeks])[::-1]


def office_recipients(agency: Any) -> list[str]:
    from gongkai.core.models import Membership
    from gongkai.self_inspection.policies import VIEW_ROLES

    emails = {agency.email} if agency.email else set()
    emails |= set(Membership.objects.filter(agency=agency, role__in=VIEW_ROLES)
                  .exclude(user__email="").values_list("user__email", flat=True))
    return sorted(e for e in emails if e)


def weekly_mail(agency: Any, snapshot: Any) -> bool:
    recipients = office_recipients(agency)
    if not recipients:
        return False
    result = snapshot.result
    lines = [f"{agency.name} 网站自查（{snapshot.week:%Y-%m-%d} 当周）",
             f"得分：{result['score']}；单项否决：{len(result['vetoes'])}项", ""]
    for veto in result["vetoes"]:
        lines.append(f"【单项否决】{veto['name']}（{veto['count']}处）")
    for deduction in result["deductions"]:
        lines.append(f"【扣{deduction['points']}分】{deduction['name']}（{deduction['count']}处）")
    lines += ["", "详情：" + absolute_url(reverse("staff:self_inspection_agency",
                                                 kwargs={"agency": agency.slug}))]
    try:
        send_mail(f"网站自查周报：{agency.short_name or agency.name} {result['score']}分",
                  "\n".join(lines), settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:  # noqa: BLE001 - the snapshot stays; the dashboard shows it
        log.exception("weekly self-inspection mail for %s failed", agency.slug)
        return False
    return True


def quarter_bounds(quarter: str) -> tuple[dt.date, dt.date]:
    """``"2026Q4"`` → (first day, last day)."""
    year, q = int(quarter[:4]), int(quarter[-1])
    if not 1 <= q <= 4 or quarter[4:5].upper() != "Q":
        raise ValueError(quarter)
    first = dt.date(year, 3 * q - 2, 1)
    last = (dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1))
    return first, last


def current_quarter(today: dt.date) -> str:
    return f"{today.year}Q{(today.month - 1) // 3 + 1}"


def quarter_report(agency: Any, quarter: str, *, now: dt.datetime | None = None) -> dict:
    """The quarter's result: the last weekly snapshot in it, or the live inspection when
    the quarter is still running (and has none yet); with the weeks' scores."""
    from gongkai.self_inspection.models import Snapshot

    first, last = quarter_bounds(quarter)
    now = now or timezone.now()
    weeks = list(Snapshot.objects.filter(agency=agency, week__gte=week_of(first),
                                         week__lte=last).order_by("week"))
    today = timezone.localdate(now)
    if first <= today <= last or not weeks:
        result = inspect(agency, now=now)
    else:
        result = weeks[-1].result
    return {"quarter": quarter, "first": first, "last": last, "result": result,
            "weeks": [(s.week, s.score, s.vetoes) for s in weeks]}
