"""Demo data (演示数据) for 办事服务: the bureau's power and responsibility list with legal
bases from the law library, the main guides of a justice bureau with blank forms, and the
scenario guides ("我要…"). Idempotent; written through the services with ``actor=None``.

Bases are kept only where the library has the law and article: with the full demo library
(the corpus in ``../shared/data/laws``) every basis resolves; with the small fixture library
some powers keep fewer bases, and the loader reports how many references it skipped.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

LIST_FROM = dt.date(2024, 1, 1)
AGENCY = "sfj"
LAWYERS, NOTARY, MEDIATION = "中华人民共和国律师法", "中华人民共和国公证法", "中华人民共和国人民调解法"
AID, APPRAISAL = "中华人民共和国法律援助法", "上海市司法鉴定管理条例"
OPENNESS = "中华人民共和国政府信息公开条例"

LAWYER_DEPT, NOTARY_DEPT, SERVICE_DEPT = "律师工作管理处", "公证工作管理处", "公共法律服务管理处"
SUPERVISION_DEPT, OFFICE = "行政执法监督处", "办公室"

RESPONSIBILITIES = {
    "licensing": ("受理责任：公示应当提交的材料，一次性告知补正内容；审查责任：审查申请材料，"
                  "提出审查意见；决定责任：在法定期限内作出准予或者不予许可的决定，不予许可的说明理由；"
                  "送达责任：制发并送达证书或决定书；事后监管责任：对被许可人开展监督检查。"),
    "penalty": ("立案责任、调查取证责任、审查责任、告知责任（告知拟处罚的事实、理由、依据和陈述申辩、"
                "听证权利）、决定责任、送达责任、执行责任，以及依法公示行政处罚决定。"),
    "default": "依法履行受理、审查、决定、送达和监督检查职责，并依法公开办理结果。",
}
ACCOUNTABILITY = ("因不履行或者不正确履行职责，有下列情形之一的，依法追究相应责任：对符合条件的申请"
                  "不予受理或者不在法定期限内作出决定的；对不符合条件的申请作出准予决定的；违反法定程序"
                  "实施的；玩忽职守、滥用职权、徇私舞弊的；索取或者收受他人财物、谋取其他利益的；"
                  "其他违反法律、法规、规章规定的行为。")

# (code, type, name, department, [(law, article), ...])
POWERS: list[tuple[str, str, str, str, list[tuple[str, str]]]] = [
    ("XK-001", "licensing", "律师执业许可", LAWYER_DEPT, [(LAWYERS, "第五条"), (LAWYERS, "第六条")]),
    ("XK-002", "licensing", "律师事务所设立许可", LAWYER_DEPT,
     [(LAWYERS, "第十四条"), (LAWYERS, "第十八条")]),
    ("XK-003", "licensing", "律师事务所变更许可", LAWYER_DEPT, [(LAWYERS, "第二十一条")]),
    ("XK-004", "licensing", "律师事务所分所设立许可", LAWYER_DEPT, [(LAWYERS, "第十九条")]),
    ("XK-005", "licensing", "公证机构设立审批", NOTARY_DEPT, [(NOTARY, "第八条"), (NOTARY, "第九条")]),
    ("XK-006", "licensing", "公证员执业审核", NOTARY_DEPT, [(NOTARY, "第十八条"), (NOTARY, "第二十一条")]),
    ("XK-007", "licensing", "司法鉴定机构登记", SERVICE_DEPT,
     [(APPRAISAL, "第十一条"), (APPRAISAL, "第十三条")]),
    ("XK-008", "licensing", "司法鉴定人执业登记", SERVICE_DEPT,
     [(APPRAISAL, "第十二条"), (APPRAISAL, "第十三条")]),
    ("CF-001", "penalty", "对律师违法执业行为的行政处罚", LAWYER_DEPT,
     [(LAWYERS, "第四十七条"), (LAWYERS, "第四十八条"), (LAWYERS, "第四十九条")]),
    ("CF-002", "penalty", "对律师事务所违法行为的行政处罚", LAWYER_DEPT, [(LAWYERS, "第五十条")]),
    ("CF-003", "penalty", "对未取得律师执业证书以律师名义从事法律服务的行政处罚", LAWYER_DEPT,
     [(LAWYERS, "第五十五条")]),
    ("CF-004", "penalty", "对公证机构及公证员违法行为的行政处罚", NOTARY_DEPT,
     [(NOTARY, "第四十一条"), (NOTARY, "第四十二条")]),
    ("CF-005", "penalty", "对未经登记从事司法鉴定业务的行政处罚", SERVICE_DEPT,
     [(APPRAISAL, "第四十七条")]),
    ("CF-006", "penalty", "对司法鉴定机构违法行为的行政处罚", SERVICE_DEPT, [(APPRAISAL, "第四十八条")]),
    ("CF-007", "penalty", "对司法鉴定人违法行为的行政处罚", SERVICE_DEPT, [(APPRAISAL, "第四十九条")]),
    ("CF-008", "penalty", "对律师事务所、基层法律服务所违反法律援助义务的行政处罚", SERVICE_DEPT,
     [(AID, "第六十二条")]),
    ("CF-009", "penalty", "对律师、基层法律服务工作者违反法律援助义务的行政处罚", SERVICE_DEPT,
     [(AID, "第六十三条")]),
    ("CF-010", "penalty", "对冒用法律援助名义提供法律服务并谋取利益的行政处罚", SERVICE_DEPT,
     [(AID, "第六十五条")]),
    ("JC-001", "inspection", "律师事务所年度检查考核", LAWYER_DEPT, [(LAWYERS, "第二十四条")]),
    ("JC-002", "inspection", "对公证机构、公证员的监督检查", NOTARY_DEPT, [(NOTARY, "第五条")]),
    ("JC-003", "inspection", "对司法鉴定机构、司法鉴定人的监督检查", SERVICE_DEPT,
     [(APPRAISAL, "第四十条")]),
    ("JC-004", "inspection", "对法律援助工作的监督检查", SERVICE_DEPT, [(AID, "第五十七条")]),
    ("JF-001", "benefit", "给予法律援助", SERVICE_DEPT, [(AID, "第三十一条"), (AID, "第四十三条")]),
    ("JF-002", "benefit", "法律援助人员办案补贴发放", SERVICE_DEPT, [(AID, "第五十二条")]),
    ("QR-001", "confirmation", "法律援助经济困难状况核查", SERVICE_DEPT,
     [(AID, "第四十一条"), (AID, "第四十二条")]),
    ("JL-001", "reward", "对人民调解委员会和人民调解员的表彰奖励", SERVICE_DEPT, [(MEDIATION, "第六条")]),
    ("JL-002", "reward", "对法律援助工作中做出突出贡献的组织和个人的表彰奖励", SERVICE_DEPT,
     [(AID, "第十一条")]),
    ("QT-001", "other", "撤销准予律师执业的决定", LAWYER_DEPT, [(LAWYERS, "第九条")]),
    ("QT-002", "other", "指导人民调解委员会工作", SERVICE_DEPT,
     [(MEDIATION, "第五条"), (MEDIATION, "第十条")]),
    ("QT-003", "other", "法律援助投诉处理", SERVICE_DEPT, [(AID, "第五十五条")]),
    ("QT-004", "other", "司法鉴定执业活动投诉处理", SERVICE_DEPT, [(APPRAISAL, "第四十四条")]),
    ("QT-005", "other", "政府信息公开申请办理", OFFICE, [(OPENNESS, "第二十七条")]),
    ("QT-006", "other", "公证员执业年度考核备案", NOTARY_DEPT, [(NOTARY, "第五条")]),
]
# 动态调整 in the demo: (code, date, kind, reason, changes)
ADJUSTMENTS: list[tuple[str, dt.date, str, str, dict[str, Any]]] = [
    ("CF-001", dt.date(2025, 3, 1), "modify", "依据行政执法公示要求补充责任事项（演示调整）",
     {"responsibilities": RESPONSIBILITIES["penalty"] + "作出处罚决定之日起七个工作日内公开。"}),
    ("QT-006", dt.date(2025, 9, 1), "remove", "并入“对公证机构、公证员的监督检查”（JC-002）（演示调整）", {}),
]

# The guides and the scenario guides are data: fixtures/demo.json (the same shape as
# ``services.scenario_save`` takes, so an office can load its own the same way).
DATA_FILE = Path(__file__).resolve().parent / "fixtures" / "demo.json"


def _data() -> dict[str, Any]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def _basis(resolver, refs, skipped: list[str]) -> list[dict[str, str]]:
    out = []
    for law, article in refs:
        found, _ = resolver.law(law)
        if found is not None and resolver.article(found, article) is not None:
            out.append({"law": law, "article": article})
        else:
            skipped.append(f"{law}{article}")
    return out


def load_services_demo(records: int | None = None) -> dict[str, int]:
    from gongkai.core.models import Agency, Department
    from gongkai.services import services
    from gongkai.services.basis import BasisResolver
    from gongkai.services.demo_forms import blank_form
    from gongkai.services.models import ChangeKind, Power, ServiceItem

    agency = Agency.objects.filter(slug=AGENCY).first()
    if agency is None:
        return {}
    departments = {d.name: d for d in Department.objects.filter(agency=agency)}
    resolver = BasisResolver()
    skipped: list[str] = []
    counts = {"powers": 0, "adjustments": 0, "guides": 0, "forms": 0, "scenarios": 0}
    for code, kind, name, department, refs in POWERS:
        if Power.objects.filter(agency=agency, code=code).exists():
            continue
        services.power_create(
            actor=None, agency=agency, code=code, power_type=kind, name=name,
            department=departments.get(department), basis=_basis(resolver, refs, skipped),
            responsibilities=RESPONSIBILITIES.get(kind, RESPONSIBILITIES["default"]),
            accountability=ACCOUNTABILITY, effective_on=LIST_FROM, reason="权责清单初次公布（演示数据）")
        counts["powers"] += 1
    for code, on, kind, reason, changes in ADJUSTMENTS:
        power = Power.objects.get(agency=agency, code=code)
        if power.versions.filter(effective_on=on).exists():
            continue
        if kind == ChangeKind.REMOVE:
            services.power_remove(actor=None, power=power, effective_on=on, reason=reason)
        else:
            services.power_change(actor=None, power=power, effective_on=on, reason=reason, **changes)
        counts["adjustments"] += 1
    data = _data()
    for spec in data["guides"]:
        if ServiceItem.objects.filter(agency=agency, code=spec["code"]).exists():
            continue
        item = services.item_create(
            actor=None, agency=agency, code=spec["code"], name=spec["name"],
            power=Power.objects.filter(agency=agency, code=spec["power"]).first(),
            department=departments.get(spec["department"]), keywords=spec["keywords"])
        guide = item.guides.get()
        fields = {k: spec[k] for k in ("conditions", "steps", "statutory_days", "promised_days",
                                       "time_limit_basis", "fees", "fee_basis", "place",
                                       "hours", "online_url", "contacts", "faqs")}
        services.guide_update(actor=None, guide=guide, basis=_basis(resolver, spec["basis"], skipped),
                              change_note="首次发布（演示数据）", **fields)
        for material in spec["materials"]:
            saved = services.material_add(actor=None, guide=guide, name=material["name"],
                                          copies=material.get("copies", ""),
                                          note=material.get("note", ""),
                                          condition_tags=material.get("tags", []))
            if "form" in material:
                services.material_attach(actor=None, material=saved, kind="blank",
                                         filename=f"{material['name']}.docx",
                                         data=blank_form(material["name"], material["form"]))
                counts["forms"] += 1
            if "sample" in material:
                services.material_attach(
                    actor=None, material=saved, kind="sample",
                    filename=f"{material['name']}（填写样例）.docx",
                    data=blank_form(material["name"] + "（填写样例）", material["form"],
                                    filled=material["sample"]))
                counts["forms"] += 1
        guide.refresh_from_db()
        if not guide.basis:  # a library without the law: the guide stays a draft
            continue
        services.guide_submit(actor=None, guide=guide)
        services.guide_approve(actor=None, guide=guide, comment="演示数据")
        counts["guides"] += 1
    for scenario in data["scenarios"]:
        from gongkai.services.models import Scenario

        if Scenario.objects.filter(agency=agency, slug=scenario["slug"]).exists():
            continue
        services.scenario_save(actor=None, agency=agency, data=scenario)
        counts["scenarios"] += 1
    counts["bases_skipped"] = len(skipped)
    return counts
