"""Demo data (clearly marked 演示): the item list, two pools, and one plan with a published,
verifiable draw and some results — committed two months ago, drawn after the public value
named in advance, results recorded and published (one late)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.core.models import Agency
from gongkai.inspections import credit_codes, services
from gongkai.inspections.models import InspectionItem, Plan

DEMO = "（演示）"
TITLE = "律师事务所执业情况随机抽查" + DEMO
ITEMS = (
    "序号,检查项目,检查子项,检查主体,检查依据,检查方式,检查内容,备注\n"
    "1,律师事务所执业情况检查,执业活动,市司法局,《律师事务所管理办法》第六十五条,现场检查,"
    "执业许可、收费、利益冲突审查,\n"
    "2,公证机构执业情况检查,公证质量,市司法局,《公证机构执业管理办法》第三十条,书面检查,"
    "公证卷宗、收费公示,\n"
    "3,司法鉴定机构检查,鉴定业务,市司法局,《司法鉴定机构登记管理办法》第四十一条,现场检查,"
    "业务范围、鉴定人执业,\n")
ENTITY_COUNT = 120


def _entities() -> bytes:
    lines = ["名称,统一社会信用代码,法定代表人,地址"]
    for n in range(ENTITY_COUNT):
        code = credit_codes.complete(f"31310000{n:08d}X"[:17])
        lines.append(f"演示律师事务所{n + 1:03d},{code},演示负责人{n + 1},上海市演示路{n + 1}号")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _inspectors() -> bytes:
    tied = credit_codes.complete("3131000000000000X"[:17])
    lines = ["姓名,执法证号,执法领域,回避单位",
             f"王建国,31000120001,律师、公证监督管理,{tied}",
             "李文华,31000120002,法律援助监督,", "陈思远,31000120003,司法鉴定监督管理,",
             "赵敏,31000120004,律师、公证监督管理,", "孙立,31000120005,律师监督管理,",
             "周洁,31000120006,公证监督管理,"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def load_inspections_demo(records=None) -> dict[str, int]:
    agency = Agency.objects.filter(is_active=True).order_by("id").first()
    if agency is None:
        return {"plans": 0}
    if Plan.objects.filter(agency=agency, title=TITLE).exists():
        return {"plans": 0}
    today = timezone.localdate()
    if not InspectionItem.objects.filter(agency=agency).exists():
        services.items_import(actor=None, agency=agency, data=ITEMS.encode("utf-8"))
    entities = services.pool_import(actor=None, agency=agency, kind="entity", data=_entities(),
                                    filename="demo-entities.csv")
    inspectors = services.pool_import(actor=None, agency=agency, kind="inspector",
                                      data=_inspectors(), filename="demo-inspectors.csv")
    committed_on = today - dt.timedelta(days=60)
    plan = services.plan_create(
        actor=None, agency=agency, title=TITLE,
        items=InspectionItem.objects.filter(agency=agency, number__in=[1]), share_bp=500,
        period_start=committed_on + dt.timedelta(days=3), period_end=today + dt.timedelta(days=30),
        public_value_source=f"{committed_on + dt.timedelta(days=2):%Y年%m月%d日}上证综合指数收盘点数{DEMO}",
        public_value_date=committed_on + dt.timedelta(days=2), entity_pool=entities,
        inspector_pool=inspectors)
    plan = services.plan_commit(actor=None, plan=plan, today=committed_on)
    drawn_on = committed_on + dt.timedelta(days=3)
    plan = services.plan_draw(actor=None, plan=plan, public_value="3245.67", today=drawn_on)
    inspections = list(plan.inspections.order_by("order"))
    outcomes = ["no_issue", "rectify", "no_issue"]
    for i, inspection in enumerate(inspections[:3]):
        services.result_record(actor=None, inspection=inspection,
                               inspected_on=drawn_on + dt.timedelta(days=2 + i),
                               outcome=outcomes[i], note="已整改完毕" if outcomes[i] == "rectify" else "",
                               today=drawn_on + dt.timedelta(days=5))
    services.results_publish(actor=None, plan=plan, today=drawn_on + dt.timedelta(days=10))
    if len(inspections) > 3:
        services.result_record(actor=None, inspection=inspections[3],
                               inspected_on=drawn_on + dt.timedelta(days=4), outcome="no_issue",
                               today=drawn_on + dt.timedelta(days=5))
        services.results_publish(actor=None, plan=plan, today=today)  # late: past 20 working days
    return {"plans": 1, "drawn": len(inspections)}
