"""Table 三 and 四 from the cases: every cell, the cross-check, and a failure naming a cell."""
import datetime as dt

import pytest

from gongkai.applications import reply_types
from gongkai.reports import compute
from gongkai.reports import format as fmt
from gongkai.reports.format import cell_id
from gongkai.reports.models import StaffFigure
from tests.reports.conftest import add_review, make_case, save_cases

pytestmark = pytest.mark.django_db

COLUMNS = [("natural_person", ""), ("organisation", "commercial"), ("organisation", "research"),
           ("organisation", "public_interest"), ("organisation", "legal_service"),
           ("organisation", "other")]
COLUMN_KEYS = ["natural_person", "commercial", "research", "public_interest", "legal_service",
               "other"]


def _pairs():
    for item in reply_types.REPLY_TYPES:
        if not item.reasons:
            yield item.code, ""
        for sub in item.reasons:
            yield item.code, sub.code


def test_format_rows_match_the_outcome_codes():
    for code in fmt.FORMATS:
        rf = fmt.get_format(code)
        rows = [r.key for r in rf.table("三").blocks[0].rows if r.numeric]
        expected = [r.key for r in reply_types.report_rows(code)
                    if r.key == "total" or r.key in rows]
        assert compute.result_rows(rf) + ["total"] == [k for k in expected]
    assert len(fmt.get_format(2021).table("四").blocks[0].columns) == 15
    assert [c.label for c in fmt.get_format(2021).table("三").blocks[0].columns] == [
        "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def test_a_year_of_cases_fills_every_cell(agency, other_agency):
    """Case i of reply-type pair p goes to column (p + i) % 6, with i + 1 cases per pair, so
    each cell gets a distinct, predictable count."""
    year = 2025
    cases = []
    expected = {}
    for p, (reply_type, reason) in enumerate(_pairs()):
        key = reply_types.report_key(reply_type, reason)
        for c in range(6):
            count = (p + c) % 3 + 1
            applicant, category = COLUMNS[c]
            for _ in range(count):
                cases.append(make_case(agency, received=dt.date(year, 2, 3),
                                       closed=dt.date(year, 3, 3), reply_type=reply_type,
                                       reason=reason, applicant=applicant, category=category))
            expected[cell_id("三", key, COLUMN_KEYS[c])] = expected.get(
                cell_id("三", key, COLUMN_KEYS[c]), 0) + count
    # carried in: received 2024, closed 2025 (counted in its result row too) or still open
    for c, (applicant, category) in enumerate(COLUMNS):
        for _ in range(c + 1):
            cases.append(make_case(agency, received=dt.date(2024, 12, 20),
                                   closed=dt.date(2025, 1, 10), reply_type="disclosed",
                                   reason="provided", applicant=applicant, category=category))
        cases.append(make_case(agency, received=dt.date(2024, 12, 28), applicant=applicant,
                               category=category))  # still open: in and forward
        for _ in range(2 * c + 1):
            cases.append(make_case(agency, received=dt.date(2025, 12, 30), applicant=applicant,
                                   category=category))  # new and forward
        # closed in 2026: forward; closed in 2024: not in the report at all
        cases.append(make_case(agency, received=dt.date(2025, 12, 1), closed=dt.date(2026, 1, 5),
                               reply_type="disclosed", applicant=applicant, category=category))
        cases.append(make_case(agency, received=dt.date(2024, 5, 1), closed=dt.date(2024, 6, 1),
                               reply_type="disclosed", applicant=applicant, category=category))
    # noise from another agency
    cases.append(make_case(other_agency, received=dt.date(year, 5, 5), closed=dt.date(year, 6, 1),
                           reply_type="disclosed"))
    save_cases(cases)
    for c, key in enumerate(COLUMN_KEYS):
        expected[cell_id("三", "disclosed", key)] += c + 1

    figures = compute.compute(agency.pk, year, 2021)
    assert figures.ok, [c for c in figures.checks if not c.ok]
    for (cid, value) in expected.items():
        assert figures.value(cid) == value, cid
    results_rows = compute.result_rows(figures.format)
    for c, key in enumerate(COLUMN_KEYS):
        results = sum(expected.get(cell_id("三", r, key), 0) for r in results_rows)
        new = sum(expected.get(cell_id("三", r, key), 0) for r in results_rows) - (c + 1) \
            + (2 * c + 1) + 1
        assert figures.value(cell_id("三", "total", key)) == results
        assert figures.value(cell_id("三", "new", key)) == new
        assert figures.value(cell_id("三", "carried_in", key)) == (c + 1) + 1
        assert figures.value(cell_id("三", "carried_forward", key)) == 1 + (2 * c + 1) + 1
    assert figures.value(cell_id("三", "new", "total")) == sum(
        figures.value(cell_id("三", "new", k)) for k in COLUMN_KEYS)
    # every numeric cell of table 三 is non-zero except none: the year covers every row/column
    table = figures.format.table("三")
    empty = [cid for cid in table.cell_ids() if figures.value(cid) == 0]
    assert empty == []


def test_2019_format_counts_other_handling_in_one_row(agency):
    save_cases([make_case(agency, received=dt.date(2020, 3, 2), closed=dt.date(2020, 3, 9),
                          reply_type="other", reason=r) for r in ("no_correction", "fee_unpaid",
                                                               "other")])
    figures = compute.compute(agency.pk, 2020, 2019)
    assert figures.value(cell_id("三", "other", "natural_person")) == 3
    assert not figures.format.has_cell(cell_id("三", "other:fee_unpaid", "total"))
    assert figures.ok


def test_real_2019_report_cross_check(agency):
    """Shanghai Municipal Government General Office, 2019: 859 + 18 = 805 + 72."""
    new = [("natural_person", "")] * 821 + [("organisation", "commercial")] * 35 \
        + [("organisation", "legal_service")] * 2 + [("organisation", "other")] * 1
    cases = []
    for i, (applicant, category) in enumerate(new):
        closed = dt.date(2019, 11, 1) if i < 805 - 18 else None
        cases.append(make_case(agency, received=dt.date(2019, 3, 1), closed=closed,
                               reply_type="disclosed" if closed else "", applicant=applicant,
                               category=category))
    for _ in range(18):  # carried in from 2018, all closed in 2019
        cases.append(make_case(agency, received=dt.date(2018, 12, 20),
                               closed=dt.date(2019, 1, 15), reply_type="withheld",
                               reason="process_information"))
    saved = save_cases(cases)
    for i in range(7):
        add_review(saved[i], "reconsideration", "upheld" if i < 5 else "pending",
                   filed=dt.date(2019, 6, 1), decided=dt.date(2019, 9, 1) if i < 5 else None)
    for i in range(9):
        add_review(saved[10 + i], "litigation_direct", "upheld" if i < 8 else "pending",
                   filed=dt.date(2019, 6, 1), decided=dt.date(2019, 10, 1) if i < 8 else None)
    figures = compute.compute(agency.pk, 2019, 2019)
    v = figures.value
    assert v("三/new/total") == 859 and v("三/carried_in/total") == 18
    assert v("三/total/total") == 805 and v("三/carried_forward/total") == 72
    assert v("三/new/natural_person") == 821 and v("三/new/commercial") == 35
    assert v("三/new/legal_service") == 2 and v("三/new/other") == 1
    assert v("三/new/total") + v("三/carried_in/total") == v("三/total/total") + v(
        "三/carried_forward/total")
    assert v("四/cases/reconsideration.upheld") == 5 and v("四/cases/reconsideration.pending") == 2
    assert v("四/cases/reconsideration.total") == 7
    assert v("四/cases/litigation_direct.upheld") == 8
    assert v("四/cases/litigation_direct.pending") == 1
    assert v("四/cases/litigation_direct.total") == 9
    assert figures.ok


def test_real_2019_report_entered_by_staff_and_a_wrong_figure_named(agency):
    entered = {"三/new/natural_person": 821, "三/new/commercial": 35, "三/new/legal_service": 2,
               "三/new/other": 1, "三/carried_in/natural_person": 18,
               "三/disclosed/natural_person": 769, "三/disclosed/commercial": 18,
               "三/withheld:state_secret/natural_person": 18,
               "三/carried_forward/natural_person": 52, "三/carried_forward/commercial": 17,
               "三/carried_forward/legal_service": 2, "三/carried_forward/other": 1}
    for cell, value in entered.items():
        StaffFigure.objects.create(agency=agency, year=2019, cell=cell, value=value,
                                   source="2019年度报告")
    figures = compute.compute(agency.pk, 2019, 2019)
    assert figures.value("三/new/total") == 859 and figures.value("三/total/total") == 805
    assert figures.value("三/carried_forward/total") == 72
    assert figures.ok, [c for c in figures.checks if not c.ok]
    StaffFigure.objects.filter(cell="三/carried_forward/commercial").update(value=16)
    figures = compute.compute(agency.pk, 2019, 2019)
    failed = [c for c in figures.checks if not c.ok]
    assert {c.rule for c in failed} == {"一 + 二 = 三（七）+ 四(商业企业)",
                                        "一 + 二 = 三（七）+ 四(总计)"}
    assert "三/carried_forward/commercial" in failed[0].cells


def test_a_wrong_total_is_named(agency):
    StaffFigure.objects.create(agency=agency, year=2025, cell="三/new/total", value=3, source="x")
    StaffFigure.objects.create(agency=agency, year=2025, cell="四/cases/reconsideration.total",
                               value=1, source="x")
    failed = [c for c in compute.compute(agency.pk, 2025, 2021).checks if not c.ok]
    cells = {cell for c in failed for cell in c.cells}
    assert "三/new/total" in cells and "四/cases/reconsideration.total" in cells


def test_closed_case_without_outcome_fails_the_check(agency):
    save_cases([make_case(agency, received=dt.date(2025, 3, 2), closed=dt.date(2025, 3, 9),
                          reply_type="")])
    figures = compute.compute(agency.pk, 2025, 2021)
    assert not figures.ok
    assert {c.rule for c in figures.checks if not c.ok} == {
        "每件办结的申请归入一个办理结果", "一 + 二 = 三（七）+ 四(自然人)", "一 + 二 = 三（七）+ 四(总计)"}


def test_drill_down_lists_exactly_the_counted_cases(agency):
    cases = save_cases([
        make_case(agency, received=dt.date(2025, 3, 2), closed=dt.date(2025, 3, 9),
                  reply_type="withheld", reason="third_party", applicant="organisation",
                  category="research"),
        make_case(agency, received=dt.date(2025, 3, 2), closed=dt.date(2025, 3, 9),
                  reply_type="withheld", reason="state_secret", applicant="organisation",
                  category="research"),
        make_case(agency, received=dt.date(2024, 12, 2)),
    ])
    qs = compute.cell_cases(agency.pk, 2025, "三/withheld:third_party/research", 2021)
    assert list(qs.values_list("pk", flat=True)) == [cases[0].pk]
    qs = compute.cell_cases(agency.pk, 2025, "三/carried_in/total", 2021)
    assert list(qs.values_list("pk", flat=True)) == [cases[2].pk]
    assert compute.cell_cases(agency.pk, 2025, "三/nonsense/total", 2021) is None


def test_table_2_from_the_catalogue(agency, editor):
    from gongkai.catalogue import services as catalogue
    from gongkai.catalogue.models import Record
    from tests.factories import record_fields

    rules = catalogue.genre_get_or_create(code="gz", name="规章", is_normative=True)
    normative = catalogue.genre_get_or_create(code="gfxwj", name="行政规范性文件",
                                              is_normative=True)
    specs = [(rules, dt.date(2025, 2, 1), "valid", None), (normative, dt.date(2025, 4, 1), "valid",
                                                         None),
             (normative, dt.date(2020, 4, 1), "repealed", dt.date(2025, 6, 1)),
             (normative, dt.date(2019, 4, 1), "valid", None)]
    for i, (genre, formed, validity, changed) in enumerate(specs):
        fields = record_fields(genre=genre, formed_on=formed, validity=validity,
                               validity_changed_on=changed,
                               document_number=f"沪司规〔{formed.year}〕{i + 1}号")
        record = catalogue.record_create(actor=None, agency=agency, **fields)
        Record.objects.filter(pk=record.pk).update(status="published", published_on=formed)
    figures = compute.compute(agency.pk, 2025, 2021)
    assert figures.value("二/rules/issued") == 1
    assert figures.value("二/normative/issued") == 1
    assert figures.value("二/normative/repealed") == 1
    assert figures.value("二/normative/in_force") == 2
    assert figures.cells["二/licensing/decisions"].source == compute.MISSING
    StaffFigure.objects.create(agency=agency, year=2025, cell="二/licensing/decisions", value=12,
                               source="行政审批系统导出")
    figures = compute.compute(agency.pk, 2025, 2021)
    assert figures.value("二/licensing/decisions") == 12
    assert figures.cells["二/licensing/decisions"].note == "行政审批系统导出"
