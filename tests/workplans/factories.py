"""Helpers that build a plan through the services (as the office would)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gongkai.workplans import services


def plan_with_points(agency: Any, actor: Any, department: Any, *, year: int = 2026,
                     deadlines: tuple[dt.date, ...] = (), publish: bool = True) -> Any:
    plan = services.plan_create(actor=actor, agency=agency, year=year,
                                title=f"{year}年政务公开工作要点")
    for n, deadline in enumerate(deadlines, start=1):
        point = services.point_add(actor=actor, plan=plan, number=n, title=f"要点{n}",
                                   chapter="一、测试部分")
        services.task_add(actor=actor, point=point, lead_department=department,
                          deadline=deadline, measures=f"措施{n}")
    if publish and deadlines:
        plan = services.plan_publish(actor=actor, plan=plan, published_on=dt.date(year, 3, 1))
    return plan
