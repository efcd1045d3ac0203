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
    from gongkai.laws.services import laws_import

    corpus = Path(settings.GONGKAI_LAWS_CORPUS)
    if corpus.is_dir():
        report = laws_import(corpus, only=None if settings.GONGKAI_LAWS_DEMO_ALL else DEMO_LAWS)
    else:
        report = laws_import(FIXTURES)
    return {"laws": report.created + report.updated, "articles": report.articles,
            "unparsed": len(report.failures)}


register_demo_loader("laws", load_laws_demo)
