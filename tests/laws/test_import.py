import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.audit.models import AuditEvent
from gongkai.core.models import Role
from gongkai.core.policies import PermissionDeniedError
from gongkai.laws.models import Law, LawArticle
from gongkai.laws.services import laws_import
from tests.factories import staff

AID = "中华人民共和国法律援助法"
REVIEW = "中华人民共和国行政复议法"


def test_import_fixture_files(imported):
    assert imported.failures == []
    assert imported.created == 4
    aid = Law.objects.get(title=AID)
    assert aid.category == "行政法"
    assert aid.version_date == dt.date(2021, 8, 20)
    assert aid.history[0].startswith("2021年8月20日")
    article = aid.articles.get(number="第三十一条")
    assert article.chapter == "第三章 形式和范围"
    assert "经济困难" in article.text
    assert aid.article_count == aid.articles.count() == imported.articles - sum(
        law.article_count for law in Law.objects.exclude(pk=aid.pk))
    # Articles keep their order as written.
    assert list(aid.articles.values_list("number", flat=True)[:3]) == ["第一条", "第二条", "第三条"]


def test_latest_version_is_in_force(imported):
    versions = Law.objects.filter(title=REVIEW).order_by("version_date")
    assert [(v.version_date.year, v.in_force) for v in versions] == [(2017, False), (2023, True)]
    assert Law.objects.filter(in_force=True).count() == 3


def test_index_files_are_skipped(imported):
    assert not Law.objects.filter(source_path__endswith="_index.md").exists()


def test_reimport_is_idempotent_and_updates_changed_files(imported, law_folder):
    count = LawArticle.objects.count()
    again = laws_import(law_folder, index_async=False)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert LawArticle.objects.count() == count

    path = law_folder / "行政法" / "法律援助法(2021-08-20).md"
    path.write_text(path.read_text("utf-8") + "\n第九十九条 新增的测试条文。\n", "utf-8")
    changed = laws_import(law_folder, index_async=False)
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 3)
    aid = Law.objects.get(title=AID)
    assert aid.articles.last().number == "第九十九条"
    assert LawArticle.objects.count() == count + 1
    assert Law.objects.count() == 4


def test_a_newer_version_takes_over(imported, law_folder):
    old = law_folder / "诉讼与非诉讼程序法" / "行政复议法(2023-09-01).md"
    (old.parent / "行政复议法(2030-01-01).md").write_text(old.read_text("utf-8"), "utf-8")
    laws_import(law_folder, index_async=False)
    in_force = Law.objects.get(title=REVIEW, in_force=True)
    assert in_force.version_date == dt.date(2030, 1, 1)
    assert Law.objects.filter(title=REVIEW, in_force=False).count() == 2


def test_report_names_files_it_could_not_parse(db, law_folder):
    (law_folder / "其他").mkdir()
    (law_folder / "其他" / "空文件(2020-01-01).md").write_text("", "utf-8")
    (law_folder / "其他" / "无标题(2020-01-01).md").write_text("第一条 正文\n", "utf-8")
    (law_folder / "其他" / "乱码(2020-01-01).md").write_bytes("# 标题\n".encode("gbk"))
    report = laws_import(law_folder, index_async=False)
    assert report.created == 4
    assert sorted(report.failures) == [
        ("其他/乱码(2020-01-01).md", "不是 UTF-8 编码的文本"),
        ("其他/无标题(2020-01-01).md", "缺少标题行(# 标题)"),
        ("其他/空文件(2020-01-01).md", "文件为空"),
    ]
    assert any("无法解析 其他/空文件(2020-01-01).md:文件为空" in line for line in report.lines())


def test_command_prints_report_and_fails_on_unparsed_files(db, law_folder, capsys):
    call_command("laws", "import", str(law_folder))
    out = capsys.readouterr().out
    assert "新增 4" in out and "无法解析 0" in out
    (law_folder / "坏文件(2020-01-01).md").write_text("", "utf-8")
    with pytest.raises(CommandError, match="1 个文件无法解析"):
        call_command("laws", "import", str(law_folder))
    assert "坏文件(2020-01-01).md:文件为空" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("laws", "import", str(law_folder / "nowhere"))


def test_import_is_audited_and_only_platform_admins_import(db, law_folder, agency):
    laws_import(law_folder, index_async=False)
    event = AuditEvent.objects.filter(verb="laws.import").get()
    assert event.details["created"] == 4
    with pytest.raises(PermissionDeniedError):
        laws_import(law_folder, actor=staff(Role.AGENCY_ADMIN, agency, "la"), index_async=False)
