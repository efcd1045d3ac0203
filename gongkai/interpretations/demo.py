"""Demo: policies of the bureau with interpretations in several forms (演示数据).

Written through the services: a policy published with its 图解, video and text
interpretation in the same step; one whose interpretation came late (its dates moved back
as the catalogue's demo moves history); one exempted with the reason recorded; one with a
flow demonstration and a press conference. The dashboard lands on the 50 % line. The demo's
三同步 rule covers 细则 (implementing rules, the "实施细则" of 三同步) from 2026: the
catalogue's demo publishes no 细则 formed in 2026, so its history is not caught.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

AGENCY_SLUG = "sfj"
MARK = "（演示）"

SECTIONS = {
    "background": "依据《中华人民共和国公证法》《上海市行政规范性文件管理规定》，结合本市实际制定。",
    "purpose": "进一步规范执业行为，提升服务质量。",
    "main_measures": "明确办理流程、收费公示、投诉处理和监督检查四方面措施。",
    "scope": "本市各公证机构及其公证员。",
    "standards": "按国家和本市有关标准执行。",
    "time_limits": "自发布之日起施行，有效期五年。",
    "terms": "执业活动：指公证机构和公证员依法办理公证事项的活动。",
    "differences": "与原规定相比，取消两项证明材料，新增网上预约要求。",
}

POLICIES: list[dict[str, Any]] = [
    {"title": f"上海市公证执业活动管理实施细则{MARK}", "number": "沪司规〔2026〕3号",
     "department": "公证工作管理处", "forms": ["chart", "video", "text"]},
    {"title": f"上海市律师执业年度考核实施细则（2026年修订）{MARK}", "number": "沪司规〔2026〕4号",
     "department": "律师工作管理处", "forms": ["text"], "late": True},
    {"title": f"上海市法律援助经济困难标准实施细则{MARK}", "number": "沪司规〔2026〕5号",
     "department": "公共法律服务管理处", "forms": [],
     "exempt": "仅调整标准数额，政策内容与2024年版相同，沿用原解读。"},
    {"title": f"上海市行政执法公示实施细则{MARK}", "number": "沪司规〔2026〕6号",
     "department": "行政执法监督处", "forms": ["flow", "press", "text", "text"]},
]

CAPTIONS = "（字幕）各位市民朋友，下面为大家解读这份文件的主要内容……（完整文字稿）"
ALT = "图解分三部分：一、办理条件；二、办理流程（预约、受理、出证）；三、监督投诉渠道。"


def _item_fields(form: str) -> dict[str, Any]:
    fields: dict[str, Any] = dict(SECTIONS)
    if form in ("video", "audio", "animation", "press"):
        fields["captions"] = CAPTIONS
    if form in ("chart", "flow"):
        fields["text_alternative"] = ALT
    if form not in ("text", "press"):
        fields["media_url"] = "https://example.org/demo-media"
    return fields


def load_interpretations_demo(**options: Any) -> dict[str, int]:
    from gongkai.catalogue import publication
    from gongkai.catalogue import services as catalogue
    from gongkai.catalogue.models import Record, RecordVersion
    from gongkai.core.demo import DemoRefusedError
    from gongkai.core.models import Agency, Department
    from gongkai.interpretations import limits, services
    from gongkai.interpretations.models import Waiver, WaiverKind

    if not settings.GONGKAI_DEMO_ALLOWED:
        raise DemoRefusedError("demo data is refused when GONGKAI_ENV=production")
    agency = Agency.objects.filter(slug=AGENCY_SLUG).first()
    if agency is None:
        return {"policies": 0, "interpretations": 0}
    counts = {"policies": 0, "interpretations": 0}
    normative = catalogue.genre_get_or_create(code="rules", name="细则", is_normative=True)
    topic = catalogue.topic_get_or_create(code="rule-of-law", name="法治政府建设")
    today = timezone.localdate()
    with transaction.atomic():
        services.sync_rule_set(actor=None, agency=agency, genre=normative,
                               applies_from=dt.date(2026, 1, 1))
        departments = {d.name: d for d in Department.objects.filter(agency=agency)}
        for spec in POLICIES:
            if Record.objects.filter(agency=agency, title=spec["title"]).exists():
                continue
            department = departments.get(spec["department"])
            policy = catalogue.record_create(
                actor=None, agency=agency, title=spec["title"], document_number=spec["number"],
                summary="本市行政规范性文件（演示数据）。", body=f"{spec['title']}\n第一条 为规范……",
                formed_on=today - dt.timedelta(days=14 if spec.get("late") else 7),
                topic=topic, genre=normative,
                department=department, validity="valid")
            counts["policies"] += 1
            if spec.get("exempt"):
                services.waiver_record(actor=None, policy=policy, kind=WaiverKind.EXEMPT,
                                       reason=spec["exempt"])
            elif spec.get("late"):
                services.waiver_record(actor=None, policy=policy, kind=WaiverKind.DEFERRED,
                                       reason="解读材料需征求律师协会意见，先行发布政策文件。")
            else:
                for form in spec["forms"]:
                    item = services.interpretation_create(
                        actor=None, policy=policy, form=form, department=department,
                        title=f"图文解读：{spec['title']}" if form == "text" else
                        f"{dict(_FORM_TITLES)[form]}：{spec['title']}", **_item_fields(form))
                    services.interpretation_prepare(actor=None, interpretation=item)
                    counts["interpretations"] += 1
            catalogue.record_submit(actor=None, record=policy)
            policy = catalogue.record_approve(actor=None, record=policy)
            if spec.get("late"):
                # The policy went out ten days ago; its interpretation only now: late.
                day = today - dt.timedelta(days=10)
                Record.objects.filter(pk=policy.pk).update(published_on=day)
                assert policy.current_version_id is not None
                RecordVersion.objects.filter(pk=policy.current_version_id).update(
                    published_at=timezone.make_aware(dt.datetime.combine(day, dt.time(9))))
                Waiver.objects.filter(policy=policy).update(policy_published_on=day,
                                                            due_on=limits.due_on(day))
                publication.after_change([policy.pk])
                for form in spec["forms"]:
                    item = services.interpretation_create(
                        actor=None, policy=policy, form=form, department=department,
                        title=f"图文解读：{spec['title']}", **_item_fields(form))
                    services.interpretation_prepare(actor=None, interpretation=item)
                    services.interpretation_publish(actor=None, interpretation=item)
                    counts["interpretations"] += 1
    return counts


_FORM_TITLES = (("chart", "一图读懂"), ("video", "视频解读"), ("audio", "音频解读"),
                ("animation", "动漫解读"), ("flow", "流程演示"), ("press", "新闻发布会实录"))
