"""Reads: reports, the agency named by code or slug, and the cases behind a figure."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from gongkai.core.models import Agency
from gongkai.reports.models import AnnualReport, ReportStatus


def agency_by_code_or_slug(value: str) -> Agency | None:
    """The CLI names agencies by organisation code (002420455M), URLs by slug."""
    return (Agency.objects.filter(organisation_code__iexact=value).first()
            or Agency.objects.filter(slug=value).first())


def published_reports(agency: Agency) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(agency=agency, status=ReportStatus.PUBLISHED) \
        .order_by("-year")


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
                    for key, value in row.get("values", {}).items():
                        column = labels[key]
                        rows.append({
                            "year": report.year, "format": report.format, "table": table["key"],
                            "block": block["label"], "row": row["label"],
                            "column": (f"{column['group']} {column['label']}".strip()),
                            "cell": f"{table['key']}/{row['key']}/{key}", "value": value,
                        })
    return rows
