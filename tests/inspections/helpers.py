"""Small pools and plans for the inspection tests (through the services)."""

from __future__ import annotations

import datetime as dt

from gongkai.inspections import credit_codes, services
from gongkai.inspections.models import InspectionItem

D = dt.date
ITEMS = ("序号,检查项目,检查子项,检查主体,检查依据,检查方式,检查内容,备注\n"
         "1,律师事务所执业情况检查,执业活动,市司法局,《律师事务所管理办法》第六十五条,现场检查,收费与利益冲突,\n")


def code(n: int) -> str:
    return credit_codes.complete(f"31310000{n:08d}X"[:17])


def entities_csv(count: int, duplicate: bool = False) -> bytes:
    lines = ["名称,统一社会信用代码,法定代表人,地址"]
    lines += [f"律师事务所{n},{code(n)},负责人{n},上海市测试路{n}号" for n in range(count)]
    if duplicate:
        lines.append(f"重复的事务所,{code(0)},负责人,地址")
    return ("\n".join(lines) + "\n").encode("utf-8")


def inspectors_csv(count: int, ties: dict[int, list[int]] | None = None) -> bytes:
    lines = ["姓名,执法证号,执法领域,回避单位"]
    for n in range(count):
        tied = ";".join(code(e) for e in (ties or {}).get(n, []))
        lines.append(f"检查员{n},3100012{n:04d},律师监督,{tied}")
    return ("\n".join(lines) + "\n").encode("utf-8")


PUBLIC_VALUE_DATE = D(2025, 3, 5)


def plan(agency, *, entities=40, inspectors=6, share_bp=1000, ties=None,
         public_value_date=PUBLIC_VALUE_DATE):
    if not InspectionItem.objects.filter(agency=agency).exists():
        services.items_import(actor=None, agency=agency, data=ITEMS.encode("utf-8"))
    services.pool_import(actor=None, agency=agency, kind="entity", data=entities_csv(entities))
    services.pool_import(actor=None, agency=agency, kind="inspector",
                         data=inspectors_csv(inspectors, ties))
    return services.plan_create(
        actor=None, agency=agency, title="律师事务所随机抽查",
        items=InspectionItem.objects.filter(agency=agency),
        share_bp=share_bp, period_start=D(2025, 3, 10), period_end=D(2025, 6, 30),
        public_value_source="2025年3月5日上证综合指数收盘点数", public_value_date=public_value_date)


def drawn(agency, **kwargs):
    found = plan(agency, **kwargs)
    found = services.plan_commit(actor=None, plan=found, today=D(2025, 3, 3))
    return services.plan_draw(actor=None, plan=found, public_value="3341.96", today=D(2025, 3, 5))
