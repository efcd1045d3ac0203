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


def test_the_import_command_indexes_and_embeds_before_it_returns(agency, law_folder, capsys):
    """What `gongkai laws import` imported is searchable and answerable when it returns,
    with progress lines when its output is not a terminal; nothing is left queued."""
    from django.core.management import call_command

    from gongkai.jobs.models import JobRun
    from gongkai.laws.models import LawArticle
    from gongkai.qa.models import Embedding

    call_command("laws", "import", str(law_folder))
    out = capsys.readouterr().out
    articles = LawArticle.objects.count()
    assert search("政府信息公开申请 答复", kinds=["law_article"]).total > 0
    assert SearchDocument.objects.filter(kind="law_article").count() == articles
    assert Embedding.objects.filter(kind="law_article").count() == articles
    assert f"检索索引:{articles}/{articles}(100%)" in out
    assert f"语义向量:{articles}/{articles}(100%)" in out
    assert f"已完成:检索索引 {articles} 条,语义向量 {articles} 条" in out
    assert not JobRun.objects.filter(name__in=["laws.index", "qa.embed_laws"]).exists()


def test_the_import_command_with_queue_says_so_and_the_index_job_goes_first(
        agency, law_folder, capsys, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    from gongkai.jobs.models import JobRun
    from gongkai.jobs.registry import PRIORITY_NORMAL, PRIORITY_WAITING

    with django_capture_on_commit_callbacks(execute=True):
        call_command("laws", "import", str(law_folder), "--queue")
    out = capsys.readouterr().out
    assert "已排队" in out and "/staff/jobs/" in out
    assert search("政府信息公开申请 答复", kinds=["law_article"]).total == 0
    runs = dict(JobRun.objects.values_list("name", "priority"))
    assert runs == {"laws.index": PRIORITY_WAITING, "qa.embed_laws": PRIORITY_NORMAL}
