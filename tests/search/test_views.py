"""The public search page, the API and the staff pages."""

import pytest

from gongkai.core.models import Role
from gongkai.search.models import Synonym, Vocabulary
from gongkai.search.selectors import search
from tests.factories import staff

pytestmark = pytest.mark.django_db


def test_public_page_lists_hits_with_marks_facets_and_paging(client, make_record):
    for i in range(12):
        make_record(f"法律援助通知{i}")
    response = client.get("/sfj/search/", {"q": "法律援助"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "找到 12 条结果" in html
    assert html.count('class="search-hit"') == 10
    assert "<mark>法律援助</mark>" in html
    assert 'rel="next"' in html
    assert "主题分类" in html and "法律援助 <span class=\"count\">(12)</span>" in html
    page2 = client.get("/sfj/search/", {"q": "法律援助", "page": 2}).content.decode()
    assert page2.count('class="search-hit"') == 2


def test_public_page_never_shows_drafts_and_escapes_html(client, make_record):
    make_record("草稿中的法律援助方案", publish=False)
    make_record("<b>法律援助</b>须知")
    html = client.get("/sfj/search/", {"q": "法律援助"}).content.decode()
    assert "草稿中的" not in html
    assert "<b>法律援助</b>" not in html and "&lt;b&gt;" in html


def test_public_page_without_a_query_asks_for_one(client, agency):
    html = client.get("/sfj/search/").content.decode()
    assert "请在上面的搜索框输入要找的内容" in html


def test_unknown_agency_is_404(client, db):
    assert client.get("/nosuch/search/", {"q": "x"}).status_code == 404


def test_header_has_a_search_box_on_agency_pages(client, agency):
    html = client.get("/sfj/").content.decode()
    assert 'action="/sfj/search/"' in html and 'role="search"' in html


def test_api_shape(client, make_record):
    record = make_record("关于法律援助的通知", document_number="沪司发〔2024〕3号")
    data = client.get("/api/v1/search", {"q": "法律援助", "agency": "sfj"}).json()
    assert data["total"] == 1
    hit = data["results"][0]
    assert {"kind", "id", "title", "url", "snippet", "score", "date", "agency", "exact",
            "extra"} <= set(hit)
    assert hit["kind"] == "record" and hit["id"] == str(record.pk) and hit["agency"] == "sfj"
    assert hit["extra"]["document_number"] == "沪司发〔2024〕3号"
    assert "<mark>" in hit["snippet"]
    assert {"value": "sfj", "label": "上海市司法局", "count": 1} in data["facets"]["agency"]
    assert data["pages"] == 1
    year = str(record.published_on.year)
    assert client.get("/api/v1/search", {"q": "法律援助", "year": year}).json()["total"] == 1
    assert client.get("/api/v1/search", {"q": "法律援助", "year": "1999"}).json()["total"] == 0
    assert client.get("/api/v1/search", {"q": "法律援助", "kind": "faq"}).json()["total"] == 0


def test_api_is_public_only_even_for_signed_in_staff(client, make_record, agency):
    make_record("草稿中的法律援助方案", publish=False)
    client.force_login(staff(Role.AGENCY_ADMIN, agency, "api-admin"))
    assert client.get("/api/v1/search", {"q": "法律援助"}).json()["total"] == 0


def test_api_unknown_agency_is_a_clear_error(client, db):
    response = client.get("/api/v1/search", {"q": "法律", "agency": "nosuch"})
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {
        "agency": ["没有组织机构代码或网址标识为“nosuch”的机构。"]}


def test_staff_search_shows_own_drafts_marked_not_public(client, make_record, agency):
    make_record("草稿中的法律援助方案", publish=False)
    client.force_login(staff(Role.EDITOR, agency, "search-editor"))
    html = client.get("/staff/search/", {"q": "法律援助"}).content.decode()
    assert "草稿中的" in html and "未公开" in html


def test_index_page_and_vocabulary_are_for_platform_admins(client, make_record, agency):
    make_record("关于法律援助的通知")
    client.force_login(staff(Role.AGENCY_ADMIN, agency, "not-platform"))
    assert client.get("/staff/search/index/").status_code == 403
    assert client.post("/staff/search/synonyms/add/", {"terms": "甲 乙"}).status_code == 403
    client.force_login(staff(Role.PLATFORM_ADMIN, None, "platform"))
    html = client.get("/staff/search/index/").content.decode()
    assert 'data-testid="count-record">1<' in html


def test_admin_adds_a_synonym_and_search_uses_it_at_once(client, make_record):
    make_record("关于法治讲座的通知")
    client.force_login(staff(Role.PLATFORM_ADMIN, None, "platform"))
    assert search("普法讲座").relaxed
    response = client.post("/staff/search/synonyms/add/", {"terms": "普法讲座、法治讲座"})
    assert response.status_code == 302
    assert Synonym.objects.filter(terms="普法讲座 法治讲座").exists()
    assert search("普法讲座").total == 1 and not search("普法讲座").relaxed
    bad = client.post("/staff/search/synonyms/add/", {"terms": "孤词"}, follow=True)
    assert "至少要有两个词" in bad.content.decode()


def test_admin_adds_a_word_and_requests_a_rebuild(client, db):
    from gongkai.jobs.models import JobRun

    client.force_login(staff(Role.PLATFORM_ADMIN, None, "platform"))
    client.post("/staff/search/vocabulary/add/", {"word": "一网统管"})
    assert Vocabulary.objects.filter(word="一网统管").exists()
    client.post("/staff/search/index/rebuild/")
    client.post("/staff/search/index/rebuild/")
    assert JobRun.objects.filter(name="search.rebuild").count() == 1


def test_vocabulary_is_edited_in_the_admin_by_platform_admins_only(client, agency):
    client.force_login(staff(Role.AGENCY_ADMIN, agency, "agency-admin"))
    assert client.get("/staff/admin/search/vocabulary/").status_code == 403
    client.force_login(staff(Role.PLATFORM_ADMIN, None, "platform"))
    response = client.post("/staff/admin/search/vocabulary/add/", {"word": "一网统管", "note": ""})
    assert response.status_code == 302
    assert "一网统管" in search_text_words()


def search_text_words() -> list[str]:
    from gongkai.search.text import segment

    return segment("推进一网统管建设")


def _law_article(key: str, title: str, body: str):
    import datetime as dt

    from gongkai.search.registry import Document
    from gongkai.search.services import index_documents

    index_documents([Document(kind="law_article", key=key, title=title, body=body,
                              url=f"/sfj/laws/1/#a{key}", agency_id=None,
                              published_on=dt.date(2021, 1, 1), facets={"category": "民法典"})])


def test_api_agency_filter_keeps_the_law_library_like_the_portal(client, make_record, other_agency):
    """`GET /api/v1/search?q=离婚&agency=sfj` answered 0 while /sfj/search/?q=离婚 listed
    the law articles: the agency filter dropped what belongs to no agency."""
    _law_article("1:1", "中华人民共和国民法典 婚姻家庭编 第一千零七十六条",
                 "夫妻双方自愿离婚的,应当签订书面离婚协议。")
    make_record("关于离婚登记材料的说明")
    make_record("徐汇区离婚调解工作通知", on=other_agency)
    api = client.get("/api/v1/search", {"q": "离婚", "agency": "sfj"}).json()
    page = client.get("/sfj/search/", {"q": "离婚"}).content.decode()
    assert api["total"] == 2
    assert {h["kind"] for h in api["results"]} == {"record", "law_article"}
    assert "找到 2 条结果" in page and "第一千零七十六条" in page and "徐汇区" not in page
    own = client.get("/api/v1/search", {"q": "离婚", "agency": "sfj", "scope": "agency"}).json()
    assert [h["title"] for h in own["results"]] == ["关于离婚登记材料的说明"]
    own_page = client.get("/sfj/search/", {"q": "离婚", "scope": "agency"}).content.decode()
    assert "找到 1 条结果" in own_page and "仅本机构信息" in own_page
    assert client.get("/api/v1/search", {"q": "离婚", "scope": "x"}).status_code == 422
    assert client.get("/api/v1/search", {"q": "离婚"}).json()["total"] == 3


def test_results_show_the_publication_date(client, make_record):
    import datetime as dt

    from gongkai.catalogue.models import Record
    from gongkai.search.records import reindex_records

    record = make_record("关于律师执业年度考核的通知", formed_on=dt.date(2018, 3, 12))
    Record.objects.filter(pk=record.pk).update(published_on=dt.date(2018, 3, 19))
    reindex_records([record.pk])
    page = client.get("/sfj/search/", {"q": "律师"}).content.decode()
    assert '发布日期 <time datetime="2018-03-19">2018-03-19</time>' in page
    hit = client.get("/api/v1/search", {"q": "律师"}).json()["results"][0]
    assert hit["published_on"] == hit["date"] == "2018-03-19"
