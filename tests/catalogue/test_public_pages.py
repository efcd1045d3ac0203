"""The public catalogue: the record page as the Shanghai seed notice shows it, search by
document number, filters, pagination, feeds, open data, downloads and version history."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.catalogue import feeds
from gongkai.catalogue.models import Genre, LinkKind, Topic, Validity
from gongkai.catalogue.services import (
    record_approve,
    record_attach,
    record_create,
    record_link,
    record_submit,
    record_update,
)
from gongkai.core.services import department_create
from tests.factories import record_fields

SHANGHAI = ZoneInfo("Asia/Shanghai")
SEED_TITLE = "关于印发《上海市司法局2020年政务公开工作要点》的通知"
ATOM = "{http://www.w3.org/2005/Atom}"


def publish(agency, *, actor=None, reviewer=None, **overrides):
    """Create, submit and approve a record through the services; returns it published."""
    record = record_create(actor=actor, agency=agency, **record_fields(**overrides))
    record_submit(actor=actor, record=record)
    return record_approve(actor=reviewer, record=record)


def url(name, agency, **kwargs):
    return reverse(f"catalogue:{name}", kwargs={"agency": agency.slug, **kwargs})


def metadata(html: str) -> dict[str, str]:
    """The record page's index box as {label: text}."""
    box = html.split('data-testid="record-meta"')[1].split("</dl>")[0]
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", box, flags=re.S)
    return {label: re.sub(r"<[^>]+>", "", value).strip() for label, value in pairs}


def row_titles(html: str) -> list[str]:
    body = html.split("<tbody")[1].split("</tbody>")[0] if "<tbody" in html else ""
    return re.findall(r'<td class="record-title"[^>]*><a href="[^"]+">(.*?)</a></td>', body)


def table_rows(html: str) -> list[list[str]]:
    """The result table as rows of cell texts."""
    body = html.split("<tbody")[1].split("</tbody>")[0]
    return [[re.sub(r"<[^>]+>", "", cell).strip()
             for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S)]


def titles(n: int, prefix: str = "测试信息") -> list[str]:
    return [f"{prefix}{i:03d}号" for i in range(n)]


@pytest.fixture
def seed(agency, editor, reviewer):
    """The seed notice, published on the day it was formed, as the bureau's site shows it."""
    with time_machine.travel(dt.datetime(2020, 4, 23, 10, 0, tzinfo=SHANGHAI)):
        return publish(agency, actor=editor, reviewer=reviewer,
                       body="局机关各处室:\n\n经局领导同意,现将工作要点印发给你们。\n特此通知。")


# The record page ------------------------------------------------------------------------


@pytest.mark.django_db
def test_record_page_shows_the_metadata_of_the_seed_notice(client, agency, seed):
    response = client.get(url("record", agency, pk=seed.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert metadata(html) == {
        "索取号": "002420455M/2020-00001",
        "发布机构": "上海市司法局",
        "发布日期": "2020-04-23",
        "文件编号": "沪司办〔2020〕6号",
        "产生日期": "2020-04-23",
        "主题分类": "综合政务",
        "体裁分类": "通知",
        "公开属性": "主动公开",
        "内容概述": "印发本局2020年政务公开工作要点。",
    }
    assert f"<h1>{SEED_TITLE}</h1>" in html
    # The metadata box comes first, then the title, then the text with its paragraphs.
    assert html.index('data-testid="record-meta"') < html.index("<h1>")
    assert "<p>局机关各处室:</p>" in html
    assert "<p>经局领导同意,现将工作要点印发给你们。<br>特此通知。</p>" in html
    assert 'aria-current="page"' in html.split('aria-label="主导航"')[1].split("</nav>")[0]
    assert f'<link rel="canonical" href="{url("record", agency, pk=seed.pk)}">' in html


@pytest.mark.django_db
def test_record_text_is_escaped(client, agency):
    record = publish(agency, title="<b>标题</b>", summary="<i>概述</i>",
                     body="<script>alert(1)</script>", document_number="")
    html = client.get(url("record", agency, pk=record.pk)).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>标题</b>" not in html and "&lt;b&gt;标题&lt;/b&gt;" in html
    assert metadata(html)["文件编号"] == "无"


@pytest.mark.django_db
def test_unknown_record_or_agency_is_404(client, agency, seed):
    assert client.get(url("record", agency, pk=seed.pk + 999)).status_code == 404
    assert client.get(f"/nosuchbureau/disclosure/records/{seed.pk}/").status_code == 404
    assert client.get("/nosuchbureau/disclosure/").status_code == 404


@pytest.mark.django_db
def test_repealed_record_shows_date_and_the_public_replacement(client, agency):
    new = publish(agency, title="新办法", document_number="沪司规〔2021〕1号",
                  formed_on=dt.date(2021, 3, 1))
    old = record_create(actor=None, agency=agency, **record_fields(title="旧办法", document_number=""))
    record_update(actor=None, record=old, validity=Validity.REPEALED,
                  validity_changed_on=dt.date(2021, 3, 1), replaced_by=new)
    record_submit(actor=None, record=old)
    record_approve(actor=None, record=old)
    meta = metadata(client.get(url("record", agency, pk=old.pk)).content.decode())
    assert meta["有效性"] == "废止（废止日期：2021-03-01）替代文件：新办法"
    html = client.get(url("record", agency, pk=old.pk)).content.decode()
    assert f'href="{url("record", agency, pk=new.pk)}">新办法</a>' in html


@pytest.mark.django_db
def test_related_records_are_linked_both_ways(client, agency):
    policy = publish(agency, title="某某办法", document_number="")
    reading = publish(agency, title="《某某办法》政策解读", document_number="",
                      genre=Genre.objects.get(code="interpretation"))
    record_link(actor=None, source=reading, target=policy, kind=LinkKind.INTERPRETATION)
    on_policy = client.get(url("record", agency, pk=policy.pk)).content.decode()
    on_reading = client.get(url("record", agency, pk=reading.pk)).content.decode()
    reading_url = url("record", agency, pk=reading.pk)
    assert f'政策解读</span>：<a href="{reading_url}">《某某办法》政策解读</a>' in on_policy
    assert f'<a href="{url("record", agency, pk=policy.pk)}">某某办法</a>' in on_reading


@pytest.mark.django_db
def test_index_number_redirects_to_the_record(client, agency, seed, other_agency):
    response = client.get(url("by_index", agency, index_number="002420455M/2020-00001"))
    assert response.status_code == 302
    assert response["Location"] == url("record", agency, pk=seed.pk)
    assert client.get(url("by_index", agency, index_number="002420455M/2020-00002")).status_code == 404
    # The right number under another agency's address is not found either.
    assert client.get(url("by_index", other_agency,
                          index_number="002420455M/2020-00001")).status_code == 404


# Version history --------------------------------------------------------------------------


@pytest.mark.django_db
def test_version_history_after_a_correction(client, agency, seed, editor, reviewer):
    record_update(actor=editor, record=seed, title="关于印发工作要点的通知(更正)",
                  summary="更正后的概述。")
    record_submit(actor=editor, record=seed)
    record_approve(actor=reviewer, record=seed, comment="更正标题")

    html = client.get(url("record", agency, pk=seed.pk)).content.decode()
    assert "<h1>关于印发工作要点的通知(更正)</h1>" in html
    assert metadata(html)["索取号"] == "002420455M/2020-00001"  # never changes
    history = html.split('id="h-versions"')[1].split("</table>")[0]
    assert "第 2 版" in history and "当前版本" in history and "更正标题" in history
    assert f'href="{url("version", agency, pk=seed.pk, number=1)}">第 1 版</a>' in history
    assert "首次发布" in history

    old = client.get(url("version", agency, pk=seed.pk, number=1))
    assert old.status_code == 200
    old_html = old.content.decode()
    assert "此为历史版本" in old_html
    assert f"<h1>{SEED_TITLE}</h1>" in old_html
    assert metadata(old_html)["内容概述"] == "印发本局2020年政务公开工作要点。"
    assert '<meta name="robots" content="noindex">' in old_html

    current = client.get(url("version", agency, pk=seed.pk, number=2))
    assert current.status_code == 302 and current["Location"] == url("record", agency, pk=seed.pk)
    assert client.get(url("version", agency, pk=seed.pk, number=3)).status_code == 404


# The catalogue page -----------------------------------------------------------------------


@pytest.mark.django_db
def test_catalogue_lists_newest_first_with_the_row_fields(client, agency):
    with time_machine.travel(dt.datetime(2024, 5, 6, 10, 0, tzinfo=SHANGHAI)):
        older = publish(agency, title="较早的信息", document_number="沪司发〔2024〕1号",
                        formed_on=dt.date(2024, 5, 1))
    with time_machine.travel(dt.datetime(2024, 6, 3, 10, 0, tzinfo=SHANGHAI)):
        newer = publish(agency, title="较新的信息", document_number="", formed_on=dt.date(2024, 6, 1))
    response = client.get(url("index", agency))
    html = response.content.decode()
    assert response.status_code == 200
    assert row_titles(html) == ["较新的信息", "较早的信息"]
    assert table_rows(html) == [
        ["较新的信息", newer.index_number, "", "2024-06-03"],
        ["较早的信息", "002420455M/2024-00001", "沪司发〔2024〕1号", "2024-05-06"],
    ]
    assert f'<a href="{url("record", agency, pk=older.pk)}">较早的信息</a>' in html
    nav = html.split('aria-label="主导航"')[1].split("</nav>")[0]
    assert f'<a href="{url("index", agency)}" aria-current="page">政府信息公开</a>' in nav
    crumbs = html.split('aria-label="当前位置"')[1].split("</nav>")[0]
    assert (f'<li><a href="/{agency.slug}/">首页</a></li>'
            '<li><span aria-current="page">政府信息公开</span></li>') in crumbs
    for name in ("feed_rss", "feed_atom", "data_csv", "data_json"):
        assert f'href="{url(name, agency)}"' in html


@pytest.mark.django_db
def test_empty_catalogue_says_so(client, agency):
    html = client.get(url("index", agency)).content.decode()
    assert "本机构尚未主动公开政府信息。" in html and "共 0 条" in html


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["沪司办〔2020〕6号", "沪司办[2020]6号", "沪司办(2020)6号",
                                   "沪司办（2020）6号", "沪司办【2020】6号", " 沪司办[2020]6 "])
def test_document_number_typed_any_common_way_finds_the_record(client, agency, seed, typed):
    publish(agency, title="另一份通知", document_number="沪司办〔2020〕16号")
    html = client.get(url("index", agency), {"q": typed}).content.decode()
    assert row_titles(html) == [SEED_TITLE]


@pytest.mark.django_db
def test_search_by_title_word_and_by_index_number(client, agency, seed):
    publish(agency, title="法律援助工作情况", document_number="")
    assert row_titles(client.get(url("index", agency), {"q": "法律援助"}).content.decode()) == [
        "法律援助工作情况"]
    assert row_titles(client.get(url("index", agency),
                                 {"q": "002420455M/2020-00001"}).content.decode()) == [SEED_TITLE]
    html = client.get(url("index", agency), {"q": "没有这样的词"}).content.decode()
    assert row_titles(html) == [] and "没有符合条件的信息" in html


@pytest.fixture
def varied(agency):
    """Four records differing in topic, genre, year and department."""
    office = department_create(actor=None, agency=agency, name="办公室")
    lawyers = department_create(actor=None, agency=agency, name="律师工作管理处")
    topic = Topic.objects.get
    genre = Genre.objects.get
    rows = [
        ("2023", "综合一", "general", "notice", office),
        ("2023", "律师一", "lawyers", "notice", lawyers),
        ("2024", "律师二", "lawyers", "announcement", lawyers),
        ("2024", "综合二", "general", "report", None),
    ]
    for year, title, topic_code, genre_code, department in rows:
        with time_machine.travel(dt.datetime(int(year), 7, 1, 10, 0, tzinfo=SHANGHAI)):
            publish(agency, title=title, document_number="", formed_on=dt.date(int(year), 6, 1),
                    topic=topic(code=topic_code), genre=genre(code=genre_code),
                    department=department)
    return {"office": office, "lawyers": lawyers}


@pytest.mark.django_db
def test_filters_narrow_the_results(client, agency, varied):
    def found(**params):
        return sorted(row_titles(client.get(url("index", agency), params).content.decode()))

    assert found() == ["律师一", "律师二", "综合一", "综合二"]
    assert found(topic="lawyers") == ["律师一", "律师二"]
    assert found(genre="notice") == ["律师一", "综合一"]
    assert found(year="2024") == ["律师二", "综合二"]
    assert found(department=str(varied["lawyers"].pk)) == ["律师一", "律师二"]
    assert found(topic="lawyers", year="2024") == ["律师二"]
    assert found(topic="general", genre="announcement") == []
    assert found(topic="no-such-topic") == []


@pytest.mark.django_db
def test_form_and_facets_show_counts_and_keep_the_choice(client, agency, varied):
    html = client.get(url("index", agency), {"topic": "lawyers"}).content.decode()
    assert '<option value="lawyers" selected>律师管理(2)</option>' in html
    assert '<option value="general">综合政务(2)</option>' in html
    assert '<option value="2024">2024(2)</option>' in html
    assert f'<option value="{varied["office"].pk}">办公室(1)</option>' in html
    facets = html.split('id="h-browse"')[1]
    assert (f'<a href="{url("index", agency)}?topic=lawyers" aria-current="true">律师管理 '
            '<span class="count">(2)</span></a>') in facets
    assert f'<a href="{url("index", agency)}?genre=notice">通知 <span class="count">(2)</span></a>' in facets
    for label in ('<label for="f-q">', '<label for="f-topic">', '<label for="f-genre">',
                  '<label for="f-year">', '<label for="f-department">'):
        assert label in html
    # The feeds of the chosen topic and the data of the current query are offered.
    assert f'href="{url("topic_feed_atom", agency, topic="lawyers")}"' in html
    assert f'href="{url("data_csv", agency)}?topic=lawyers"' in html


@pytest.mark.django_db
def test_bad_filter_values_are_reported_and_ignored(client, agency, varied):
    response = client.get(url("index", agency), {"year": "二〇二四", "topic": "lawyers"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html and "请填写四位数的年份" in html
    assert sorted(row_titles(html)) == ["律师一", "律师二"]
    assert client.get(url("data_csv", agency), {"year": "1800"}).status_code == 400


@pytest.mark.django_db
def test_pagination_keeps_the_filters(client, agency):
    general = Topic.objects.get(code="general")
    for title in titles(23):
        publish(agency, title=title, document_number="", topic=general)
    publish(agency, title="其他主题", document_number="", topic=Topic.objects.get(code="lawyers"))
    first = client.get(url("index", agency), {"topic": "general"}).content.decode()
    assert len(row_titles(first)) == 20 and "共 23 条" in first
    assert '<a href="?topic=general&amp;page=2" rel="next">下一页</a>' in first
    second = client.get(url("index", agency), {"topic": "general", "page": "2"}).content.decode()
    assert len(row_titles(second)) == 3
    assert set(row_titles(first)) | set(row_titles(second)) == set(titles(23))
    assert '<a href="?topic=general&amp;page=2" aria-current="page">2</a>' in second
    # A page number out of range shows the last page; nonsense shows the first.
    assert row_titles(client.get(url("index", agency), {"topic": "general", "page": "9"})
                      .content.decode()) == row_titles(second)
    assert row_titles(client.get(url("index", agency), {"topic": "general", "page": "x"})
                      .content.decode()) == row_titles(first)


@pytest.mark.django_db
def test_catalogue_query_count_does_not_grow_with_records(client, agency,
                                                          django_assert_max_num_queries):
    office = department_create(actor=None, agency=agency, name="办公室")

    def count_queries() -> int:
        cache.clear()  # count the facet queries too, not the cached facets
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("index", agency))
        assert response.status_code == 200
        return len(queries)

    for title in titles(5):
        publish(agency, title=title, document_number="", department=office)
    with django_assert_max_num_queries(15):
        few = count_queries()
    for title in titles(35, prefix="更多信息"):
        publish(agency, title=title, document_number="", department=office)
    with django_assert_max_num_queries(15):
        many = count_queries()
    assert few == many


# Feeds --------------------------------------------------------------------------------------


@pytest.fixture
def two_topics(agency):
    general = Topic.objects.get(code="general")
    lawyers = Topic.objects.get(code="lawyers")
    with time_machine.travel(dt.datetime(2024, 5, 6, 10, 0, tzinfo=SHANGHAI)):
        first = publish(agency, title="综合信息", summary="综合信息的概述。", document_number="",
                        topic=general, formed_on=dt.date(2024, 5, 1))
    with time_machine.travel(dt.datetime(2024, 5, 7, 11, 30, tzinfo=SHANGHAI)):
        second = publish(agency, title="律师信息", summary="律师信息的概述。", document_number="",
                         topic=lawyers, formed_on=dt.date(2024, 5, 1))
    return first, second


@pytest.mark.django_db
def test_rss_feed_lists_newest_public_records(client, agency, two_topics, settings):
    settings.GONGKAI_SITE_URL = "https://gk.example.gov.cn"  # links use it, not the Host
    first, second = two_topics
    response = client.get(url("feed_rss", agency))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "上海市司法局政府信息公开"
    assert channel.findtext("language") == "zh-cn"
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["律师信息", "综合信息"]
    assert items[0].findtext("link") == "https://gk.example.gov.cn" + url("record", agency, pk=second.pk)
    assert channel.findtext("link") == "https://gk.example.gov.cn" + url("index", agency)
    assert items[0].findtext("description") == "律师信息的概述。"
    second.refresh_from_db()
    assert parsedate_to_datetime(items[0].findtext("pubDate")) == (
        second.current_version.published_at.replace(microsecond=0))
    assert items[0].findtext("pubDate").startswith("Tue, 07 May 2024 03:30:00")
    assert [c.text for c in items[0].findall("category")] == ["律师管理", "通知"]


@pytest.mark.django_db
def test_atom_feed_and_topic_feeds(client, agency, two_topics, settings):
    settings.GONGKAI_SITE_URL = "https://gk.example.gov.cn"
    first, second = two_topics
    response = client.get(url("feed_atom", agency))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["律师信息", "综合信息"]
    assert entries[1].find(f"{ATOM}link").get("href") == (
        "https://gk.example.gov.cn" + url("record", agency, pk=first.pk))
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == (
        "https://gk.example.gov.cn" + url("feed_atom", agency))
    assert entries[1].findtext(f"{ATOM}summary") == "综合信息的概述。"
    first.refresh_from_db()
    assert dt.datetime.fromisoformat(entries[1].findtext(f"{ATOM}updated")) == (
        first.current_version.published_at)

    by_path = ET.fromstring(client.get(url("topic_feed_atom", agency, topic="lawyers")).content)
    assert [e.findtext(f"{ATOM}title") for e in by_path.findall(f"{ATOM}entry")] == ["律师信息"]
    assert by_path.findtext(f"{ATOM}title") == "上海市司法局政府信息公开 · 律师管理"
    by_query = ET.fromstring(client.get(url("feed_rss", agency), {"topic": "general"}).content)
    assert [i.findtext("title") for i in by_query.iter("item")] == ["综合信息"]
    by_path_rss = ET.fromstring(client.get(url("topic_feed_rss", agency, topic="general")).content)
    assert [i.findtext("title") for i in by_path_rss.iter("item")] == ["综合信息"]
    assert client.get(url("topic_feed_atom", agency, topic="no-such-topic")).status_code == 404
    assert client.get(url("feed_rss", agency), {"topic": "nope"}).status_code == 404


@pytest.mark.django_db
def test_feed_holds_the_latest_items_only(client, agency, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_SIZE", 3)
    for title in titles(5):
        publish(agency, title=title, document_number="")
    items = ET.fromstring(client.get(url("feed_rss", agency)).content).iter("item")
    assert [i.findtext("title") for i in items] == titles(5)[:1:-1]


# Open data ----------------------------------------------------------------------------------


def read_csv(response) -> tuple[bytes, list[dict]]:
    raw = b"".join(response.streaming_content)
    return raw, list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


@pytest.mark.django_db
def test_csv_has_bom_header_and_metadata_rows(client, agency, seed):
    office = department_create(actor=None, agency=agency, name="办公室")
    other = publish(agency, title="=HYPERLINK(\"http://evil.example\")", document_number="",
                    department=office, topic=Topic.objects.get(code="lawyers"))
    response = client.get(url("data_csv", agency))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="sfj-disclosure-')
    raw, rows = read_csv(response)
    assert raw.startswith(b"\xef\xbb\xbfid,index_number,document_number,title,agency,department,"
                          b"formed_on,published_on,topic,genre,disclosure_attribute,validity,url\r\n")
    by_id = {int(r["id"]): r for r in rows}
    assert by_id[seed.pk] == {
        "id": str(seed.pk), "index_number": "002420455M/2020-00001",
        "document_number": "沪司办〔2020〕6号", "title": SEED_TITLE, "agency": "上海市司法局",
        "department": "", "formed_on": "2020-04-23", "published_on": "2020-04-23",
        "topic": "综合政务", "genre": "通知", "disclosure_attribute": "主动公开", "validity": "",
        "url": "http://testserver" + url("record", agency, pk=seed.pk),
    }
    assert by_id[other.pk]["department"] == "办公室"
    assert by_id[other.pk]["title"] == "'=HYPERLINK(\"http://evil.example\")"  # not a formula
    _, filtered = read_csv(client.get(url("data_csv", agency), {"topic": "lawyers"}))
    assert [int(r["id"]) for r in filtered] == [other.pk]
    _, searched = read_csv(client.get(url("data_csv", agency), {"q": "沪司办(2020)6号"}))
    assert [int(r["id"]) for r in searched] == [seed.pk]


@pytest.mark.django_db
def test_json_is_streamed_with_the_same_fields(client, agency, seed):
    publish(agency, title="另一条", document_number="", topic=Topic.objects.get(code="lawyers"))
    response = client.get(url("data_json", agency), {"topic": "general"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(b"".join(response.streaming_content))
    assert data["agency"] == "上海市司法局" and data["filters"] == {"topic": "general"}
    assert data["fields"] == list(data["records"][0])
    assert [r["title"] for r in data["records"]] == [SEED_TITLE]
    assert data["records"][0]["index_number"] == "002420455M/2020-00001"
    assert data["records"][0]["url"] == "http://testserver" + url("record", agency, pk=seed.pk)
    empty = json.loads(b"".join(client.get(url("data_json", agency),
                                           {"topic": "finance"}).streaming_content))
    assert empty["records"] == []


@pytest.mark.django_db
def test_open_data_streams_in_chunks(client, agency, monkeypatch):
    from gongkai.catalogue import views

    monkeypatch.setattr(views, "STREAM_BATCH", 2)
    for title in titles(5):
        publish(agency, title=title, document_number="")
    chunks = list(client.get(url("data_csv", agency)).streaming_content)
    assert len(chunks) >= 4  # BOM, then rows two at a time: never the whole file at once
    raw = b"".join(chunks).decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(raw)))) == 5
    json_chunks = list(client.get(url("data_json", agency)).streaming_content)
    assert len(json_chunks) >= 3
    assert len(json.loads(b"".join(json_chunks))["records"]) == 5


# Attachments --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_attachment_download_with_chinese_name(client, agency):
    record = record_create(actor=None, agency=agency, **record_fields(document_number=""))
    data = "上海市司法局2020年政务公开工作要点\n".encode()
    name = "工作要点(附件1).txt"
    attachment = record_attach(actor=None, record=record, filename=name, data=data)
    record_submit(actor=None, record=record)
    record_approve(actor=None, record=record)

    html = client.get(url("record", agency, pk=record.pk)).content.decode()
    link = url("attachment", agency, pk=attachment.pk, filename=name)
    assert f'<a href="{link}">{name}</a>' in html and "(TXT," in html

    response = client.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"attachment-{attachment.pk}.txt\"; filename*=UTF-8''{quote(name)}")
    assert "filename*=UTF-8''%E5%B7%A5%E4%BD%9C%E8%A6%81%E7%82%B9" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert int(response["Content-Length"]) == len(data)

    renamed = client.get(url("attachment", agency, pk=attachment.pk, filename="other.txt"))
    assert renamed.status_code == 302 and renamed["Location"] == link


@pytest.mark.django_db
def test_ascii_attachment_name_is_kept_as_is(client, agency):
    record = record_create(actor=None, agency=agency, **record_fields(document_number=""))
    attachment = record_attach(actor=None, record=record, filename="plan-2020.txt", data=b"plan\n")
    record_submit(actor=None, record=record)
    record_approve(actor=None, record=record)
    response = client.get(url("attachment", agency, pk=attachment.pk, filename="plan-2020.txt"))
    assert response["Content-Disposition"] == (
        "attachment; filename=\"plan-2020.txt\"; filename*=UTF-8''plan-2020.txt")


# Navigation and sitemap -----------------------------------------------------------------------


@pytest.mark.django_db
def test_agency_home_links_to_the_catalogue(client, agency):
    home = client.get(f"/{agency.slug}/").content.decode()
    nav = home.split('aria-label="主导航"')[1].split("</nav>")[0]
    assert f'<a href="{url("index", agency)}">政府信息公开</a>' in nav


@pytest.mark.django_db
def test_sitemap_lists_catalogue_pages_and_public_records(client, agency, other_agency, seed):
    other = publish(other_agency, title="徐汇区的信息", document_number="")
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "<urlset" in sitemap
    for path in (url("index", agency), url("index", other_agency),
                 url("record", agency, pk=seed.pk), url("record", other_agency, pk=other.pk)):
        assert f"<loc>http://testserver{path}</loc>" in sitemap
    assert f"<lastmod>{seed.current_version.published_at.astimezone(dt.UTC):%Y-%m-%d}" in sitemap


@pytest.mark.django_db
def test_sitemap_becomes_an_index_when_it_no_longer_fits(client, agency, monkeypatch):
    from gongkai.catalogue.sitemaps import RecordSitemap
    from gongkai.portal import sitemaps

    records = [publish(agency, title=t, document_number="") for t in titles(3)]
    monkeypatch.setattr(RecordSitemap, "limit", 2)
    index = client.get("/sitemap.xml").content.decode()
    assert "<sitemapindex" in index
    section = "http://testserver" + reverse("portal:sitemap_section", kwargs={"section": "records"})
    assert f"<loc>{section}</loc>" in index and f"<loc>{section}?p=2</loc>" in index
    listed = client.get(section).content.decode() + client.get(section + "?p=2").content.decode()
    for record in records:
        assert f"{url('record', agency, pk=record.pk)}</loc>" in listed
    assert client.get(section + "?p=3").status_code == 404

    monkeypatch.setattr(RecordSitemap, "limit", 50_000)
    monkeypatch.setattr(sitemaps, "URLSET_MAX_URLS", 4)  # agencies + profiles + site + 3 > 4
    assert "<sitemapindex" in client.get("/sitemap.xml").content.decode()


@pytest.mark.django_db(transaction=True)
def test_facet_counts_are_cached_and_refreshed_on_publication(client, agency):
    from gongkai.catalogue.selectors import public_facets_cached

    publish(agency, title="第一条信息", document_number="")
    assert sum(n for _t, n in public_facets_cached(agency_id=agency.pk)["topics"]) == 1
    with CaptureQueriesContext(connection) as queries:
        public_facets_cached(agency_id=agency.pk)
    assert len(queries) == 0  # served from the cache
    publish(agency, title="第二条信息", document_number="")
    assert sum(n for _t, n in public_facets_cached(agency_id=agency.pk)["topics"]) == 2


@pytest.mark.django_db
def test_time_values_are_valid_html_without_fractions(client, agency, editor, reviewer):
    """``<time datetime>`` carries a valid date or date-time with offset: no 6-digit
    fraction (the Nu checker's complaint), on the record page and the transparency log."""
    record = publish(agency, actor=editor, reviewer=reviewer)
    valid = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}[+-]\d{4})?$")
    pages = [client.get(url("record", agency, pk=record.pk)).content.decode(),
             client.get("/transparency/").content.decode()]
    values = [v for page in pages for v in re.findall(r'<time datetime="([^"]+)"', page)]
    assert any("T" in v for v in values)  # the date-times are there to check
    assert [v for v in values if not valid.match(v)] == []
