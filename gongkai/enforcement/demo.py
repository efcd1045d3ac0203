"""Demo data (clearly marked 演示): a year of enforcement decisions for the first agency —
licences and penalties published on time and late, one coercive measure, one revoked
penalty withdrawn with its reason — plus bodies, officers and guidance pages."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.core.models import Agency
from gongkai.enforcement import services
from gongkai.enforcement.models import Decision, EnforcementBody, Guidance, GuidanceKind

DEMO = "（演示数据）"

OFFICERS = [("王建国", "31000120001", "律师、公证监督管理"), ("李文华", "31000120002", "法律援助监督"),
            ("陈思远", "31000120003", "司法鉴定监督管理"), ("赵敏", "31000120004", "律师、公证监督管理")]

# (category, serial, party type, party, facts, basis, decision, days before today, published
# after n days (None: not yet), revoked)
DECISIONS = [
    ("licence", 1, "legal_person", "上海明理律师事务所", "申请设立分所，材料齐全，符合法定条件。",
     "《中华人民共和国律师法》第十九条", "准予设立上海明理律师事务所浦东分所。", 300, 3, False),
    ("penalty", 2, "natural_person", "张伟", "张伟律师在代理案件中向当事人收取规定外费用。",
     "《中华人民共和国律师法》第四十八条", "给予张伟警告，没收违法所得人民币五千元。", 250, 20, False),
    ("penalty", 3, "legal_person", "上海和信司法鉴定所", "超出登记的业务范围从事司法鉴定业务。",
     "《全国人民代表大会常务委员会关于司法鉴定管理问题的决定》第十三条", "责令改正，给予警告。",
     200, 5, True),
    ("coercion", 4, "legal_person", "上海某某咨询有限公司", "以律师事务所名义从事法律服务，拒不停止。",
     "《中华人民共和国行政强制法》第二十二条", "查封用于非法执业的宣传材料一批。", 150, 45, False),
    ("inspection", 5, "legal_person", "上海东方公证处", "年度执业检查。", "《公证机构执业管理办法》第三十条",
     "检查合格。", 120, 10, False),
    ("licence", 6, "legal_person", "上海正衡律师事务所", "申请变更执业机构名称。",
     "《中华人民共和国律师法》第十九条", "准予变更。", 60, 2, False),
    ("penalty", 7, "natural_person", "欧阳明", "欧阳明律师同时在两个律师事务所执业。",
     "《中华人民共和国律师法》第四十七条", "给予欧阳明停止执业三个月的处罚。", 20, None, False),
]


def load_enforcement_demo(records=None) -> dict[str, int]:
    agency = Agency.objects.filter(is_active=True).order_by("id").first()
    if agency is None:
        return {"decisions": 0}
    today = timezone.localdate()
    body = EnforcementBody.objects.filter(agency=agency, name__startswith=agency.name).first()
    if body is None:
        body = services.body_create(actor=None, agency=agency, name=f"{agency.name}{DEMO}",
                                    duties="律师、公证、司法鉴定、法律援助等行业的行政许可、行政处罚和监督检查。",
                                    phone=agency.phone)
    for name, number, field in OFFICERS:
        if not body.officers.filter(certificate_number=number).exists():
            services.officer_create(actor=None, agency=agency, body=body, name=name,
                                    certificate_number=number, field=field)
    pages = [(GuidanceKind.POWER, "行政执法职责与依据",
              "依据《中华人民共和国律师法》《公证法》等，对律师、公证、司法鉴定实施许可、处罚和检查。"),
             (GuidanceKind.PROCEDURE, "行政处罚一般程序",
              "立案—调查取证—告知陈述申辩权利—法制审核—作出决定—送达—公示。"),
             (GuidanceKind.REMEDY, "救济渠道",
              "对行政执法决定不服的，可在收到决定之日起六十日内申请行政复议，"
              "或在六个月内提起行政诉讼。")]
    for kind, title, text in pages:
        if not Guidance.objects.filter(agency=agency, title=title).exists():
            services.guidance_create(actor=None, agency=agency, kind=kind, title=title,
                                     body=text + DEMO)
    made = 0
    for category, serial, party_type, party, facts, basis, decision, ago, after, revoked in DECISIONS:
        decided = today - dt.timedelta(days=ago)
        number = f"沪司执决〔{decided.year}〕{serial}号"
        found = Decision.objects.filter(agency=agency, document_number=number).first()
        if found is not None:
            continue
        found = services.decision_record(
            actor=None, agency=agency, body=body, category=category, decided_on=decided,
            document_number=number, party_type=party_type, party_name=party,
            facts=facts + DEMO, basis=basis, decision=decision, today=today)
        made += 1
        if after is None:
            continue
        found = services.decision_publish(actor=None, decision=found,
                                          today=decided + dt.timedelta(days=after))
        if revoked:
            changed = decided + dt.timedelta(days=after + 30)
            services.decision_withdraw(actor=None, decision=found, change_kind="revoked",
                                       reason="经行政复议，原处罚决定认定事实不清，予以撤销。",
                                       changed_on=changed, today=changed + dt.timedelta(days=1))
    return {"decisions": made}
