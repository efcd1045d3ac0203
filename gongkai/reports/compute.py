"""The annual report's figures, computed in the database, and its self-checks.

Table 三 (Regulations Art. 50(2); format 国办公开办函〔2021〕30号): every application the
agency received up to 31 December and had not closed before 1 January is counted exactly
once on each side of the cross-check (勾稽关系):

- 一 (new): received in the year; 二 (carried in): received before the year and not closed
  before 1 January;
- 三 (results): closed in the year, in the row of its reply type and sub-reason
  (``applications.reply_types.report_key``; partial disclosure only as 部分公开);
  四 (carried forward): not closed by 31 December.

So 一 + 二 = 三（七）+ 四 holds per column by construction; it fails only where an officer
replaced a computed figure (``StaffFigure``) or a closed case has no reply type, and the check
then names the cell. Columns are the applicant's type and, for organisations, category
(a blank category counts as 其他). Each side is one GROUP BY query over the agency's cases, so
the time grows with the number of cases the database scans, not with Python work per case.

Table 四 (Art. 50(3)): reconsiderations and lawsuits filed in the year about the agency's
cases, by their result as at 31 December (undecided then: 尚未审结).

Table 二 (Art. 50(1), items of Art. 20): 规章 and 行政规范性文件 from the catalogue (genre
named 规章; genres marked normative, records with a validity); cells another app counts
through ``sources.py`` (行政许可, 行政处罚, 行政强制 from enforcement decisions); every other
figure is one staff enter with its source.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from gongkai.reports import format as fmt
from gongkai.reports import sources
from gongkai.reports.format import (
    APPLICANT_COLUMNS,
    CARRIED_FORWARD,
    CARRIED_IN,
    NEW,
    TOTAL,
    ReportFormat,
    cell_id,
)

Number = int | Decimal

COMPUTED = "computed"      # counted from the platform's applications or reviews
CATALOGUE = "catalogue"    # counted from the catalogue
STAFF = "staff"            # entered by staff, with a source
DERIVED = "derived"        # a total of other cells
MISSING = "missing"        # nothing known: shown as 0, flagged for the officer
UNCLASSIFIED = "unclassified"


@dataclass
class Cell:
    id: str
    value: Number
    source: str
    note: str = ""


@dataclass
class Check:
    rule: str
    ok: bool
    cells: list[str] = field(default_factory=list)
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "ok": self.ok, "cells": self.cells, "detail": self.detail}


@dataclass
class Figures:
    agency_id: int
    year: int
    format: ReportFormat
    cells: dict[str, Cell]
    unclassified: int = 0  # closed in the year without a known reply type row
    checks: list[Check] = field(default_factory=list)

    def value(self, cell: str) -> Number:
        found = self.cells.get(cell)
        return found.value if found else 0

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)


# Period and column filters (shared by the counts and the drill-down lists) -------------------


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def period_q(row: str, year: int) -> Q:
    start, end = year_bounds(year)
    if row == NEW:
        return Q(received_on__gte=start, received_on__lte=end)
    if row == CARRIED_IN:
        return Q(received_on__lt=start) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start))
    if row == CARRIED_FORWARD:
        return Q(received_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))
    # Every result row: closed in the year.
    return Q(received_on__lte=end, closed_on__gte=start, closed_on__lte=end)


def column_q(column: str) -> Q:
    if column == "total":
        return Q()
    if column == "natural_person":
        return Q(applicant_type="natural_person")
    organisation = Q(applicant_type="organisation")
    if column == "other":
        return organisation & (Q(organisation_category="other") | Q(organisation_category=""))
    return organisation & Q(organisation_category=column)


def result_q(row: str) -> Q:
    reply_type, _sep, sub = row.partition(":")
    q = Q(reply_type=reply_type)
    return q & Q(reply_type_reason=sub) if sub else q


def _column_of(applicant_type: str, category: str) -> str:
    if applicant_type == "natural_person":
        return "natural_person"
    return category if category in APPLICANT_COLUMNS else "other"


def _result_row(reply_type: str, reason: str, report_format: int,
                numeric_rows: set[str]) -> str | None:
    from gongkai.applications import reply_types

    try:
        key = reply_types.report_key(reply_type, reason, report_format)
    except reply_types.ReplyTypeError:
        return None
    if key == "disclosed" or key in numeric_rows:
        return key
    return None


# Table 三 -----------------------------------------------------------------------------------


def applications_for(agency_id: int) -> QuerySet[Any]:
    from gongkai.applications.models import Application

    return Application.objects.filter(agency_id=agency_id)


def _counts_table_3(agency_id: int, year: int, report_format: ReportFormat
                    ) -> tuple[dict[str, int], int]:
    table = report_format.table("三")
    numeric_rows = {r.key for r in table.blocks[0].rows if r.numeric}
    counts: dict[str, int] = defaultdict(int)
    cases = applications_for(agency_id)
    for row in (NEW, CARRIED_IN, CARRIED_FORWARD):
        grouped = (cases.filter(period_q(row, year)).order_by()
                   .values_list("applicant_type", "organisation_category")
                   .annotate(n=Count("id")))
        for applicant_type, category, n in grouped:
            counts[cell_id("三", row, _column_of(applicant_type, category))] += n
    unclassified = 0
    grouped_results = (cases.filter(period_q(TOTAL, year)).order_by()
                       .values_list("applicant_type", "organisation_category", "reply_type",
                                    "reply_type_reason")
                       .annotate(n=Count("id")))
    for applicant_type, category, reply_type, reason, n in grouped_results:
        row_key = _result_row(reply_type, reason, report_format.code, numeric_rows)
        if row_key is None:
            unclassified += n
            continue
        counts[cell_id("三", row_key, _column_of(applicant_type, category))] += n
    return counts, unclassified


# Table 四 -----------------------------------------------------------------------------------


def reviews_for(agency_id: int, year: int) -> QuerySet[Any]:
    from gongkai.applications.models import Review

    start, end = year_bounds(year)
    return Review.objects.filter(application__agency_id=agency_id, filed_on__gte=start,
                                 filed_on__lte=end)


def review_result_q(result: str, year: int) -> Q:
    _start, end = year_bounds(year)
    pending = Q(decided_on__isnull=True) | Q(decided_on__gt=end) | Q(outcome="pending")
    if result == "pending":
        return pending
    if result == "total":
        return Q()
    return ~pending & Q(outcome=result)


def _counts_table_4(agency_id: int, year: int) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    reviews = reviews_for(agency_id, year)
    pending = review_result_q("pending", year)
    for kind, n in reviews.filter(pending).order_by().values_list("kind").annotate(n=Count("id")):
        counts[cell_id("四", "cases", f"{kind}.pending")] += n
    decided = reviews.exclude(pending).order_by().values_list("kind", "outcome") \
        .annotate(n=Count("id"))
    for kind, outcome, n in decided:
        counts[cell_id("四", "cases", f"{kind}.{outcome}")] += n
    return counts


# Table 二 (from the catalogue) -----------------------------------------------------------


def catalogue_records_q(row: str) -> Q:
    if row == "rules":
        return Q(genre__name="规章")
    return Q(genre__is_normative=True) & ~Q(genre__name="规章") & ~Q(validity="")


def catalogue_cell_q(column: str, year: int) -> Q | None:
    """The records behind a 规章/行政规范性文件 cell, or None if the catalogue cannot say."""
    start, end = year_bounds(year)
    published = Q(published_on__isnull=False) & ~Q(status="withdrawn")
    if column in ("issued", "made"):
        return published & Q(formed_on__gte=start, formed_on__lte=end)
    if column == "published":
        return published & Q(published_on__gte=start, published_on__lte=end)
    if column == "repealed":
        return published & Q(validity="repealed", validity_changed_on__gte=start,
                             validity_changed_on__lte=end)
    if column == "in_force":
        still = Q(validity="valid") | (Q(validity__in=["repealed", "expired"])
                                       & Q(validity_changed_on__gt=end))
        return published & Q(formed_on__lte=end) & still
    if column == "total_public":
        return published & Q(published_on__lte=end)
    return None


def _counts_table_2(agency_id: int, year: int, report_format: ReportFormat) -> dict[str, int]:
    from gongkai.catalogue.models import Record

    block = report_format.table("二").blocks[0]
    aggregates: dict[str, Any] = {}
    for row in block.rows:
        for column in block.columns:
            q = catalogue_cell_q(column.key, year)
            if q is not None:
                aggregates[f"c{len(aggregates)}"] = Count(
                    "id", filter=catalogue_records_q(row.key) & q)
    names = [cell_id("二", r.key, c.key) for r in block.rows for c in block.columns
             if catalogue_cell_q(c.key, year) is not None]
    result = Record.objects.filter(agency_id=agency_id).aggregate(**aggregates)
    return {name: result[f"c{i}"] for i, name in enumerate(names)}


# Assembly ----------------------------------------------------------------------------------


def staff_figures(agency_id: int, year: int) -> dict[str, Any]:
    from gongkai.reports.models import StaffFigure

    return {f.cell: f for f in StaffFigure.objects.filter(agency_id=agency_id, year=year)}


def _as_number(value: Decimal) -> Number:
    return int(value) if value == value.to_integral_value() else value


def compute(agency_id: int, year: int, report_format: int | ReportFormat) -> Figures:
    rf = report_format if isinstance(report_format, ReportFormat) else fmt.get_format(report_format)
    counts_3, unclassified = _counts_table_3(agency_id, year, rf)
    counts: dict[str, tuple[int, str]] = {k: (v, COMPUTED) for k, v in counts_3.items()}
    counts.update({k: (v, COMPUTED) for k, v in _counts_table_4(agency_id, year).items()})
    counts.update({k: (v, CATALOGUE) for k, v in _counts_table_2(agency_id, year, rf).items()})
    external = sources.external_counts(agency_id, year, rf)  # other apps' cells (sources.py)
    counts.update({k: (v, COMPUTED) for k, (v, _note) in external.items()})
    figures = staff_figures(agency_id, year)
    cells: dict[str, Cell] = {}
    derived: list[tuple[str, list[str]]] = []
    for table in rf.tables:
        for block in table.blocks:
            for row in block.rows:
                if not row.numeric:
                    continue
                for column in block.columns:
                    cid = cell_id(table.key, row.key, column.key)
                    staff = figures.get(cid)
                    if staff is not None:
                        cells[cid] = Cell(cid, _as_number(staff.value), STAFF, staff.source)
                        continue
                    parts = _derived_from(table.key, row.key, column.key, rf)
                    if parts is not None:
                        derived.append((cid, parts))
                        continue
                    if table.key == "二" and cid not in counts:
                        cells[cid] = Cell(cid, 0, MISSING)
                        continue
                    value, source = counts.get(cid, (0, COMPUTED))
                    cells[cid] = Cell(cid, value, source, external.get(cid, (0, ""))[1])
    # Totals: row totals first (they feed nothing), then the 总计 row sums by column.
    for cid, parts in sorted(derived, key=lambda item: item[0].endswith("/total")):
        cells[cid] = Cell(cid, sum((_value(cells, counts, p) for p in parts), 0), DERIVED)
    result = Figures(agency_id, year, rf, cells, unclassified)
    result.checks = run_checks(result)
    return result


def _value(cells: dict[str, Cell], counts: dict[str, tuple[int, str]], cid: str) -> Number:
    if cid in cells:
        return cells[cid].value
    return counts.get(cid, (0, COMPUTED))[0]


def result_rows(rf: ReportFormat) -> list[str]:
    rows = rf.table("三").blocks[0].rows
    start = next(i for i, r in enumerate(rows) if r.key == fmt.RESULTS)
    end = next(i for i, r in enumerate(rows) if r.key == TOTAL)
    return [r.key for r in rows[start + 1:end] if r.numeric]


def _derived_from(table: str, row: str, column: str, rf: ReportFormat) -> list[str] | None:
    """The cells a total cell is the sum of; None for a cell that is not a total."""
    if table == "三" and row == TOTAL and column != "total":
        return [cell_id("三", r, column) for r in result_rows(rf)]
    if table == "三" and column == "total":
        return [cell_id("三", row, c) for c in APPLICANT_COLUMNS]
    if table == "四" and column.endswith(".total"):
        group = column.split(".")[0]
        return [cell_id("四", row, f"{group}.{r}") for r, _label in fmt.REVIEW_RESULTS
                if r != "total"]
    return None


# Self-checks (勾稽关系) ----------------------------------------------------------------------


def run_checks(figures: Figures) -> list[Check]:
    rf = figures.format
    v = figures.value
    checks: list[Check] = []
    columns = {c.key: c.label for c in rf.table("三").blocks[0].columns}
    for column, label in columns.items():
        left = v(cell_id("三", NEW, column)) + v(cell_id("三", CARRIED_IN, column))
        right = v(cell_id("三", TOTAL, column)) + v(cell_id("三", CARRIED_FORWARD, column))
        ok = left == right
        checks.append(Check(
            f"一 + 二 = 三（七）+ 四({label})", ok,
            [] if ok else [cell_id("三", r, column) for r in (NEW, CARRIED_IN, TOTAL,
                                                               CARRIED_FORWARD)],
            f"{left} ≠ {right}" if not ok else f"{left} = {right}"))
    for row in rf.table("三").blocks[0].rows:
        if not row.numeric:
            continue
        total = v(cell_id("三", row.key, "total"))
        summed = sum((v(cell_id("三", row.key, c)) for c in APPLICANT_COLUMNS), 0)
        ok = total == summed
        checks.append(Check(f"总计 = 各类申请人之和({row.label})", ok,
                            [] if ok else [cell_id("三", row.key, "total")],
                            f"{total} ≠ {summed}" if not ok else f"{total}"))
    for column, label in columns.items():
        total = v(cell_id("三", TOTAL, column))
        summed = sum((v(cell_id("三", r, column)) for r in result_rows(rf)), 0)
        ok = total == summed
        checks.append(Check(f"（七）总计 = 各办理结果之和({label})", ok,
                            [] if ok else [cell_id("三", TOTAL, column)],
                            f"{total} ≠ {summed}" if not ok else f"{total}"))
    for group, group_label in fmt.REVIEW_GROUPS:
        total = v(cell_id("四", "cases", f"{group}.total"))
        summed = sum((v(cell_id("四", "cases", f"{group}.{r}")) for r, _l in fmt.REVIEW_RESULTS
                      if r != "total"), 0)
        ok = total == summed
        checks.append(Check(f"总计 = 各结果之和({group_label})", ok,
                            [] if ok else [cell_id("四", "cases", f"{group}.total")],
                            f"{total} ≠ {summed}" if not ok else f"{total}"))
    ok = figures.unclassified == 0
    checks.append(Check("每件办结的申请归入一个办理结果", ok,
                        [] if ok else [cell_id("三", TOTAL, "total")],
                        f"{figures.unclassified} 件办结申请没有可归入的答复类型" if not ok else ""))
    return checks


# Drill-down: the cases and records behind a figure --------------------------------------------


def cell_cases(agency_id: int, year: int, cell: str, report_format: int) -> QuerySet[Any] | None:
    """The applications, reviews or catalogue records counted in ``cell`` (None: staff
    figure or a cell with nothing behind it on the platform)."""
    rf = fmt.get_format(report_format)
    if not rf.has_cell(cell):
        return None
    table, row, column = fmt.split_cell(cell)
    if table == "三":
        qs = applications_for(agency_id).filter(column_q(column))
        if row in (NEW, CARRIED_IN, CARRIED_FORWARD):
            return qs.filter(period_q(row, year))
        qs = qs.filter(period_q(TOTAL, year))
        if row == TOTAL:
            return qs
        return qs.filter(result_q(row))
    if table == "四":
        group, result = column.split(".")
        return reviews_for(agency_id, year).filter(kind=group).filter(
            review_result_q(result, year))
    from gongkai.catalogue.models import Record

    q = catalogue_cell_q(column, year)
    if q is None or row not in ("rules", "normative"):
        return None
    return Record.objects.filter(agency_id=agency_id).filter(catalogue_records_q(row) & q)
