"""Demo standard catalogue for a justice bureau (public legal service items as seen in
published basic-level catalogues, catalogue-fields.md), with links to the demo
catalogue's records and the demo directory, and items deliberately left without links so
the gaps page has something to show. Flagged ``is_demo``; written through the services."""

from __future__ import annotations

from django.conf import settings

from gongkai.core.models import Agency
from gongkai.standards import services
from gongkai.standards.models import StandardItem

DEMO_AGENCY = "sfj"
LIMIT = "信息形成或者变更之日起20个工作日内"
REGULATIONS = "《中华人民共和国政府信息公开条例》"

# (serial, 一级, 二级, 内容, 依据, 主体, 渠道, 对象, 方式, 层级, links)
ITEMS = [
    (1, "法治宣传教育", "普法资讯", "普法工作动态、法治宣传活动信息",
     f"{REGULATIONS};《关于实行国家机关“谁执法谁普法”普法责任制的意见》", "市司法局",
     ["政府网站", "政务新媒体"], "public", "proactive", ["市级"],
     [("catalogue_query", "topic=publicity")]),
    (2, "律师管理", "律师执业许可", "律师执业许可决定：律师姓名、执业机构、执业证号、决定日期",
     "《中华人民共和国律师法》;《律师执业管理办法》", "市司法局", ["政府网站", "法律服务网"],
     "public", "proactive", ["市级"],
     [("directory", "lawyer"), ("catalogue_query", "topic=lawyers")]),
    (3, "律师管理", "律师事务所年度检查考核结果", "年度检查考核结果公告",
     "《律师事务所年度检查考核办法》", "市司法局", ["政府网站"], "public", "proactive", ["市级"],
     [("catalogue_query", "topic=lawyers&genre=announcement")]),
    (4, "公证", "公证机构和公证员名录", "公证机构名称、地址、联系电话、执业区域；公证员姓名、执业证号",
     "《中华人民共和国公证法》", "市司法局", ["政府网站", "法律服务网", "公开查阅点"], "public",
     "proactive", ["市级", "区级"], [("directory", "notary_office"), ("directory", "notary")]),
    (5, "司法鉴定", "司法鉴定机构和鉴定人登记", "司法鉴定机构、司法鉴定人名册及登记事项",
     "《全国人民代表大会常务委员会关于司法鉴定管理问题的决定》", "市司法局", ["政府网站", "法律服务网"],
     "public", "proactive", ["市级"],
     [("directory", "appraisal_institution"), ("catalogue_query", "topic=forensics")]),
    (6, "法律援助", "法律援助工作情况", "法律援助政策、工作报告、专项行动", "《中华人民共和国法律援助法》",
     "市司法局", ["政府网站", "政务新媒体"], "public", "proactive", ["市级"],
     [("catalogue_query", "topic=legal-aid")]),
    (7, "法律援助", "给予或不予法律援助决定", "法律援助决定书、指派通知书",
     "《中华人民共和国法律援助法》第四十三条",
     "各区法律援助中心", ["精准推送"], "specific", "proactive", ["区级"], []),
    (8, "人民调解", "人民调解组织", "人民调解委员会名称、地址、联系方式", "《中华人民共和国人民调解法》",
     "各区司法局", ["政府网站", "社区/村公示栏（电子屏）"], "public", "proactive", ["区级", "乡级"],
     [("directory", "mediation_committee"), ("catalogue_query", "topic=mediation")]),
    (9, "基层法律服务", "基层法律服务所", "基层法律服务所名称、地址、执业证号、服务范围",
     "《基层法律服务所管理办法》", "各区司法局", ["政府网站", "便民服务站"], "public", "proactive",
     ["区级", "乡级"], [("directory", "grassroots_office")]),
    (10, "公共法律服务", "法律咨询与办理进度查询", "12348热线、网络平台、公证和司法鉴定办理进度查询",
     "《关于加快推进公共法律服务体系建设的意见》", "市司法局", ["政府网站", "法律服务网"], "public",
     "proactive", ["市级"], [("url", "/sfj/directory/lookup/"), ("directory", "legal_aid_centre")]),
    (11, "行政执法", "行政处罚决定", "行政处罚决定书（律师、基层法律服务工作者、司法鉴定）",
     "《中华人民共和国行政处罚法》第四十八条", "市司法局", ["政府网站"], "public", "proactive",
     ["市级"], []),
]


def load_standards_demo(records: int | None = None) -> dict[str, int]:
    from gongkai.core.demo import DemoRefusedError

    if not settings.GONGKAI_DEMO_ALLOWED:
        raise DemoRefusedError("demo data is refused when GONGKAI_ENV=production")
    agency = Agency.objects.filter(slug=DEMO_AGENCY).first()
    counts = {"standard_items": 0, "standard_links": 0}
    if agency is None:
        return counts
    existing = set(StandardItem.objects.filter(agency=agency).values_list("serial", flat=True))
    for (serial, level1, level2, content, basis, subject, channels, audience, manner, levels,
         links) in ITEMS:
        if serial in existing:
            continue
        item = services.item_save(actor=None, agency=agency, is_demo=True, data={
            "serial": serial, "level1": level1, "level2": level2, "content": content,
            "basis": basis, "time_limit": LIMIT, "subject": subject, "channels": channels,
            "audience": audience, "manner": manner, "levels": levels})
        counts["standard_items"] += 1
        for kind, target in links:
            services.link_add(actor=None, item=item, kind=kind, target=target)
            counts["standard_links"] += 1
    return counts
