"""The openness evaluation dashboard (work plan point 21: openness work in the departments'
yearly assessment): per department and for the agency, over a chosen period.

Counts are GROUP BY queries; only the 20-working-day test (Regulations Art. 26) runs in
Python, once per distinct forming date, because the working-day calendar is data
(``gongkai.workdays.calendar``), not SQL. The scorecard weights come from the setting
GONGKAI_REPORTS_SCORECARD_WEIGHTS.
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q

from gongkai.core.models import Agency

UNASSIGNED = 0  # the department key of items without a department

METRIC_LABELS = {
    "proactive_timeliness": "主动公开按时发布率",
    "applications_on_time": "依申请公开按时办结率",
    "attribute_reviews": "公开属性审查完成率",
}


@dataclass
class Line:
    department_id: int
    name: str
    proactive: int = 0
    proactive_on_time: int = 0
    received: int = 0
    closed: int = 0
    on_time: int = 0
    overdue: int = 0
    open_overdue: int = 0
    handling_days: list[int] = field(default_factory=list)
    reply_types: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    reviews_done: int = 0
    reviews_pending: int = 0
    score: float | None = None

    @property
    def proactive_share(self) -> float | None:
        return self.proactive_on_time / self.proactive if self.proactive else None

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.closed if self.closed else None

    @property
    def reviews_share(self) -> float | None:
        total = self.reviews_done + self.reviews_pending
        return self.reviews_done / total if total else None

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.handling_days) if self.handling_days else None


@dataclass
class Evaluation:
    agency: Agency
    start: dt.date
    end: dt.date
    lines: list[Line]
    total: Line
    reply_type_labels: list[tuple[str, str]]
    campaigns: list[dict[str, Any]]
    report_year: int
    report_status: str
    weights: dict[str, float]
    #: the capability apps' figures for the period (``sources.evaluation_figures``)
    others: list[tuple[str, list[tuple[str, Any]]]] = field(default_factory=list)

    @property
    def reply_type_rows(self) -> list[tuple[str, int]]:
        return [(label, self.total.reply_types.get(code, 0)) for code, label in self.reply_type_labels]


def weights() -> dict[str, float]:
    raw = getattr(settings, "GONGKAI_REPORTS_SCORECARD_WEIGHTS", {}) or {}
    return {k: float(v) for k, v in raw.items() if k in METRIC_LABELS and float(v) > 0}


def score(line: Line, w: dict[str, float]) -> float | None:
    """Weighted mean of the shares a department has (a metric with nothing to measure is left
    out rather than counted as zero), as 0–100."""
    shares = {"proactive_timeliness": line.proactive_share,
              "applications_on_time": line.on_time_share,
              "attribute_reviews": line.reviews_share}
    present = {k: s for k, s in shares.items() if s is not None and k in w}
    if not present:
        return None
    weight = sum(w[k] for k in present)
    return round(100 * sum(w[k] * s for k, s in present.items()) / weight, 1)


def evaluate(agency: Agency, start: dt.date, end: dt.date) -> Evaluation:
    from gongkai.applications import reply_types
    from gongkai.applications.models import Application
    from gongkai.catalogue import timeliness
    from gongkai.catalogue.models import AttributeReview, Campaign
    from gongkai.catalogue.selectors import campaign_progress
    from gongkai.reports.models import AnnualReport

    lines: dict[int, Line] = {UNASSIGNED: Line(UNASSIGNED, "(未指定处室)")}
    for department in agency.departments.filter(is_active=True).order_by("sort_order", "id"):
        lines[department.pk] = Line(department.pk, department.name)

    def line(department_id: int | None) -> Line:
        return lines.get(department_id or UNASSIGNED) or lines[UNASSIGNED]

    # Proactive records published in the period, and whether within the Art. 26 limit: the
    # catalogue's one definition (its 发布及时性 page counts the same records).
    for row in timeliness.measure(agency_ids=[agency.pk], start=start, end=end):
        if row.pending:
            continue
        item = line(row.record.department_id)
        item.proactive += 1
        if not row.late:
            item.proactive_on_time += 1

    cases = Application.objects.filter(agency=agency)
    for department_id, n in (cases.filter(received_on__gte=start, received_on__lte=end).order_by()
                             .values_list("department_id").annotate(n=Count("id"))):
        line(department_id).received += n
    closed = cases.filter(closed_on__gte=start, closed_on__lte=end).order_by()
    for department_id, reply_type, n, late in (
            closed.values_list("department_id", "reply_type")
            .annotate(n=Count("id"), late=Count("id", filter=Q(closed_on__gt=F("due_on"))))):
        item = line(department_id)
        item.closed += n
        item.overdue += late
        item.on_time += n - late
        item.reply_types[reply_type or ""] += n
    for department_id, received_on, closed_on in closed.values_list("department_id", "received_on",
                                                                    "closed_on"):
        if closed_on is not None:  # the filter guarantees it; mypy cannot know
            line(department_id).handling_days.append((closed_on - received_on).days)
    open_late = cases.filter(received_on__lte=end, due_on__lt=end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=end)).order_by()
    for department_id, n in open_late.values_list("department_id").annotate(n=Count("id")):
        line(department_id).open_overdue += n

    reviews = AttributeReview.objects.filter(record__agency=agency).order_by()
    for department_id, n in (reviews.exclude(decision="")
                             .filter(decided_at__date__gte=start, decided_at__date__lte=end)
                             .values_list("record__department_id").annotate(n=Count("id"))):
        line(department_id).reviews_done += n
    for department_id, n in (reviews.filter(decision="", opened_on__lte=end)
                             .values_list("record__department_id").annotate(n=Count("id"))):
        line(department_id).reviews_pending += n

    w = weights()
    total = Line(-1, agency.short_name)
    for item in lines.values():
        item.score = score(item, w)
        for name in ("proactive", "proactive_on_time", "received", "closed", "on_time", "overdue",
                     "open_overdue", "reviews_done", "reviews_pending"):
            setattr(total, name, getattr(total, name) + getattr(item, name))
        total.handling_days.extend(item.handling_days)
        for key, n in item.reply_types.items():
            total.reply_types[key] += n
    total.score = score(total, w)
    shown = [item for key, item in lines.items()
             if key != UNASSIGNED or any((item.proactive, item.received, item.closed,
                                          item.reviews_done, item.reviews_pending))]
    campaigns = [{"name": c.name, **campaign_progress(c)}
                 for c in Campaign.objects.filter(agency=agency)]
    report_year = end.year - 1
    report = AnnualReport.objects.filter(agency=agency, year=report_year).first()
    status = report.get_status_display() if report else "未编制"
    labels = [(o.code, str(o.label)) for o in reply_types.REPLY_TYPES]
    from gongkai.reports.sources import evaluation_figures

    return Evaluation(agency, start, end, shown, total, labels, campaigns, report_year,
                      str(status), w, evaluation_figures(agency, start, end))


COLUMNS = [
    ("name", "处室"), ("proactive", "主动公开信息数"), ("proactive_on_time", "其中20个工作日内发布"),
    ("proactive_share", "按时发布率"), ("received", "收到申请"), ("closed", "办结申请"),
    ("on_time", "按时办结"), ("overdue", "逾期办结"), ("open_overdue", "期末逾期未结"),
    ("median_days", "办理时长中位数(自然日)"), ("reviews_done", "完成公开属性审查"),
    ("reviews_pending", "待审查"), ("score", "年度评分"),
]


def cell_value(line: Line, key: str) -> Any:
    value = getattr(line, key)
    if key.endswith("_share") and value is not None:
        return round(100 * value, 1)
    return value


def to_xlsx(data: Evaluation) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "考核评价"
    sheet.append([f"{data.agency.name} 政务公开考核评价 {data.start}—{data.end}"])
    sheet.append([label for _key, label in COLUMNS]
                 + [label for _code, label in data.reply_type_labels])
    for item in [*data.lines, data.total]:
        sheet.append([cell_value(item, key) for key, _label in COLUMNS]
                     + [item.reply_types.get(code, 0) for code, _label in data.reply_type_labels])
    sheet.append([])
    sheet.append(["评分权重"] + [f"{METRIC_LABELS[k]}:{v:g}" for k, v in data.weights.items()])
    sheet.append([f"{data.report_year}年度报告", data.report_status])
    for campaign in data.campaigns:
        sheet.append(["历史信息转化", campaign["name"], campaign["total"], campaign["reviewed"],
                      campaign["converted"]])
    for title, rows in data.others:
        sheet.append([])
        sheet.append([title])
        for label, value in rows:
            sheet.append([label, value])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
