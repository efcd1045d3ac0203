import datetime as dt
import json

import pytest

from gongkai.audit.models import AuditEvent
from gongkai.services import exporter, selectors, services
from gongkai.services.models import Power, PowerVersion
from tests.factories import DepartmentFactory
from tests.services.factories import LAWYERS, library

ON = dt.date(2025, 3, 1)
HEADER = "code,type,name,department,basis,responsibilities,accountability,reason\n"


@pytest.fixture
def laws(db):
    return library()


def _import(agency, text: str, name: str = "powers.csv"):
    columns, rows = exporter.read_rows(text.encode("utf-8"), name)
    return services.powers_import(actor=None, agency=agency, rows=rows, columns=columns,
                                  effective_on=ON)


def test_import_creates_then_changes_and_round_trips(agency, laws):
    DepartmentFactory(agency=agency, name="律师工作管理处")
    report = _import(agency, HEADER
                     + "QL-1,行政许可,律师执业许可,律师工作管理处,中华人民共和国律师法 第六条,审查,追责,\n"
                     + "QL-2,行政处罚,对律师的处罚,,律师法 第四十七条;法律援助法 第二条,,,\n")
    assert report.ok and (report.created, report.changed) == (2, 0)
    versions = list(selectors.powers_on(agency_id=agency.pk, on=ON))
    exported = exporter.powers_csv_text(versions)
    assert exported.startswith("\ufeffcode,type,name")
    assert "中华人民共和国律师法 第四十七条；中华人民共和国法律援助法 第二条" in exported
    # The export imports back unchanged.
    again = _import(agency, exported)
    assert again.ok and (again.created, again.changed, again.unchanged) == (0, 0, 2)
    # A changed row needs its reason.
    edited = exported.replace("对律师的处罚", "对律师违法行为的行政处罚")
    refused = _import(agency, edited)
    assert refused.errors == [(3, "事项“QL-2”内容有变化，须在 reason 列说明调整理由。")]
    json_rows = json.loads(exporter.powers_json_text(versions))
    json_rows[1]["name"] = "对律师违法行为的行政处罚"
    json_rows[1]["reason"] = "名称规范"
    done = _import(agency, json.dumps(json_rows, ensure_ascii=False), "powers.json")
    assert done.ok and done.changed == 1
    assert PowerVersion.objects.get(power__code="QL-2", number=2).change_reason == "名称规范"
    assert AuditEvent.objects.filter(verb="services.powers_import").count() == 3


def test_bad_rows_are_all_reported_and_nothing_is_written(agency, laws):
    report = _import(agency, HEADER
                     + "QL-1,行政许可,律师执业许可,,律师法 第六条,,,\n"
                     + "QL-1,行政许可,重复,,律师法 第六条,,,\n"
                     + "QL-3,许可证,名称,,律师法 第六条,,,\n"
                     + "QL-4,行政许可,名称,,不存在的法 第一条,,,\n"
                     + "QL-5,行政许可,名称,无此处室,律师法 第九十九条,,,\n"
                     + "QL-6,行政许可,名称,,,,,\n")
    assert not report.ok
    rows = dict(report.errors)
    assert set(rows) == {3, 4, 5, 6, 7}
    assert "与第 2 行重复" in rows[3]
    assert "权力类型“许可证”" in rows[4]
    assert "不在法律法规库中" in rows[5]
    assert "处室“无此处室”不存在" in rows[6] and "第九十九条" in rows[6]
    assert "设定依据为空" in rows[7]
    assert not Power.objects.exists()


def test_wrong_columns_are_refused(agency, laws):
    report = _import(agency, "编码,名称\nQL-1,x\n")
    assert report.errors[0][0] == 1 and "缺少列" in report.errors[0][1]
    assert not Power.objects.exists()


def test_unreadable_files(agency, laws):
    with pytest.raises(ValueError, match="JSON"):
        exporter.read_rows(b"{not json", "x.json")
    with pytest.raises(ValueError, match="对象数组"):
        exporter.read_rows(b'{"a": 1}', "x.json")
    text = HEADER + "Q,行政许可,名,,律师法 第六条,,,\n"
    columns, rows = exporter.read_rows(text.encode("gb18030"), "x.csv")
    assert rows[0]["name"] == "名" and columns[0] == "code"
    assert LAWYERS  # the library is there
