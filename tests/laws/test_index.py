from gongkai.laws.indexing import laws_index
from gongkai.laws.models import Law
from gongkai.laws.services import laws_import
from gongkai.search.models import SearchDocument
from gongkai.search.selectors import search


def test_articles_are_searchable_with_law_and_article(agency, imported):
    assert laws_index(imported.law_ids) == imported.articles
    hits = search("政府信息公开申请 答复 工作日", kinds=["law_article"]).hits
    top = hits[0]
    assert top.extra["law_title"] == "中华人民共和国政府信息公开条例"
    assert top.extra["article"].startswith("第")
    assert top.url.startswith("/sfj/laws/") and "#a" in top.url


def test_reimport_of_a_shorter_law_removes_vanished_articles(agency, imported, law_folder):
    laws_index(imported.law_ids)
    path = law_folder / "行政法" / "法律援助法(2021-08-20).md"
    text = path.read_text("utf-8")
    path.write_text(text[:text.index("第三章")].rstrip("# \n") + "\n", "utf-8")
    report = laws_import(law_folder, index_async=False)
    laws_index(report.law_ids)
    law = Law.objects.get(title="中华人民共和国法律援助法")
    assert SearchDocument.objects.filter(kind="law_article", key__startswith=f"{law.pk}:"
                                         ).count() == law.article_count
