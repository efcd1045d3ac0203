import re

from django.urls import reverse

from gongkai.laws.models import Law

AID = "中华人民共和国法律援助法"
REVIEW = "中华人民共和国行政复议法"


def test_index_lists_categories_with_counts(client, agency, imported):
    body = client.get(reverse("laws:index", kwargs={"agency": agency.slug})).content.decode()
    # Only laws in force are counted: 行政复议法 has two versions, one in force.
    assert re.search(r"行政法 <span class=\"count\">（1）</span>", body)
    assert re.search(r"诉讼与非诉讼程序法 <span class=\"count\">（1）</span>", body)


def test_index_searches_titles_and_lists_recent_versions(client, agency, imported):
    url = reverse("laws:index", kwargs={"agency": agency.slug})
    body = client.get(url).content.decode()
    assert 'role="search"' in body and 'data-testid="law-recent"' in body
    recent = re.findall(r'href="/[^/]+/laws/(\d+)/"', body.split('data-testid="law-recent"')[1])
    assert {int(pk) for pk in recent} <= set(Law.objects.filter(in_force=True)
                                             .values_list("pk", flat=True))
    found = client.get(url, {"q": "法律 援助"}).content.decode()
    listed = found.split('data-testid="law-list"')[1].split("</ul>")[0]
    assert AID in listed and REVIEW not in listed
    none = client.get(url, {"q": "不存在的法律名"}).content.decode()
    assert "没有标题含" in none and "/search/?q=" in none


def test_category_page_lists_laws_in_force(client, agency, imported):
    url = reverse("laws:category", kwargs={"agency": agency.slug, "category": "诉讼与非诉讼程序法"})
    body = client.get(url).content.decode()
    in_force = Law.objects.get(title=REVIEW, in_force=True)
    old = Law.objects.get(title=REVIEW, in_force=False)
    assert f"/laws/{in_force.pk}/" in body and f"/laws/{old.pk}/" not in body
    assert client.get(url, {"q": "复议"}).status_code == 200
    missing = reverse("laws:category", kwargs={"agency": agency.slug, "category": "不存在"})
    assert client.get(missing).status_code == 404


def test_law_page_has_toc_and_an_anchor_per_article(client, agency, imported):
    law = Law.objects.get(title=AID)
    body = client.get(reverse("laws:law", kwargs={"agency": agency.slug, "pk": law.pk})
                      ).content.decode()
    anchors = re.findall(r'<div class="law-article" id="(a\d+)"', body)
    assert anchors == [f"a{n}" for n in range(1, law.article_count + 1)]
    toc = re.findall(r'<li class="toc-depth-0"><a href="#(a\d+)">([^<]+)</a>', body)
    assert toc[0] == ("a1", "第一章 总 则")
    third = law.articles.filter(chapter__startswith="第三章").first()
    assert (third.anchor, "第三章 形式和范围") in toc
    assert 'data-testid="in-force"' in body


def test_search_within_a_law(client, agency, imported):
    law = Law.objects.get(title=AID)
    url = reverse("laws:law", kwargs={"agency": agency.slug, "pk": law.pk})
    body = client.get(url, {"q": "经济困难 申请"}).content.decode()
    numbers = re.findall(r'data-number="([^"]+)"', body)
    expected = [a.number for a in law.articles.all()
                if "经济困难" in a.text and "申请" in a.text]
    assert numbers == expected and "第三十一条" in numbers
    by_number = re.findall(r'data-number="([^"]+)"', client.get(url, {"q": "第四十三条"}).content.decode())
    assert by_number == ["第四十三条"]
    assert "没有找到" in client.get(url, {"q": "不存在的词语"}).content.decode()
    assert client.get(url, {"q": "\x00\x01" + "法" * 300}).status_code == 200


def test_versions_and_compare(client, agency, imported):
    old = Law.objects.get(title=REVIEW, in_force=False)
    new = Law.objects.get(title=REVIEW, in_force=True)
    body = client.get(reverse("laws:law", kwargs={"agency": agency.slug, "pk": old.pk})
                      ).content.decode()
    assert 'data-testid="not-in-force"' in body
    compare = reverse("laws:compare", kwargs={"agency": agency.slug, "pk": new.pk, "other": old.pk})
    assert compare in body or reverse("laws:compare", kwargs={
        "agency": agency.slug, "pk": old.pk, "other": new.pk}) in body
    page = client.get(compare).content.decode()
    # Older on the left, whichever order the address gives.
    assert page.index("2017-09-01") < page.index("2023-09-01")
    rows = re.findall(r"<tr( class=\"changed\")?>\s*<td>(新增|删除|修改|未变)</td>", page)
    assert rows and {kind for _, kind in rows} >= {"修改", "新增"}
    changed = sum(1 for flag, _ in rows if flag)
    assert f"有变化的条文 {changed} 条" in page


def test_compare_refuses_two_different_laws(client, agency, imported):
    aid = Law.objects.get(title=AID)
    review = Law.objects.get(title=REVIEW, in_force=True)
    url = reverse("laws:compare", kwargs={"agency": agency.slug, "pk": aid.pk, "other": review.pk})
    assert client.get(url).status_code == 404
    assert client.get(reverse("laws:law", kwargs={"agency": agency.slug, "pk": 99999})
                      ).status_code == 404


def test_contents_keep_a_chapter_that_opens_with_a_section(client, agency, imported):
    """第二章 行政复议申请 opens with its 第一节: the contents dropped it and showed the
    节 as chapters; the text printed 第一章 twice."""
    law = Law.objects.get(title=REVIEW, in_force=True)
    body = client.get(reverse("laws:law", kwargs={"agency": agency.slug, "pk": law.pk})
                      ).content.decode()
    start = body.index('data-testid="toc"')
    toc = body[start:body.index("</nav>", start)]
    chapter = law.articles.filter(chapter__startswith="第二章").first()
    second = re.search(rf'<li class="toc-depth-0"><a href="#{chapter.anchor}">第二章 行政复议申请</a>'
                       r'<ul class="plain-list">(.*?)</ul></li>', toc)
    assert second, toc
    assert re.findall(r'<li class="toc-depth-1"><a href="#a\d+">([^<]+)</a>', second.group(1))[:2] == [
        "第一节 行政复议范围", "第二节 行政复议参加人"]
    text = body[body.index('id="h-text"'):]
    assert text.count("第一章 总 则") == 1
    assert re.search(r'<h4 class="law-heading" data-depth="1">第一节 行政复议范围</h4>', text)
