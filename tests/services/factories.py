"""Test data for the services app: laws in the library (made directly: the tests need a
few articles, not the importer), and complete guides."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from gongkai.laws.models import Law, LawArticle
from gongkai.services import services
from gongkai.services.models import ServiceItem

LAWYERS = "中华人民共和国律师法"
LEGAL_AID = "中华人民共和国法律援助法"


def law(title: str, version: str, articles: dict[str, str], *, in_force: bool = True) -> Law:
    made = Law.objects.create(title=title, category="行政法", version_date=dt.date.fromisoformat(version),
                              in_force=in_force, source_path=f"test/{title}({version}).md",
                              sha256="0" * 64, article_count=len(articles))
    for ordinal, (number, text) in enumerate(articles.items(), start=1):
        LawArticle.objects.create(law=made, number=number, ordinal=ordinal, text=text)
    return made


def library() -> dict[str, Law]:
    return {
        "lawyers": law(LAWYERS, "2017-09-01", {"第五条": "申请律师执业，应当具备下列条件……",
                                               "第六条": "申请律师执业，应当向设区的市级……",
                                               "第四十七条": "律师有下列行为之一的……"}),
        "aid": law(LEGAL_AID, "2021-08-20", {"第二条": "本法所称法律援助……",
                                            "第三十一条": "下列事项的当事人……",
                                            "第四十三条": "法律援助机构应当自收到申请之日起七日内……"}),
    }


CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
DOCUMENT = (
    '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
    'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body>'
    '</w:document>')


def docx_bytes(text: str = "法律援助申请表") -> bytes:
    """A minimal real .docx (the upload check reads the bytes, not the name)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("word/document.xml", DOCUMENT.format(text=text))
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

COMPLETE = {
    "conditions": "经济困难，且属于法律援助范围。",
    "steps": ["提交申请", "审查", "作出决定", "指派律师"],
    "statutory_days": 7, "promised_days": 5,
    "time_limit_basis": "《中华人民共和国法律援助法》第四十三条",
    "fees": "不收费", "place": "各区公共法律服务中心", "hours": "工作日 9:00—17:00",
    "contacts": "12348",
    "faqs": [{"question": "需要多久？", "answer": "七日内作出决定。"}],
    "basis": [{"law": LEGAL_AID, "article": "第四十三条"}],
}


def complete_item(agency, *, code: str = "FLYZ-001", name: str = "法律援助申请",
                  publish: bool = True, with_file: bool = True) -> ServiceItem:
    item = services.item_create(actor=None, agency=agency, code=code, name=name,
                                keywords="法律援助")
    guide = item.guides.get()
    services.guide_update(actor=None, guide=guide, **COMPLETE)
    material = services.material_add(actor=None, guide=guide, name="法律援助申请表",
                                     copies="原件1份")
    services.material_add(actor=None, guide=guide, name="经济困难状况说明表",
                          condition_tags=["needs_means"])
    if with_file:
        services.material_attach(actor=None, material=material, kind="blank",
                                 filename="法律援助申请表.docx", data=docx_bytes())
    if publish:
        services.guide_submit(actor=None, guide=guide)
        services.guide_approve(actor=None, guide=guide)
    return item
