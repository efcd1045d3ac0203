"""Builders for consultation tests, through the services (as staff would)."""

from __future__ import annotations

import datetime as dt
from typing import Any

DRAFT_TEXT = """第一章 总则
第一条 为了规范本市公共法律服务工作,制定本办法。
第二条 本办法适用于本市行政区域内的公共法律服务活动。
公共法律服务由司法行政部门统筹。
第三条 司法行政部门应当公开服务事项、办理流程和投诉渠道。
"""


def consultation(agency: Any, *, kind: str = "normative", title: str = "上海市公共法律服务办法(征求意见稿)",
                 text: str = DRAFT_TEXT, decision: Any = None, **extra: Any) -> Any:
    from gongkai.consultations import services

    return services.consultation_create(actor=None, agency=agency, kind=kind, title=title,
                                        text=text, decision=decision,
                                        explanation="起草说明:为落实公共法律服务体系建设要求。",
                                        basis="《中华人民共和国法律援助法》", contact="电话:021-00000000",
                                        channels="信函:上海市测试路1号", **extra)


def open_consultation(agency: Any, *, days: int = 30, reason: str = "", **extra: Any) -> Any:
    """Open today for ``days`` more days (a short period gets a stated reason)."""
    from gongkai.consultations import services

    c = consultation(agency, **extra)
    return services.consultation_open(actor=None, consultation=c,
                                      closes_on=services.today() + dt.timedelta(days=days),
                                      period_reason=reason or "测试用的短期限")


def comment(c: Any, text: str = "建议第三条增加公开办理时限。", **extra: Any) -> Any:
    from gongkai.consultations import services

    return services.comment_submit(consultation=c, text=text, **extra)
