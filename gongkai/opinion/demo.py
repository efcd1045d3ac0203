"""Demo: two concerns — a major emergency answered within five hours (public timeline),
an ordinary one left open past 48 hours (overdue) — and monitored texts that make a rising
hot topic (演示数据). Written through the services with times relative to now."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

AGENCY_SLUG = "sfj"
ANSWERED = "网传某区公证处系统故障导致大量群众滞留（演示）"
OVERDUE = "网友反映律师事务所收费不透明（演示）"
HOT = ["12348热线打不通，咨询法律援助一直占线", "12348热线占线严重，晚上也打不进去",
       "法律援助热线12348总是占线", "12348热线排队很久没人接", "打12348热线咨询一直占线",
       "12348热线占线问题希望解决", "12348热线早上九点就占线"]
NOISE = ["公证处周末是否开放", "人民调解员招聘信息在哪里看", "社区矫正报到地点咨询",
         "律师执业证年检时间", "普法讲座报名方式"]


def load_opinion_demo(**options: Any) -> dict[str, int]:
    from gongkai.core.demo import DemoRefusedError
    from gongkai.core.models import Agency, Department
    from gongkai.opinion import services
    from gongkai.opinion.models import Concern, Stage

    if not settings.GONGKAI_DEMO_ALLOWED:
        raise DemoRefusedError("demo data is refused when GONGKAI_ENV=production")
    agency = Agency.objects.filter(slug=AGENCY_SLUG).first()
    if agency is None:
        return {"concerns": 0, "inbound": 0}
    counts = {"concerns": 0, "inbound": 0}
    now = timezone.now()
    with transaction.atomic():
        if not Concern.objects.filter(agency=agency, title=ANSWERED).exists():
            at = now - dt.timedelta(hours=30)
            c = services.concern_register(
                actor=None, agency=agency, title=ANSWERED, level="major_emergency",
                registered_at=at, note="监测发现微博话题阅读量快速上升。", now=now)
            services.concern_step(actor=None, concern=c, stage=Stage.CONSULTED,
                                  note="与宣传处、公证协会会商。", public_note="会同行业协会核实情况",
                                  now=at + dt.timedelta(hours=1))
            services.concern_step(actor=None, concern=c, stage=Stage.ASSESSED,
                                  note="系统故障属实，已恢复。", now=at + dt.timedelta(hours=2))
            services.concern_respond(
                actor=None, concern=c, title="关于某区公证处系统故障情况的说明（演示）",
                summary="某区公证处办证系统故障致群众等候，已恢复并延长服务时间。",
                body="经核查，某区公证处办证系统于当日上午发生故障，已于两小时内恢复。"
                     "当日受影响的群众可优先办理，公证处延长服务时间至晚间八点。",
                department=Department.objects.filter(agency=agency, name="办公室").first(),
                now=at + dt.timedelta(hours=4, minutes=20))
            services.press_conference_held(actor=None, concern=c,
                                           held_at=at + dt.timedelta(hours=20),
                                           note="局新闻发言人通报情况。", now=now)
            services.concern_step(actor=None, concern=c, stage=Stage.EVALUATED,
                                  note="回应后话题热度下降。", public_note="回应效果良好",
                                  now=at + dt.timedelta(hours=26))
            counts["concerns"] += 1
        if not Concern.objects.filter(agency=agency, title=OVERDUE).exists():
            services.concern_register(actor=None, agency=agency, title=OVERDUE, level="general",
                                      registered_at=now - dt.timedelta(hours=52),
                                      note="来自监测订阅源。", now=now)
            counts["concerns"] += 1
        texts = [(t, now - dt.timedelta(hours=2 + i * 2)) for i, t in enumerate(HOT)]
        texts += [(t, now - dt.timedelta(days=1, hours=3 + i * 5)) for i, t in enumerate(NOISE)]
        texts.append((HOT[0] + "（前天）", now - dt.timedelta(days=2, hours=1)))
        for title, at in texts:
            _, created = services.inbound_add(actor=None, agency=agency, title=title,
                                              source="demo", ref=f"demo:{title}", received_at=at)
            counts["inbound"] += int(created)
    return counts
