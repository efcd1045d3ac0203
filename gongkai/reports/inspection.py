"""Annual reports for the website self-inspection: the column and, after 31 January, a
missing report for the year before (条例 第五十条). Plain dicts (gongkai.core.registry)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max
from django.urls import reverse

from gongkai.reports.models import AnnualReport, ReportStatus


def inspection_columns(agency: Any) -> list[dict[str, Any]]:
    published = AnnualReport.objects.filter(agency=agency, status=ReportStatus.PUBLISHED)
    last = published.aggregate(last=Max("published_at"))["last"]
    return [{"key": "reports.annual", "name": "政府信息公开年报", "kind": "report",
             "url": reverse("reports:index", kwargs={"agency": agency.slug}),
             "updated_on": last.date() if last else None, "count": published.count()}]


def inspection_signals(agency: Any, context: dict[str, dt.date]) -> list[dict[str, Any]]:
    today = context["today"]
    year = today.year - 1
    deadline = dt.date(today.year, 1, 31)
    if today <= deadline:
        return []
    report = AnnualReport.objects.filter(agency=agency, year=year).first()
    late = report is None or report.published_at is None or \
        report.published_at.date() > deadline
    if not late:
        return []
    detail = "尚未发布" if report is None or report.published_at is None else \
        f"{report.published_at:%Y-%m-%d} 发布"
    return [{"key": "annual_report_late", "items": [{
        "title": f"{year}年度报告", "url": reverse("reports:index", kwargs={"agency": agency.slug}),
        "detail": f"应于{deadline:%Y-%m-%d}前发布，{detail}"}]}]
