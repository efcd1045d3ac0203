"""Bulk import (dry run, then all or nothing) and export of catalogue records."""

import csv
import datetime as dt
import io
import json
import zipfile

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.catalogue import importer
from gongkai.catalogue.exporter import iter_csv
from gongkai.catalogue.importer import (
    LABELS,
    DirectoryAttachments,
    catalogue_import,
    parse_date,
)
from gongkai.catalogue.models import (
    Attachment,
    DisclosureAttribute,
    IndexCounter,
    Record,
    RecordStatus,
    Validity,
)
from gongkai.catalogue.services import record_approve, record_create, record_submit
from gongkai.core.models import Role
from tests.factories import DepartmentFactory, record_fields, staff

TODAY = dt.datetime(2025, 6, 16, 10, 0, tzinfo=dt.UTC)
HEADER = ["title", "summary", "document_number", "formed_on", "topic", "genre",
          "disclosure_attribute", "withholding_reason", "index_number", "attachments"]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def good(i, **over):
    row = {"title": f"关于第{i}项工作的通知", "summary": "概述", "document_number": f"沪司办〔2020〕{i}号",
           "formed_on": "2020-04-23", "topic": "general", "genre": "notice",
           "disclosure_attribute": "proactive", "withholding_reason": "", "index_number": "",
           "attachments": ""}
    row.update(over)
    return row


def to_csv(rows, header=HEADER, *, chinese=False, encoding="utf-8", bom=False):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([LABELS[h] for h in header] if chinese else header)
    for row in rows:
        writer.writerow([row.get(h, "") for h in header])
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def run(agency, data, filename="records.csv", actor=None, **kwargs):
    return catalogue_import(actor=actor, agency=agency, filename=filename, data=data, **kwargs)


def nothing_written(agency):
    return (not Record.objects.filter(agency=agency).exists()
            and not AuditEvent.objects.filter(verb="catalogue.import").exists())


# Formats ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_csv_utf8_imports_drafts_through_services(agency, agency_admin):
    report = run(agency, to_csv([good(1), good(2)]), actor=agency_admin)
    assert report.ok, [str(e) for e in report.errors]
    assert (report.total, report.created, report.published, report.encoding) == (2, 2, 0, "UTF-8")
    records = list(Record.objects.filter(agency=agency).order_by("id"))
    assert [r.title for r in records] == ["关于第1项工作的通知", "关于第2项工作的通知"]
    assert all(r.status == RecordStatus.DRAFT and r.index_number is None for r in records)
    assert records[0].document_number == "沪司办〔2020〕1号" and records[0].created_by == agency_admin
    assert list(records[0].events.values_list("verb", flat=True)) == ["create", "import"]
    assert "records.csv 第2行" in records[0].events.get(verb="import").comment
    per_record = AuditEvent.objects.get(verb="record.import", object_id=str(records[1].pk))
    assert per_record.details["row"] == 3 and per_record.details["status"] == "draft"
    assert per_record.actor_id == agency_admin.pk and per_record.agency_id == agency.pk
    batch = AuditEvent.objects.get(verb="catalogue.import")
    assert batch.details["created"] == 2 and batch.actor_id == agency_admin.pk
    assert batch.details["record_ids"] == [[records[0].pk, records[1].pk]]
    assert len(batch.details["sha256"]) == 64


@pytest.mark.django_db
def test_csv_gbk_with_chinese_headers(agency):
    rows = [good(1, topic="综合政务", genre="通知", disclosure_attribute="依申请公开",
                 withholding_reason="涉及第三方商业秘密", formed_on="2020/4/3")]
    report = run(agency, to_csv(rows, chinese=True, encoding="gbk"))
    assert report.ok, [str(e) for e in report.errors]
    assert report.encoding == "GBK/GB18030"
    record = Record.objects.get(agency=agency)
    assert record.title == "关于第1项工作的通知" and record.formed_on == dt.date(2020, 4, 3)
    assert record.disclosure_attribute == DisclosureAttribute.ON_REQUEST
    assert record.withholding_reason == "涉及第三方商业秘密" and record.topic.code == "general"


@pytest.mark.django_db
def test_csv_utf8_bom_chinese_headers_and_optional_columns(agency):
    department = DepartmentFactory(agency=agency, name="办公室")
    header = [*HEADER, "department", "validity", "validity_changed_on", "is_official_document"]
    row = good(1, department="办公室", validity="废止", validity_changed_on="2023年5月1日",
               is_official_document="否", disclosure_attribute="")
    report = run(agency, to_csv([row], header, chinese=True, bom=True))
    assert report.ok, [str(e) for e in report.errors]
    assert report.encoding == "UTF-8 (BOM)"
    record = Record.objects.get(agency=agency)
    assert record.department == department and record.validity == Validity.REPEALED
    assert record.validity_changed_on == dt.date(2023, 5, 1) and not record.is_official_document
    # No attribute given: not decided at the source, kept from public view.
    assert record.disclosure_attribute == DisclosureAttribute.UNDECIDED


@pytest.mark.django_db
def test_xlsx_first_sheet_with_excel_dates(agency):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["标题", "文件编号", "产生日期", "主题分类", "体裁分类", "公开属性", "序号"])
    sheet.append(["Excel 日期单元格", "沪司发[2021]7号", dt.datetime(2021, 3, 5), "综合政务", "notice",
                  "主动公开", 1])
    sheet.append(["斜杠日期", "", "2021/3/6", "general", "公告", "proactive", 2])
    sheet.append([None, None, None, None, None, None, None])  # a blank row is skipped
    sheet.append(["序列号日期", "", 44261, "general", "通知", "主动公开", 3])
    workbook.create_sheet("第二页").append(["不读取"])
    out = io.BytesIO()
    workbook.save(out)
    report = run(agency, out.getvalue(), filename="目录.xlsx")
    assert report.ok, [str(e) for e in report.errors]
    assert report.total == 3 and report.ignored_columns == ["序号"]
    got = dict(Record.objects.filter(agency=agency).values_list("title", "formed_on"))
    assert got == {"Excel 日期单元格": dt.date(2021, 3, 5), "斜杠日期": dt.date(2021, 3, 6),
                   "序列号日期": dt.date(2021, 3, 6)}
    assert Record.objects.get(title="Excel 日期单元格").document_number == "沪司发〔2021〕7号"


@pytest.mark.django_db
def test_json_list_of_objects(agency, tmp_path):
    (tmp_path / "a.txt").write_text("附件正文", encoding="utf-8")
    items = [{"title": "JSON 一", "formed_on": "2020-01-02", "topic": "general", "genre": "notice",
              "disclosure_attribute": "proactive", "is_official_document": False,
              "attachments": ["a.txt"]},
             {"标题": "JSON 二", "产生日期": "2020-01-03", "主题分类": "综合政务", "体裁分类": "通知",
              "公开属性": "主动公开"}]
    report = run(agency, json.dumps(items, ensure_ascii=False).encode(), filename="r.json",
                 attachments=DirectoryAttachments(tmp_path))
    assert report.ok, [str(e) for e in report.errors]
    assert report.unit == "条" and report.attachments == 1
    first = Record.objects.get(title="JSON 一")
    assert not first.is_official_document
    assert first.attachments.get().extracted_text == "附件正文"


def test_parse_date_forms():
    assert parse_date("2020-04-23") == dt.date(2020, 4, 23)
    assert parse_date("2020/4/3") == dt.date(2020, 4, 3)
    assert parse_date("2020年4月3日") == dt.date(2020, 4, 3)
    assert parse_date("20200403") == dt.date(2020, 4, 3)
    assert parse_date("2020-04-23 00:00:00") == dt.date(2020, 4, 23)
    assert parse_date(43944) == dt.date(2020, 4, 23)
    with pytest.raises(ValueError, match="不是有效日期"):
        parse_date("2020-02-30")


# Every bad input: its own message, with row and column, and nothing written ---------------


GOOD_ROWS = 40  # the bad row comes last, after many good ones


@pytest.mark.django_db
@pytest.mark.parametrize(("bad", "expected"), [
    ({"title": ""}, "标题:必填,不能为空。"),
    ({"document_number": "司办2020-6"}, "文件编号:文件编号“司办2020-6”格式不正确"),
    ({"formed_on": "2025-06-17"}, "产生日期:产生日期 2025-06-17 不能晚于今天。"),
    ({"formed_on": "2020-13-01"}, "产生日期:“2020-13-01”不是有效日期"),
    ({"formed_on": ""}, "产生日期:必填,不能为空。"),
    ({"topic": "天文"}, "主题分类:未知的主题分类“天文”"),
    ({"genre": "诗歌"}, "体裁分类:未知的体裁分类“诗歌”"),
    ({"disclosure_attribute": "半公开"}, "公开属性:“半公开”无法识别"),
    ({"disclosure_attribute": "不予公开"}, "不予公开理由:非主动公开的信息须说明理由(源头认定)。"),
    ({"index_number": "002420455M/2020-35"}, "索取号:“002420455M/2020-35”格式不正确"),
    ({"index_number": "999999999/2020-00035"}, "索取号:“999999999/2020-00035”格式不正确"),
    ({"index_number": "002420455M/2019-00035"}, "索取号:索取号中的年份 2019 与产生日期的年份 2020 不一致。"),
    ({"index_number": "002420455M/2020-00001"}, "索取号:索取号“002420455M/2020-00001”与第2行重复。"),
    ({"attachments": "缺失.pdf"}, "附件:附件“缺失.pdf”不存在"),
    ({"attachments": "病毒.pdf"}, "附件:“病毒.pdf”:附件是可执行程序或脚本"),
    ({"attachments": "空.txt"}, "附件:“空.txt”:附件是空文件"),
    ({"attachments": "../secret.txt"}, "附件:附件“../secret.txt”的路径不正确"),
    ({"title": "关于第1项工作的通知", "document_number": "沪司办(2020)1号"},
     "标题:与第2行重复(文件编号和标题相同)。"),
])
def test_bad_row_after_many_good_ones_writes_nothing(agency, agency_admin, tmp_path, bad, expected):
    (tmp_path / "ok.pdf").write_bytes(PDF)
    (tmp_path / "病毒.pdf").write_bytes(b"MZ\x90\x00rest of an executable")
    (tmp_path / "空.txt").write_bytes(b"")
    (tmp_path.parent / "secret.txt").write_text("secret")
    rows = [good(i, attachments="ok.pdf") for i in range(1, GOOD_ROWS + 1)]
    rows[0]["index_number"] = "002420455M/2020-00001"
    rows.append(good(999, **bad))
    last_line = GOOD_ROWS + 2
    report = run(agency, to_csv(rows), actor=agency_admin,
                 attachments=DirectoryAttachments(tmp_path))
    assert [str(e) for e in report.errors] and str(report.errors[0]).startswith(f"第{last_line}行 ")
    assert expected in str(report.errors[0]), [str(e) for e in report.errors]
    assert len(report.errors) == 1 and report.ok_count == GOOD_ROWS
    assert report.created == 0 and nothing_written(agency)
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_unknown_department_and_collision_with_existing_records(agency, editor, reviewer):
    existing = record_create(actor=editor, agency=agency, **record_fields(document_number=""))
    record_submit(actor=editor, record=existing)
    record_approve(actor=reviewer, record=existing)  # takes 002420455M/2020-00001
    rows = [good(1, index_number="002420455M/2020-00001"),
            good(2, department="不存在的处"),
            good(3, title=existing.title, document_number="", formed_on="2020-04-23")]
    report = run(agency, to_csv([*rows], [*HEADER, "department"]))
    messages = [str(e) for e in report.errors]
    assert messages == [
        "第2行 索取号:索取号“002420455M/2020-00001”已被本机构的其他记录使用。",
        "第3行 处室:本机构没有名为“不存在的处”的处室。",
        "第4行 标题:本机构已有文件编号和标题都相同的记录,可能已经导入过。",
    ]
    assert Record.objects.filter(agency=agency).count() == 1


@pytest.mark.django_db
def test_file_level_errors(agency):
    assert "缺少必需的列:标题(title)" in str(run(agency, b"summary,formed_on\nx,2020-01-01\n").errors[0])
    assert "文件编码无法识别" in str(run(agency, b"title\n\xff\xfe\xfa\xfb\x80\n").errors[0])
    assert "JSON 文件应为对象的列表" in str(run(agency, b'{"a": 1}', filename="x.json").errors[0])
    assert "只支持" in str(run(agency, b"x", filename="x.doc").errors[0])
    assert "没有任何数据行" in str(run(agency, to_csv([])).errors[0])
    assert "无法读取 Excel 文件" in str(run(agency, b"not a workbook", filename="x.xlsx").errors[0])
    assert nothing_written(agency)


@pytest.mark.django_db
def test_many_errors_are_all_listed_and_display_is_capped(agency):
    rows = [good(i, formed_on="明天", topic="无") for i in range(1, 151)]
    report = run(agency, to_csv(rows))
    assert len(report.errors) == 300 and report.ok_count == 0
    assert len(report.errors_shown) == 200 and report.errors_hidden == 100
    assert "150 行有错误" in report.summary()


# Index numbers ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_historical_index_numbers_are_kept_and_new_serials_follow(agency, agency_admin, editor,
                                                                  reviewer):
    rows = [good(1, index_number="002420455M/2020-00035", published_on="2020-04-25"),
            good(2, index_number="002420455M/2020-00010"),
            good(3),  # no number: stays a draft without --publish
            good(4, formed_on="2021-02-01", document_number="", index_number="002420455M/2021-00007")]
    header = [*HEADER, "published_on"]
    report = run(agency, to_csv(rows, header), actor=agency_admin)
    assert report.ok, [str(e) for e in report.errors]
    assert report.published == 3
    kept = Record.objects.get(index_number="002420455M/2020-00035")
    assert kept.status == RecordStatus.PUBLISHED and kept.is_public
    assert kept.published_on == dt.date(2020, 4, 25) and kept.current_version.number == 1
    assert list(kept.events.values_list("verb", flat=True)) == ["create", "import", "submit", "publish"]
    assert Record.objects.get(title="关于第2项工作的通知").published_on == dt.date(2025, 6, 16)
    assert Record.objects.get(title="关于第3项工作的通知").status == RecordStatus.DRAFT
    assert IndexCounter.objects.get(agency=agency, year=2020).last_serial == 35
    assert IndexCounter.objects.get(agency=agency, year=2021).last_serial == 7
    new = record_create(actor=editor, agency=agency, **record_fields(document_number=""))
    record_submit(actor=editor, record=new)
    assert record_approve(actor=reviewer, record=new).index_number == "002420455M/2020-00036"


@pytest.mark.django_db
def test_publish_option_numbers_new_rows_after_historical_ones_in_the_same_file(agency,
                                                                               agency_admin):
    rows = [good(1), good(2, index_number="002420455M/2020-00005"), good(3)]
    report = run(agency, to_csv(rows), actor=agency_admin, publish=True)
    assert report.ok and report.published == 3
    numbers = sorted(Record.objects.values_list("index_number", flat=True))
    assert numbers == ["002420455M/2020-00005", "002420455M/2020-00006", "002420455M/2020-00007"]
    assert IndexCounter.objects.get(agency=agency, year=2020).last_serial == 7
    assert AuditEvent.objects.get(verb="catalogue.import").details["index_counters_raised"] == {
        "2020": 5}


@pytest.mark.django_db
@pytest.mark.parametrize("attribute", [DisclosureAttribute.PROACTIVE, DisclosureAttribute.ON_REQUEST])
def test_an_imported_publication_matches_one_made_through_review(agency, agency_admin, reviewer,
                                                                 attribute):
    """The import writes in bulk; what it writes must be what record_approve writes."""
    reason = "" if attribute == DisclosureAttribute.PROACTIVE else "涉及个人隐私"
    reviewed = record_create(actor=agency_admin, agency=agency, **record_fields(
        disclosure_attribute=attribute, withholding_reason=reason, keywords="法律援助"))
    record_submit(actor=agency_admin, record=reviewed)
    reviewed = record_approve(actor=agency_admin, record=reviewed)
    row = good(7, title="另一份通知", disclosure_attribute=attribute, withholding_reason=reason,
               keywords="法律援助", summary=reviewed.summary)
    report = run(agency, to_csv([row], [*HEADER, "keywords"]), actor=agency_admin, publish=True)
    assert report.ok, [str(e) for e in report.errors]
    imported = Record.objects.get(title="另一份通知")
    for name in ("status", "is_public", "published_on", "next_attribute_review_on", "publish_at",
                 "disclosure_attribute", "created_by_id", "formed_on", "validity", "is_classified"):
        assert getattr(imported, name) == getattr(reviewed, name), name
    assert imported.document_number_key == "沪司办20207"
    assert (reviewed.index_number, imported.index_number) == ("002420455M/2020-00001",
                                                              "002420455M/2020-00002")
    mine, theirs = imported.current_version, reviewed.current_version
    for name in ("number", "summary", "keywords", "formed_on", "topic_id", "genre_id",
                 "disclosure_attribute", "validity", "change_note", "published_by_id"):
        assert getattr(mine, name) == getattr(theirs, name), name
    assert (mine.title, mine.document_number) == ("另一份通知", "沪司办〔2020〕7号")
    assert list(imported.events.values_list("verb", flat=True)) == ["create", "import", "submit",
                                                                    "publish"]
    assert all(e.actor_id == agency_admin.pk for e in imported.events.all())


@pytest.mark.django_db
def test_published_rows_are_scanned_and_flagged_ones_held_for_review(agency, agency_admin,
                                                                    tmp_path):
    """The import passes the publication gate: a flagged row goes to 保密审查, unpublished."""
    (tmp_path / "名单.txt").write_text("联系人手机 13812345678", encoding="utf-8")
    rows = [good(1, summary="请联系 13912345678", attachments="名单.txt"), good(2)]
    report = run(agency, to_csv(rows), actor=agency_admin, publish=True,
                 attachments=DirectoryAttachments(tmp_path))
    assert report.ok and (report.published, report.held) == (1, 1)
    first = Record.objects.get(title="关于第1项工作的通知")
    assert sorted(first.findings.values_list("source", "kind")) == [("正文", "mobile"),
                                                                   ("附件:名单.txt", "mobile")]
    assert first.status == RecordStatus.IN_REVIEW and not first.is_public
    assert first.current_version is None
    assert AuditEvent.objects.get(verb="record.import", object_id=str(first.pk)).details[
        "findings"] == 2
    assert list(first.events.values_list("verb", flat=True)) == ["create", "import", "attach",
                                                                 "submit", "hold"]
    assert Record.objects.get(title="关于第2项工作的通知").is_public


@pytest.mark.django_db
def test_chunks_number_in_file_order_and_roll_back_together(agency, agency_admin, tmp_path,
                                                            monkeypatch):
    monkeypatch.setattr(importer._Batch, "CHUNK", 3)
    rows = [good(i, formed_on="2020-01-01" if i % 2 else "2021-01-01") for i in range(1, 11)]
    report = run(agency, to_csv(rows), actor=agency_admin, publish=True)
    assert report.ok and report.created == 10
    numbers = list(Record.objects.order_by("id").values_list("index_number", flat=True))
    assert numbers[:4] == ["002420455M/2020-00001", "002420455M/2021-00001",
                           "002420455M/2020-00002", "002420455M/2021-00002"]
    assert Record.objects.filter(current_version__isnull=True).count() == 0
    assert IndexCounter.objects.get(agency=agency, year=2020).last_serial == 5
    # A failure in the fourth chunk undoes the first three, counters included.
    (tmp_path / "a.txt").write_text("附件", encoding="utf-8")
    more = [good(i, formed_on="2020-02-02") for i in range(11, 21)]
    more[-1]["attachments"] = "a.txt"
    monkeypatch.setattr(importer, "record_attach", lambda **kwargs: (_ for _ in ()).throw(
        OSError(28, "No space left on device")))
    report = run(agency, to_csv(more), actor=agency_admin, publish=True,
                 attachments=DirectoryAttachments(tmp_path))
    assert [str(e) for e in report.errors] == ["第11行 附件:附件无法读取:No space left on device。"]
    assert Record.objects.count() == 10
    assert IndexCounter.objects.get(agency=agency, year=2020).last_serial == 5


@pytest.mark.django_db
def test_counter_is_not_lowered_by_an_older_serial(agency, agency_admin, editor, reviewer):
    for _ in range(3):
        r = record_create(actor=editor, agency=agency, **record_fields(document_number=""))
        record_submit(actor=editor, record=r)
        record_approve(actor=reviewer, record=r)
    report = run(agency, to_csv([good(1, index_number="002420455M/2020-00002")]), actor=agency_admin)
    assert "已被本机构的其他记录使用" in str(report.errors[0])
    report = run(agency, to_csv([good(1, index_number="002420455M/2020-00000")]), actor=agency_admin)
    assert "格式不正确" in str(report.errors[0])
    assert IndexCounter.objects.get(agency=agency, year=2020).last_serial == 3


# Attachments ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_attachments_from_a_folder(agency, agency_admin, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "正文.pdf").write_bytes(PDF)
    (tmp_path / "说明.txt").write_text("说明文字", encoding="utf-8")
    rows = [good(1, attachments="sub/正文.pdf; 说明.txt"), good(2, attachments="说明.txt")]
    report = run(agency, to_csv(rows), actor=agency_admin,
                 attachments=DirectoryAttachments(tmp_path), publish=True)
    assert report.ok and report.attachments == 3
    first = Record.objects.get(title="关于第1项工作的通知")
    assert sorted(first.attachments.values_list("original_name", "kind")) == [
        ("正文.pdf", "pdf"), ("说明.txt", "txt")]
    assert first.events.filter(verb="attach").count() == 2
    assert default_storage.exists(first.attachments.first().file.name)


@pytest.mark.django_db
def test_failure_while_writing_rolls_back_and_removes_stored_files(agency, agency_admin, tmp_path,
                                                                   monkeypatch):
    (tmp_path / "a.txt").write_text("附件", encoding="utf-8")
    rows = [good(i, attachments="a.txt") for i in range(1, 21)]
    source = DirectoryAttachments(tmp_path)
    reads = []
    real_read = DirectoryAttachments.read

    def flaky_read(self, name):
        reads.append(name)
        if len(reads) == 1 + 20:  # the dry run reads the file once; fail on the last write
            raise OSError(5, "Input/output error")
        return real_read(self, name)

    stored = []
    real_attach = importer.record_attach

    def spy_attach(**kwargs):
        attachment = real_attach(**kwargs)
        stored.append(attachment.file.name)
        return attachment

    monkeypatch.setattr(DirectoryAttachments, "read", flaky_read)
    monkeypatch.setattr(importer, "record_attach", spy_attach)
    report = run(agency, to_csv(rows), actor=agency_admin, attachments=source)
    assert [str(e) for e in report.errors] == ["第21行 附件:附件无法读取:Input/output error。"]
    assert report.created == 0 and nothing_written(agency) and not Attachment.objects.exists()
    assert len(stored) == 19 and not any(default_storage.exists(name) for name in stored)
    assert not IndexCounter.objects.exists()


def test_zip_member_names_written_by_chinese_windows_are_read_as_gbk():
    info = zipfile.ZipInfo("附件/通知.pdf".encode("gbk").decode("cp437"))
    info.flag_bits = 0
    assert importer._zip_member_name(info) == "附件/通知.pdf"


# Staff pages ------------------------------------------------------------------------------


def _zip(files):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    out.seek(0)
    out.name = "批量.zip"
    return out


@pytest.mark.django_db
def test_zip_upload_dry_run_then_confirm(client, agency, agency_admin, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    rows = [good(1, attachments="附件/通知.pdf"), good(2, attachments="说明.txt;附件/通知.pdf")]
    upload = _zip({"导入/目录.csv": to_csv(rows, chinese=True), "导入/附件/通知.pdf": PDF,
                   "导入/说明.txt": "说明".encode()})
    client.force_login(agency_admin)
    url = reverse("staff:catalogue_import")
    assert client.get(url).status_code == 200
    page = client.post(url, {"agency": agency.pk, "file": upload, "publish": "1"})
    html = page.content.decode()
    assert page.status_code == 200 and "全部无误" in html
    assert not Record.objects.exists()  # the dry run writes nothing
    token = page.context["token"]
    stored = list((tmp_path / "imports").iterdir())
    assert len(stored) == 1 and len(stored[0].name) == 36
    done = client.post(url, {"token": token})
    assert done.status_code == 200 and "已导入 2 条记录" in done.content.decode()
    assert Record.objects.filter(agency=agency, status=RecordStatus.PUBLISHED).count() == 2
    assert Attachment.objects.count() == 3
    assert not list((tmp_path / "imports").iterdir())
    again = client.post(url, {"token": token})
    assert again.status_code == 400 and "已经导入过" in again.content.decode()
    assert Record.objects.count() == 2


@pytest.mark.django_db
def test_upload_with_errors_shows_table_and_no_confirm(client, agency, agency_admin, settings,
                                                       tmp_path):
    settings.DATA_DIR = tmp_path
    upload = io.BytesIO(to_csv([good(1), good(2, formed_on="2030-01-01")]))
    upload.name = "bad.csv"
    client.force_login(agency_admin)
    page = client.post(reverse("staff:catalogue_import"), {"agency": agency.pk, "file": upload})
    html = page.content.decode()
    assert "第3行" in html and "不能晚于今天" in html and page.context["token"] == ""
    assert 'name="token"' not in html and not list((tmp_path / "imports").iterdir())
    assert page.context["report"].ok_count == 1


@pytest.mark.django_db
def test_confirm_token_is_bound_to_user_and_signed(client, agency, agency_admin, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    upload = io.BytesIO(to_csv([good(1)]))
    upload.name = "ok.csv"
    client.force_login(agency_admin)
    url = reverse("staff:catalogue_import")
    token = client.post(url, {"agency": agency.pk, "file": upload}).context["token"]
    assert client.post(url, {"token": token + "x"}).status_code == 400
    other_admin = staff(Role.AGENCY_ADMIN, agency, "aadmin2")
    client.force_login(other_admin)
    assert client.post(url, {"token": token}).status_code == 403
    assert not Record.objects.exists()


@pytest.mark.django_db
def test_editor_and_others_cannot_import_or_export(client, agency, other_agency, editor,
                                                   agency_admin):
    client.force_login(editor)
    assert client.get(reverse("staff:catalogue_import")).status_code == 403
    assert client.get(reverse("staff:catalogue_export") + "?format=csv").status_code == 403
    client.force_login(agency_admin)
    response = client.get(reverse("staff:catalogue_export") + f"?agency={other_agency.slug}")
    assert response.status_code == 403
    client.logout()
    assert client.get(reverse("staff:catalogue_import")).status_code == 302


# Export and round trip ----------------------------------------------------------------------


def _content(response):
    return b"".join(response.streaming_content)


@pytest.fixture
def catalogue(agency, editor, reviewer):
    """A published record with a correction pending, a withheld one, a draft, a withdrawn one."""
    from gongkai.catalogue.services import record_update, record_withdraw

    published = record_create(actor=editor, agency=agency, **record_fields())
    record_submit(actor=editor, record=published)
    record_approve(actor=reviewer, record=published)
    record_update(actor=editor, record=published, title="未经审核的更正标题")
    record_submit(actor=editor, record=published)
    withheld = record_create(actor=editor, agency=agency, **record_fields(
        title="不予公开的信息", document_number="沪司办[2021]3号", formed_on=dt.date(2021, 1, 5),
        disclosure_attribute=DisclosureAttribute.WITHHELD, withholding_reason="国家秘密",
        withholding_basis="《条例》第十四条", validity=Validity.EXPIRED,
        validity_changed_on=dt.date(2022, 1, 1)))
    record_create(actor=editor, agency=agency, **record_fields(title="草稿", document_number=""))
    gone = record_create(actor=editor, agency=agency, **record_fields(title="已撤回", document_number=""))
    record_submit(actor=editor, record=gone)
    record_approve(actor=reviewer, record=gone)
    record_withdraw(actor=reviewer, record=gone, reason="错误发布")
    return published, withheld


EXPECTED = {("关于印发《上海市司法局2020年政务公开工作要点》的通知", "沪司办〔2020〕6号"),
            ("不予公开的信息", "沪司办〔2021〕3号"), ("草稿", "")}


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_export_reimports_into_another_agency(client, agency, other_agency, agency_admin,
                                              catalogue, fmt):
    client.force_login(agency_admin)
    response = client.get(reverse("staff:catalogue_export"), {"agency": agency.slug, "format": fmt})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    data = _content(response)
    if fmt == "csv":
        assert data.startswith(b"\xef\xbb\xbf" + "标题,".encode())
    report = run(other_agency, data, filename=f"export.{fmt}")
    assert not report.ok  # the index number belongs to the first agency
    assert "索取号" in str(report.errors[0]) and "格式不正确" in str(report.errors[0])
    report = run(other_agency, data, filename=f"export.{fmt}", ignore_index_numbers=True,
                 publish=True)
    assert report.ok, [str(e) for e in report.errors]
    got = set(Record.objects.filter(agency=other_agency).values_list("title", "document_number"))
    assert got == EXPECTED
    moved = Record.objects.get(agency=other_agency, title="不予公开的信息")
    assert (moved.disclosure_attribute, moved.withholding_reason, moved.validity) == (
        DisclosureAttribute.WITHHELD, "国家秘密", Validity.EXPIRED)
    assert moved.validity_changed_on == dt.date(2022, 1, 1) and not moved.is_public
    assert AuditEvent.objects.get(verb="catalogue.export").details == {"format": fmt, "records": 3}


@pytest.mark.django_db
def test_export_then_reimport_into_the_same_agency_is_refused_as_duplicates(agency, catalogue):
    data = b"".join(iter_csv(agency))
    report = run(agency, data)
    assert {e.column for e in report.errors} >= {"title", "index_number"}
    assert Record.objects.filter(agency=agency).count() == 4


# Management commands ---------------------------------------------------------------------


@pytest.mark.django_db
def test_commands_import_and_export(agency, other_agency, tmp_path, capsys):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "a.pdf").write_bytes(PDF)
    source = tmp_path / "in.csv"
    source.write_bytes(to_csv([good(1, attachments="a.pdf"), good(2)]))
    call_command("catalogue_import", str(source), "--agency", agency.slug,
                 "--attachments", str(tmp_path / "files"), "--dry-run")
    assert not Record.objects.exists()
    call_command("catalogue_import", str(source), "--agency", agency.slug,
                 "--attachments", str(tmp_path / "files"), "--publish")
    assert Record.objects.filter(agency=agency, status=RecordStatus.PUBLISHED).count() == 2
    assert "已导入 2 条记录" in capsys.readouterr().out
    for fmt in ("csv", "json", "xlsx"):
        out = tmp_path / f"out.{fmt}"
        call_command("catalogue_export", "--agency", agency.slug, "--format", fmt, "-o", str(out))
        assert out.stat().st_size > 0
    exported = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert [r["attachments"] for r in exported] == [["a.pdf"], []]
    capsys.readouterr()
    with pytest.raises(CommandError):
        call_command("catalogue_import", str(tmp_path / "out.xlsx"), "--agency", other_agency.slug,
                     "--ignore-index-numbers")
    assert "第2行 附件:附件“a.pdf”不存在" in capsys.readouterr().err
    call_command("catalogue_import", str(tmp_path / "out.xlsx"), "--agency", other_agency.slug,
                 "--ignore-index-numbers", "--attachments", str(tmp_path / "files"))
    assert Record.objects.filter(agency=other_agency).count() == 2
    stdout = io.StringIO()
    call_command("catalogue_export", "--agency", other_agency.slug, "--format", "csv", stdout=stdout)
    assert stdout.getvalue().startswith("\ufeff标题,内容概述") and "a.pdf" in stdout.getvalue()
    with pytest.raises(CommandError, match="xlsx 须用 -o"):
        call_command("catalogue_export", "--agency", agency.slug, "--format", "xlsx")


@pytest.mark.django_db
def test_command_dry_run_with_errors_exits_non_zero(agency, tmp_path, capsys):
    source = tmp_path / "bad.csv"
    source.write_bytes(to_csv([good(1), good(2, topic="无此分类")]))
    with pytest.raises(CommandError, match="未写入任何数据"):
        call_command("catalogue_import", str(source), "--agency", agency.slug, "--dry-run")
    assert "第3行 主题分类:未知的主题分类“无此分类”" in capsys.readouterr().err
    with pytest.raises(CommandError, match="没有代码为"):
        call_command("catalogue_import", str(source), "--agency", "nope")
    assert not Record.objects.exists()


@pytest.mark.django_db
def test_json_object_naming_one_column_twice_is_an_error_of_that_object(agency):
    items = [{"title": "一", "formed_on": "2020-01-02", "topic": "general", "genre": "notice"},
             {"title": "二", "标题": "贰", "formed_on": "2020-01-03", "topic": "general",
              "genre": "notice"}]
    report = run(agency, json.dumps(items, ensure_ascii=False).encode(), filename="r.json")
    assert [str(e) for e in report.errors] == ["第2条 标题:“标题”与同一条记录中的另一个字段是同一列。"]
    assert nothing_written(agency)


@pytest.mark.django_db
def test_command_records_the_named_user_and_refuses_one_without_the_role(agency, agency_admin,
                                                                         editor, tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes(to_csv([good(1)]))
    with pytest.raises(CommandError, match="不是上海市司法局的机构管理员"):
        call_command("catalogue_import", str(source), "--agency", agency.slug, "--user",
                     editor.username)
    assert not Record.objects.exists()
    call_command("catalogue_import", str(source), "--agency", agency.slug, "--user",
                 agency_admin.username)
    assert Record.objects.get().created_by == agency_admin
    assert AuditEvent.objects.get(verb="catalogue.import").actor_id == agency_admin.pk


@pytest.mark.django_db
def test_large_web_batches_are_pointed_to_the_command(client, agency, agency_admin, settings,
                                                      tmp_path, monkeypatch):
    from gongkai.catalogue import import_views

    settings.DATA_DIR = tmp_path
    monkeypatch.setattr(import_views, "WEB_ROWS_HINT", 2)
    upload = io.BytesIO(to_csv([good(1), good(2), good(3)]))
    upload.name = "three.csv"
    client.force_login(agency_admin)
    html = client.post(reverse("staff:catalogue_import"), {"agency": agency.pk, "file": upload}
                       ).content.decode()
    assert "gongkai catalogue_import" in html and 'name="token"' in html
