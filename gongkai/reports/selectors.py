"""Reads: reports, the agency named by code or slug, and the cases behind a figure."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet

from gongkai.core.models import Agency
from gongkai.reports.completeness import NOT_ENTERED
from gongkai.reports.compute import MISSING
from gongkai.reports.models import AnnualReport, ReportStatus


def agency_by_code_or_slug(value: str) -> Agency | None:
    """The CLI names agencies by organisation code (002420455M), URLs by slug."""
    return (Agency.objects.filter(organisation_code__iexact=value).first()
            or Agency.objects.filter(slug=value).first())


def published_reports(agency: Agency) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(agency=agency, status=ReportStatus.PUBLISHED) \
        .order_by("-year")


# "上海市司法局2019年政府信息公开工作年度报告": the year a catalogue record reports on.
REPORT_TITLE_RE = re.compile(r"(\d{4})年(?:度)?政府信息公开工作年度报告")


def report_listing(agency: Agency) -> list[dict[str, Any]]:
    """Every annual report of the agency the public can read, newest year first: those
    published here (from their snapshot) and the earlier ones the catalogue holds as
    records of genre 年度报告 (published before the platform, or imported). One entry per
    year; a report published here wins over a record of the same year."""
    from django.urls import reverse

    from gongkai.catalogue.selectors import public_records

    entries: dict[int, dict[str, Any]] = {}
    own_records: set[int] = set()
    for report in published_reports(agency):
        if report.record_id:
            own_records.add(report.record_id)
        entries[report.year] = {
            "year": report.year, "title": report.title, "published_on": report.published_at,
            "url": reverse("reports:detail", kwargs={"agency": agency.slug, "year": report.year}),
            "computed": True}
    records = (public_records(agency_id=agency.pk).filter(genre__code="annual-report")
               .order_by("-published_on", "-pk").only("pk", "title", "published_on"))
    for record in records:
        found = REPORT_TITLE_RE.search(record.title)
        if found is None or record.pk in own_records:
            continue
        year = int(found.group(1))
        entries.setdefault(year, {
            "year": year, "title": record.title, "published_on": record.published_on,
            "url": reverse("catalogue:record", kwargs={"agency": agency.slug, "pk": record.pk}),
            "computed": False})
    return [entries[year] for year in sorted(entries, reverse=True)]


def published_report(agency: Agency, year: int) -> AnnualReport | None:
    return published_reports(agency).filter(year=year).first()


def report_for(agency: Agency, year: int) -> AnnualReport | None:
    return AnnualReport.objects.filter(agency=agency, year=year).first()


def reports_for_agencies(agency_ids: list[int] | None) -> QuerySet[AnnualReport]:
    qs = AnnualReport.objects.select_related("agency").order_by("agency_id", "-year")
    return qs if agency_ids is None else qs.filter(agency_id__in=agency_ids)


def agencies(agency_ids: list[int] | None) -> QuerySet[Agency]:
    qs = Agency.objects.filter(is_active=True).order_by("sort_order", "id")
    return qs if agency_ids is None else qs.filter(pk__in=agency_ids)


def open_data_rows(agency: Agency) -> list[dict[str, Any]]:
    """Every figure of every published report, flat (year, table, block, row, column, value),
    from the frozen snapshots: the open data is what was published."""
    rows: list[dict[str, Any]] = []
    for report in published_reports(agency).order_by("year"):
        for table in report.snapshot.get("tables", []):
            for block in table["blocks"]:
                labels = {c["key"]: c for c in block["columns"]}
                for row in block["rows"]:
                    sources = row.get("sources", {})
                    for key, value in row.get("values", {}).items():
                        column = labels[key]
                        if value is None or sources.get(key) == MISSING:
                            value = NOT_ENTERED
                        rows.append({
                            "year": report.year, "format": report.format, "table": table["key"],
                            "block": block["label"], "row": row["label"],
                            "column": (f"{column['group']} {column['label']}".strip()),
                            "cell": f"{table['key']}/{row['key']}/{key}", "value": value,
                        })
    return rows
