"""Public pages: the published annual reports of an agency, their downloads and open data.

Only published reports appear, from their frozen snapshot; drafts never leave the staff
pages. The reports carry no applicant data (counts only).
"""

from __future__ import annotations

import csv
import io
import json

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gongkai.core import charts
from gongkai.core.access import public_view
from gongkai.core.models import Agency
from gongkai.core.selectors import agency_get_public
from gongkai.reports import charts as report_charts
from gongkai.reports import render as report_render
from gongkai.reports import selectors

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
OPEN_DATA_FIELDS = ["year", "format", "table", "block", "row", "column", "cell", "value"]


def _agency_or_404(request: HttpRequest, slug: str) -> Agency:
    agency = agency_get_public(slug)
    if agency is None:
        raise Http404("no such agency")
    request.agency = agency  # type: ignore[attr-defined]  # the portal header shows it
    return agency


@public_view
@require_GET
def index(request: HttpRequest, agency: str) -> HttpResponse:
    found = _agency_or_404(request, agency)
    trend = report_charts.new_applications_by_year(list(selectors.published_reports(found)))
    return render(request, "reports/public/index.html", {
        "agency": found, "reports": selectors.report_listing(found),
        "trend": trend if len(trend) > 1 else [],
        "trend_chart": charts.column_chart(trend, title=_("历年新收政府信息公开申请数量"),
                                           chart_id="trend") if len(trend) > 1 else "",
        "nav_current": "disclosure"})


@public_view
@require_GET
def detail(request: HttpRequest, agency: str, year: int) -> HttpResponse:
    found = _agency_or_404(request, agency)
    report = selectors.published_report(found, year)
    if report is None:
        raise Http404("no published report")
    tables = report_render.snapshot_tables(report.snapshot)
    sections = [{"key": s["key"], "title": s["title"], "text": s.get("text", ""),
                 "table": tables.get(s.get("table", ""))}
                for s in report.snapshot.get("sections", [])]
    outcomes = report_charts.outcome_bars(report.snapshot)
    return render(request, "reports/public/detail.html", {
        "agency": found, "report": report, "sections": sections, "outcomes": outcomes,
        "outcomes_chart": charts.bar_chart(outcomes, title=_("本年度办理结果"),
                                           chart_id="outcomes") if outcomes else "",
        "format_document": report.snapshot.get("format_document", ""),
        "nav_current": "disclosure"})


@public_view
@require_GET
def download(request: HttpRequest, agency: str, year: int, ext: str) -> FileResponse:
    found = _agency_or_404(request, agency)
    report = selectors.published_report(found, year)
    if report is None or ext not in CONTENT_TYPES or not getattr(report, ext):
        raise Http404("no such file")
    name = f"{found.short_name}{year}年政府信息公开工作年度报告.{ext}"
    return FileResponse(getattr(report, ext).open("rb"), as_attachment=True, filename=name,
                        content_type=CONTENT_TYPES[ext])


@public_view
@require_GET
def open_data(request: HttpRequest, agency: str, ext: str) -> HttpResponse:
    found = _agency_or_404(request, agency)
    rows = selectors.open_data_rows(found)
    if ext == "json":
        body = json.dumps({"agency": {"code": found.organisation_code, "name": found.name},
                           "fields": OPEN_DATA_FIELDS, "rows": rows}, ensure_ascii=False)
        return HttpResponse(body, content_type="application/json; charset=utf-8")
    if ext != "csv":
        raise Http404("no such format")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=OPEN_DATA_FIELDS)
    writer.writeheader()
    writer.writerows(rows)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="annual-reports-{found.slug}.csv"'
    return response
