"""Import from CSV/Excel: every refused row reported, nothing half-written; updates keep
history; an export imports back unchanged."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from gongkai.audit.models import AuditEvent
from gongkai.core.policies import PermissionDeniedError
from gongkai.directory import services
from gongkai.directory.models import Entity, EntityChange
from tests.directory.factories import credit_code

HEADER = "类别,名称或姓名,所在区,执业（许可）证号,统一社会信用代码,执业机构证号,服务范围\n"
FIRM_CODE = credit_code(11)


def csv_bytes(rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return (header + rows).encode(encoding)


GOOD = (f"律师事务所,上海申江律师事务所,黄浦区,{FIRM_CODE},{FIRM_CODE},,民事诉讼\n"
        f"律师,张三,黄浦区,13101201811234567,,{FIRM_CODE},婚姻家庭\n"
        "lawyer,李四,黄浦区,13101201811234568,,,刑事辩护\n"
        "人民调解委员会,外滩街道人民调解委员会,黄浦区,,,,邻里纠纷\n")


@pytest.mark.django_db
def test_good_file_imports_with_parents_from_the_same_file(agency, agency_admin):
    # The lawyer comes before nothing: rows are written organisations first.
    rows = GOOD.splitlines(keepends=True)
    report = services.directory_import(actor=agency_admin, agency=agency, filename="名录.csv",
                                       data=csv_bytes(rows[1] + rows[0] + rows[2] + rows[3]))
    assert report.ok and report.written, report.errors
    assert (report.created, report.updated) == (4, 0)
    zhang = Entity.objects.get(name="张三")
    assert zhang.parent.name == "上海申江律师事务所"
    assert EntityChange.objects.filter(batch=report.batch).count() == 4
    assert AuditEvent.objects.filter(verb="directory.import").count() == 1


@pytest.mark.django_db
def test_gbk_csv_is_read(agency, agency_admin):
    report = services.directory_import(actor=agency_admin, agency=agency, filename="a.csv",
                                       data=csv_bytes(GOOD, encoding="gb18030"))
    assert report.written and report.created == 4


@pytest.mark.django_db
def test_every_bad_row_is_reported_and_nothing_is_written(agency, agency_admin):
    rows = GOOD + (
        "律师,王五,黄浦区,123,,,\n"                                  # licence number
        f"律师事务所,重复所,黄浦区,{FIRM_CODE},,,\n"                    # duplicate licence
        f"律师事务所,错码所,黄浦区,{credit_code(12)},91350100M000100Y44,,\n"  # credit code
        "占卜师,赵六,黄浦区,,,,\n"                                    # kind
        "律师,钱七,黄浦区,13101201811234569,,99999999999999999,\n"    # unknown firm
    )
    report = services.directory_import(actor=agency_admin, agency=agency, filename="a.csv",
                                       data=csv_bytes(rows))
    assert not report.written
    assert report.refused_lines == [6, 7, 8, 9, 10]
    text = " ".join(e.message for e in report.errors)
    assert "格式不正确" in text and "重复" in text and "校验位" in text
    assert "取值不在允许的范围内" in text and "找不到证号" in text
    assert not Entity.objects.exists() and not EntityChange.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("header,message", [
    ("名称或姓名,所在区\n", "缺少必需的列“类别”"),
    ("类别,名称或姓名,星座\n", "未知的列“星座”"),
    ("类别,名称或姓名,name\n", "重复"),
])
def test_wrong_columns_refuse_the_whole_file(agency, agency_admin, header, message):
    report = services.directory_import(actor=agency_admin, agency=agency, filename="a.csv",
                                       data=csv_bytes("律师,张三\n", header=header))
    assert not report.written and any(message in e.message for e in report.errors)


@pytest.mark.django_db
def test_unreadable_files_are_refused(agency, agency_admin):
    for name, data in (("a.xlsx", b"not a workbook"), ("a.pdf", b"%PDF"), ("a.csv", b"")):
        report = services.directory_import(actor=agency_admin, agency=agency, filename=name,
                                           data=data)
        assert not report.ok and report.errors[0].line == 0


@pytest.mark.django_db
def test_reimport_updates_with_history_and_dry_run_writes_nothing(agency, agency_admin):
    services.directory_import(actor=agency_admin, agency=agency, filename="a.csv",
                              data=csv_bytes(GOOD))
    changed = GOOD.replace("婚姻家庭", "婚姻家庭;继承")
    dry = services.directory_import(actor=agency_admin, agency=agency, filename="a.csv",
                                    data=csv_bytes(changed), dry_run=True)
    assert dry.ok and not dry.written and dry.updated == 4
    assert Entity.objects.get(name="张三").services == "婚姻家庭"
    report = services.directory_import(actor=agency_admin, agency=agency, filename="a.csv",
                                       data=csv_bytes(changed))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    zhang = Entity.objects.get(name="张三")
    assert zhang.services == "婚姻家庭;继承"
    assert zhang.changes.first().changes["services"] == ["婚姻家庭", "婚姻家庭;继承"]


@pytest.mark.django_db
def test_excel_import_and_export_round_trip(agency, agency_admin):
    book = Workbook()
    sheet = book.active
    sheet.append(["类别", "名称或姓名", "执业（许可）证号", "有效期至"])
    sheet.append(["律师事务所", "上海申江律师事务所", FIRM_CODE, "2027-06-30"])
    out = io.BytesIO()
    book.save(out)
    report = services.directory_import(actor=agency_admin, agency=agency, filename="a.xlsx",
                                       data=out.getvalue())
    assert report.written, report.errors
    assert str(Entity.objects.get().licence_valid_until) == "2027-06-30"
    body, content_type, filename = services.directory_export(actor=agency_admin, agency=agency,
                                                             fmt="xlsx")
    assert filename.endswith(".xlsx") and "spreadsheet" in content_type
    rows = list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))
    assert rows[1][1] == "上海申江律师事务所"
    csv_body, _, _ = services.directory_export(actor=agency_admin, agency=agency, fmt="csv")
    again = services.directory_import(actor=agency_admin, agency=agency, filename="b.csv",
                                      data=csv_body)
    assert again.ok and again.unchanged == 1, again.errors
    assert AuditEvent.objects.filter(verb="directory.export").count() == 2


@pytest.mark.django_db
def test_editors_may_not_import_or_export(agency, editor):
    with pytest.raises(PermissionDeniedError):
        services.directory_import(actor=editor, agency=agency, filename="a.csv",
                                  data=csv_bytes(GOOD))
    with pytest.raises(PermissionDeniedError):
        services.directory_export(actor=editor, agency=agency, fmt="csv")
