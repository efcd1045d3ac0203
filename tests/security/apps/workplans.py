"""Work plans: routes, API operation, test-world objects and markers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.security.policy_table import (
    ADMIN_A,
    EDITOR,
    HEAD,
    OFFICER,
    PUBLIC,
    anywhere,
    get,
    own,
    post,
)

MARK_REPORT = "处室报送标记申酉戌"
MARK_DRAFT_PLAN = "未公开工作要点标记亥子"
YEAR = 2024  # the matrix's {year}

ROUTES = {
    "workplans:index": get(PUBLIC),
    "workplans:plan": get(PUBLIC),
    "staff:workplans_list": get(anywhere(EDITOR, OFFICER, HEAD, ADMIN_A)),
    "staff:workplans_detail": get(own(EDITOR, OFFICER, HEAD, ADMIN_A)),
    "staff:workplans_action": post(own(OFFICER, ADMIN_A)),
    "staff:workplans_department": get(own(EDITOR, OFFICER, HEAD, ADMIN_A)),
    "staff:workplans_task_report": post(own(EDITOR, OFFICER, HEAD, ADMIN_A)),
}

API = {"GET /workplans/{agency}/{year}": PUBLIC,
       "POST /staff/workplans/{agency}/{year}/points/{int:number}/progress": own(OFFICER, ADMIN_A),
       "POST /staff/workplans/{agency}/{year}/points/{int:number}/reports":
           own(EDITOR, OFFICER, HEAD, ADMIN_A)}

MARKERS = {"department progress report": MARK_REPORT, "unpublished work plan": MARK_DRAFT_PLAN}


def build(w: Any) -> None:
    from gongkai.workplans import services

    admin = w.users[ADMIN_A]
    department = w.objects["department"]
    plan = services.plan_create(actor=admin, agency=w.agency, year=YEAR, title="矩阵测试工作要点")
    point = services.point_add(actor=admin, plan=plan, number=1, title="矩阵测试要点")
    task = services.task_add(actor=admin, point=point, lead_department=department,
                             deadline=dt.date(YEAR, 6, 30), measures="矩阵测试措施")
    services.plan_publish(actor=admin, plan=plan, published_on=dt.date(YEAR, 3, 1))
    services.progress_report(actor=admin, task=task, status="in_progress", percent=40,
                             problems=MARK_REPORT, reported_on=dt.date(YEAR, 4, 1))
    services.progress_publish(actor=admin, point=point, status="in_progress", percent=40,
                              progress="矩阵测试进展", published_on=dt.date(YEAR, 4, 2))
    draft = services.plan_create(actor=admin, agency=w.agency, year=YEAR + 1,
                                 title=f"矩阵测试{MARK_DRAFT_PLAN}")
    w.objects["work_plan"], w.objects["work_plan_draft"] = plan, draft
    w.objects["work_task"] = task


def kwargs(w: Any) -> dict[str, dict[str, Any]]:
    return {
        "workplans:plan": {"agency": w.agency.slug, "year": YEAR},
        "staff:workplans_detail": {"pk": w.objects["work_plan"].pk},
        "staff:workplans_action": {"pk": w.objects["work_plan"].pk, "action": "point"},
        "staff:workplans_department": {"department_id": w.objects["department"].pk},
        "staff:workplans_task_report": {"pk": w.objects["work_task"].pk},
    }
