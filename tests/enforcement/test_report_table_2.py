"""Table 二 of the annual report (行政许可, 行政处罚, 行政强制: 本年处理决定数量) is computed
from the recorded decisions, through reports' figure-source hook."""

import datetime as dt

import pytest

from gongkai.reports import compute
from gongkai.reports import format as fmt
from gongkai.reports.models import StaffFigure
from tests.enforcement.factories import decision

D = dt.date
pytestmark = pytest.mark.django_db


def _figures(agency, year):
    return compute.compute(agency.pk, year, fmt.default_format(year))


def test_table_2_counts_the_years_decisions_by_category(agency, other_agency):
    for day in (D(2025, 1, 6), D(2025, 6, 2), D(2025, 12, 31)):
        decision(agency, category="licence", decided_on=day)
    decision(agency, category="penalty", decided_on=D(2025, 3, 3))
    decision(agency, category="inspection", decided_on=D(2025, 3, 3))  # no row in table 二
    decision(agency, category="licence", decided_on=D(2024, 12, 31))  # another year
    decision(other_agency, category="coercion", decided_on=D(2025, 5, 5))  # another agency
    figures = _figures(agency, 2025)
    licensing = figures.cells["二/licensing/decisions"]
    assert (licensing.value, licensing.source) == (3, compute.COMPUTED)
    assert licensing.note == "行政执法公示统计"
    assert figures.value("二/penalty/decisions") == 1
    coercion = figures.cells["二/coercion/decisions"]
    assert (coercion.value, coercion.source) == (0, compute.COMPUTED)  # recorded: truly none
    assert _figures(other_agency, 2025).value("二/coercion/decisions") == 1


def test_a_staff_figure_still_wins_and_an_agency_without_decisions_is_not_covered(agency):
    assert _figures(agency, 2025).cells["二/penalty/decisions"].source == compute.MISSING
    decision(agency, category="penalty", decided_on=D(2025, 3, 3))
    StaffFigure.objects.create(agency=agency, year=2025, cell="二/penalty/decisions", value=5,
                               source="执法系统导出")
    cell = _figures(agency, 2025).cells["二/penalty/decisions"]
    assert (cell.value, cell.source) == (5, compute.STAFF)


def test_the_2019_format_rows_are_filled_too(agency):
    decision(agency, category="coercion", decided_on=D(2020, 5, 6))
    figures = compute.compute(agency.pk, 2020, fmt.FORMAT_2019)
    assert figures.value("二/coercion/decisions") == 1
    assert figures.cells["二/licensing/decisions"].source == compute.COMPUTED
