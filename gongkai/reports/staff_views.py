"""Staff pages: the report editor (figures, texts, checks, publish), the cases behind a
figure, and the evaluation dashboard. Mounted under /staff/reports/ (``staff`` namespace).

``staff_view`` asks the coarse question (does the person hold a report role anywhere); each
view asks again for the agency in the URL, so staff of another agency get the 403 page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core import charts
from gongkai.core.access import staff_view
from gongkai.core.models import Agency
from gongkai.core.policies import PermissionDeniedError
from gongkai.reports import completeness, compute, dashboard, selectors, services
from gongkai.reports import format as fmt
from gongkai.reports import render as report_render
from gongkai.reports.models import ReportStatus
from gongkai.reports.policies import ReportPolicy, may_evaluate_any, may_view_any
from gongkai.reports.workflow import InvalidReportTransition

SOURCE_LABELS = {compute.COMPUTED: "平台统计", compute.CATALOGUE: "公开目录统计",
                 compute.STAFF: "人工填报", compute.DERIVED: "合计", compute.MISSING: "未填报"}


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/forbidden.html", status=403)


@staff_view(may_view_any)
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    ids = ReportPolicy.agencies_viewable(request.user)
    agencies = list(selectors.agencies(ids))
    last_year = timezone.localdate().year - 1
    if request.method == "POST":
        agency = get_object_or_404(Agency, pk=request.POST.get("agency"))
        try:
            year = int(request.POST.get("year", ""))
        except ValueError:
            year = 0
        if not 2008 <= year <= last_year + 1:
            messages.error(request, "请填写有效的年度。")
            return redirect("staff:reports_index")
        try:
            services.report_get_or_create(actor=request.user, agency=agency, year=year)
        except PermissionDeniedError:
            return _forbidden(request)
        return redirect("staff:reports_edit", agency_id=agency.pk, year=year)
    return render(request, "reports/staff/index.html", {
        "agencies": agencies, "reports": selectors.reports_for_agencies(ids),
        "last_year": last_year})


def _cell_link(agency_id: int, year: int):
    base = reverse("staff:reports_cell", kwargs={"agency_id": agency_id, "year": year})
    return lambda cid: f"{base}?{urlencode({'cell': cid})}"


@staff_view(may_view_any)
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    agency = get_object_or_404(Agency, pk=agency_id)
    if not ReportPolicy.can_view_draft(request.user, agency):
        return _forbidden(request)
    report = selectors.report_for(agency, year)
    if report is None:
        return redirect("staff:reports_index")
    can_edit = ReportPolicy.can_edit(request.user, agency)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        if not can_edit:
            return _forbidden(request)
        action = request.POST.get("action")
        try:
            if action == "texts":
                services.report_update(actor=request.user, report=report,
                                       overview=request.POST.get("overview", ""),
                                       problems=request.POST.get("problems", ""),
                                       other_matters=request.POST.get("other_matters", ""),
                                       report_format=int(request.POST.get("format") or
                                                         report.format))
                messages.success(request, "已保存。")
            elif action == "figure":
                services.figure_set(actor=request.user, agency=agency, year=year,
                                    cell=request.POST.get("cell", ""),
                                    value=request.POST.get("value", ""),
                                    source=request.POST.get("source", ""),
                                    report_format=report.format)
                messages.success(request, "已保存填报数据。")
            elif action == "publish":
                services.report_publish(actor=request.user, report=report)
                messages.success(request, "年度报告已发布。")
            return redirect("staff:reports_edit", agency_id=agency.pk, year=year)
        except ValidationError as exc:
            errors = exc.message_dict
        except services.ReportIncomplete:
            # The items themselves are listed once, under "发布前须完成" below.
            errors = {"blockers": ["年度报告尚未完成，不能发布：请先完成下列各项。"]}
        except services.ReportChecksFailed as exc:
            for check in exc.checks:
                errors.setdefault("checks", []).append(
                    f"{check.rule}:{check.detail}(单元格 {'、'.join(check.cells)})")
        except InvalidReportTransition:
            errors = {"status": ["该年度报告已发布,不能再修改。"]}
        except ValueError:
            errors = {"format": ["未知的报告格式。"]}
    figures = services.report_figures(report)
    bad = {cell for c in figures.checks if not c.ok for cell in c.cells}
    staff_cells = [
        {"id": cid, "label": _cell_label(figures.format, cid)}
        for table in figures.format.tables for cid in table.cell_ids()
    ]
    return render(request, "reports/staff/edit.html", {
        "agency": agency, "report": report, "figures": figures, "can_edit": can_edit,
        "is_draft": report.status == ReportStatus.DRAFT,
        "sections": _sections(figures, report, _cell_link(agency.pk, year)),
        "checks": figures.checks,
        "blockers": (completeness.report_publish_blockers(report, figures)
                     if report.status == ReportStatus.DRAFT else []),
        "failed": [c for c in figures.checks if not c.ok], "bad_cells": bad,
        "staff_cells": staff_cells, "errors": errors, "formats": fmt.REPORT_FORMATS.values(),
        "staff_figures": compute.staff_figures(agency.pk, year).values(),
        "source_labels": SOURCE_LABELS,
    }, status=400 if errors else 200)


def _sections(figures: compute.Figures, report: Any, link: Any) -> list[dict[str, Any]]:
    tables = {t["key"]: t for t in report_render.table_context(figures, link=link)}
    fields = {"一": "overview", "五": "problems", "六": "other_matters"}
    return [{"key": s.key, "title": s.title, "table": tables.get(s.key),
             "field": fields.get(s.key, ""), "text": report.texts().get(s.key, "")}
            for s in figures.format.sections]


def _cell_label(rf: fmt.ReportFormat, cid: str) -> str:
    table_key, row_key, column_key = fmt.split_cell(cid)
    table = rf.table(table_key)
    block = table.block_of_row(row_key)
    assert block is not None
    row = next(r for r in block.rows if r.key == row_key)
    column = next(c for c in block.columns if c.key == column_key)
    return f"表{table_key} {block.label} · {row.label} · {(column.group + ' ') if column.group else ''}" \
           f"{column.label}"


@staff_view(may_view_any)
@require_http_methods(["GET"])
def cell(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    """The cases, reviews or records behind one figure."""
    agency = get_object_or_404(Agency, pk=agency_id)
    if not ReportPolicy.can_view_draft(request.user, agency):
        return _forbidden(request)
    report = selectors.report_for(agency, year)
    code = report.format if report else fmt.default_format(year)
    cid = request.GET.get("cell", "")
    rf = fmt.get_format(code)
    if not rf.has_cell(cid):
        return render(request, "reports/staff/cell.html", {
            "agency": agency, "year": year, "error": "没有这个单元格。"}, status=404)
    figures = compute.compute(agency.pk, year, code)
    item = figures.cells[cid]
    qs = compute.cell_cases(agency.pk, year, cid, code)
    kind = fmt.split_cell(cid)[0]
    page = None
    if qs is not None and item.source in (compute.COMPUTED, compute.CATALOGUE, compute.DERIVED):
        if kind == "四":
            qs = qs.select_related("application").order_by("filed_on", "id")
        elif kind == "三":
            qs = qs.order_by("received_on", "id")
        else:
            qs = qs.order_by("formed_on", "id")
        page = Paginator(qs, 100).get_page(request.GET.get("page"))
    return render(request, "reports/staff/cell.html", {
        "agency": agency, "year": year, "cell": item, "label": _cell_label(rf, cid),
        "kind": kind, "page_obj": page, "source_label": SOURCE_LABELS.get(item.source, ""),
        "query": urlencode({"cell": cid})})


# Evaluation dashboard ----------------------------------------------------------------------


def _period(request: HttpRequest) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    try:
        start = dt.date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        start = dt.date(today.year, 1, 1)
    try:
        end = dt.date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        end = today
    return (start, end) if start <= end else (end, start)


def _dashboard_agency(request: HttpRequest) -> Agency | None:
    ids = ReportPolicy.agencies_evaluable(request.user)
    agencies = selectors.agencies(ids)
    wanted = request.GET.get("agency")
    if wanted and wanted.isdigit():
        return agencies.filter(pk=int(wanted)).first()
    return agencies.first()


@staff_view(may_evaluate_any)
@require_http_methods(["GET"])
def dashboard_view(request: HttpRequest) -> HttpResponse:
    agency = _dashboard_agency(request)
    if agency is None:
        return _forbidden(request)
    start, end = _period(request)
    data = dashboard.evaluate(agency, start, end)
    scores = [charts.Bar(line.name, line.score, f"{line.score:g}") for line in data.lines
              if line.score is not None]
    replies = [charts.Bar(str(label), n) for label, n in data.reply_type_rows]
    return render(request, "reports/staff/dashboard.html", {
        "agency": agency, "start": start, "end": end, "data": data,
        # the figures are in the tables beside the charts
        "score_chart": charts.bar_chart(scores, title=_("各处室年度评分"), chart_id="scores")
        if scores else "",
        "reply_chart": charts.bar_chart(replies, title=_("办结申请的答复类型"),
                                        chart_id="replies", label_chars=12)
        if any(b.value for b in replies) else "",
        "agencies": selectors.agencies(ReportPolicy.agencies_evaluable(request.user)),
        "query": urlencode({"agency": agency.pk, "start": start.isoformat(),
                            "end": end.isoformat()}),
    })


@staff_view(may_evaluate_any)
@require_http_methods(["GET"])
def dashboard_xlsx(request: HttpRequest) -> HttpResponse:
    agency = _dashboard_agency(request)
    if agency is None:
        return _forbidden(request)
    start, end = _period(request)
    data = dashboard.evaluate(agency, start, end)
    response = HttpResponse(dashboard.to_xlsx(data), content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = (
        f'attachment; filename="evaluation-{agency.slug}-{start}-{end}.xlsx"')
    return response




urlpatterns = [
    path("", index, name="reports_index"),
    path("dashboard/", dashboard_view, name="reports_dashboard"),
    path("dashboard.xlsx", dashboard_xlsx, name="reports_dashboard_xlsx"),
    path("<int:agency_id>/<int:year>/", edit, name="reports_edit"),
    path("<int:agency_id>/<int:year>/cell/", cell, name="reports_cell"),
]
