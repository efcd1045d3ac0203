"""Demo law library: a small set of laws a justice bureau's visitors ask about, from the
corpus folder when it is there (``GONGKAI_LAWS_CORPUS``), else the excerpts shipped in
``fixtures/laws`` so that ``make run`` always has a library. Idempotent (the import is)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from gongkai.core.demo_registry import register_demo_loader

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "laws"

# File names without the date: every version of each is imported.
DEMO_LAWS = (
    "法律援助法", "法律援助条例", "上海市法律援助若干规定", "政府信息公开条例", "律师法", "公证法",
    "人民调解法", "人民调解委员会组织条例", "社区矫正法", "行政复议法", "行政复议法实施条例",
    "行政诉讼法", "行政处罚法", "上海市司法鉴定管理条例", "消费者权益保护法", "劳动合同法",
    "治安管理处罚法", "婚姻登记条例", "婚姻家庭编", "继承编",
    "最高人民法院关于审理政府信息公开行政案件若干问题的规定",
)


def load_laws_demo(records: int | None = None) -> dict[str, int]:
    """Import, then index for search and embed for Q&A here, before ``gongkai demo``
    returns: ``make run`` serves only after this, so the first search finds laws (a
    background job would sit behind the demo's hundreds of PDFs and letters)."""
    from gongkai.laws.indexing import laws_index_now
    from gongkai.laws.models import LawArticle
    from gongkai.laws.services import laws_import
    from gongkai.search.models import SearchDocument

    corpus = Path(settings.GONGKAI_LAWS_CORPUS)
    if corpus.is_dir():
        report = laws_import(corpus, only=None if settings.GONGKAI_LAWS_DEMO_ALL else DEMO_LAWS,
                             index_async=False)
    else:
        report = laws_import(FIXTURES, index_async=False)
    law_ids: list[int] | None = report.law_ids
    # A demo interrupted after its import left the laws unindexed: the re-run finds the
    # files unchanged, so index (and embed: unchanged vectors are skipped) everything.
    if SearchDocument.objects.filter(kind="law_article").count() < LawArticle.objects.count():
        law_ids = None
    counts = laws_index_now(law_ids) if law_ids is None or law_ids else {}
    return {"laws": report.created + report.updated, "articles": report.articles,
            "unparsed": len(report.failures), "indexed": counts.get("检索索引", 0)}


register_demo_loader("laws", load_laws_demo)
