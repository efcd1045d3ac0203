"""Random inspections (issue 21): routes, API operations, test-world objects."""

from __future__ import annotations

from typing import Any

from tests.security.policy_table import (
    ADMIN_A,
    ANY_STAFF,
    EDITOR,
    PUBLIC,
    STAFF_OF_A,
    anywhere,
    get,
    own,
    post,
)

ROUTES = {
    "inspections:index": get(PUBLIC),
    "inspections:items_data": get(PUBLIC),
    "inspections:plan": get(PUBLIC),
    "inspections:draw_json": get(PUBLIC),
    "staff:inspections_plans": get(ANY_STAFF),
    "staff:inspections_import": get(anywhere(EDITOR, ADMIN_A)),
    "staff:inspections_plan_new": get(anywhere(EDITOR, ADMIN_A)),
    "staff:inspections_plan": get(own(*STAFF_OF_A)),
    "staff:inspections_plan_commit": post(own(EDITOR, ADMIN_A)),
    "staff:inspections_plan_draw": post(own(EDITOR, ADMIN_A)),
    "staff:inspections_results_publish": post(own(EDITOR, ADMIN_A)),
    "staff:inspections_result": post(own(EDITOR, ADMIN_A)),
}

API = {
    "GET /inspections/draws": PUBLIC,
    "GET /inspections/draws/{int:number}": PUBLIC,
}


def build(w: Any) -> None:
    import datetime as dt

    from gongkai.inspections import credit_codes, services
    from gongkai.inspections.models import InspectionItem, Plan

    agency = w.agency
    day = dt.date(2024, 3, 4)
    services.items_import(actor=None, agency=agency, data=(
        "序号,检查项目,检查主体,检查依据,检查方式,检查内容\n"
        "1,矩阵检查,市司法局,《律师事务所管理办法》,现场检查,执业\n").encode())
    entities = "名称,统一社会信用代码\n" + "".join(
        f"矩阵事务所{n},{credit_codes.complete(f'3131000077{n:06d}X'[:17])}\n" for n in range(10))
    services.pool_import(actor=None, agency=agency, kind="entity", data=entities.encode())
    services.pool_import(actor=None, agency=agency, kind="inspector", data=(
        "姓名,执法证号,执法领域\n甲,M001,律师\n乙,M002,律师\n丙,M003,律师\n").encode())

    def new_plan(title: str) -> Any:
        return services.plan_create(
            actor=None, agency=agency, title=title,
            items=InspectionItem.objects.filter(agency=agency), share_bp=2000,
            period_start=day, period_end=day + dt.timedelta(days=30),
            public_value_source="矩阵测试公开值", public_value_date=day + dt.timedelta(days=1))

    drawn = services.plan_commit(actor=None, plan=new_plan("矩阵抽查"), today=day)
    drawn = services.plan_draw(actor=None, plan=drawn, public_value="1", today=day + dt.timedelta(days=2))
    w.objects["inspection_drawn"] = drawn
    w.objects["inspection_draft"] = new_plan("矩阵草稿抽查")
    w.objects["inspection_committed"] = services.plan_commit(
        actor=None, plan=new_plan("矩阵已承诺抽查"), today=day)
    w.objects["inspection"] = drawn.inspections.order_by("order").first()
    # The API's draw detail is requested as /inspections/draws/1: the draw at id 1 is public.
    if drawn.pk != 1 and not Plan.objects.filter(pk=1).exists():
        copy = Plan.objects.get(pk=drawn.pk)
        copy.pk = None
        copy.id = 1
        copy.save(force_insert=True)


def kwargs(w: Any) -> dict[str, dict[str, Any]]:
    a = w.agency.slug
    drawn, draft, committed = w.inspection_drawn, w.inspection_draft, w.inspection_committed
    return {
        "inspections:items_data": {"agency": a, "ext": "csv"},
        "inspections:plan": {"agency": a, "pk": drawn.pk},
        "inspections:draw_json": {"agency": a, "pk": drawn.pk},
        "staff:inspections_plan": {"pk": drawn.pk},
        "staff:inspections_plan_commit": {"pk": draft.pk},
        "staff:inspections_plan_draw": {"pk": committed.pk},
        "staff:inspections_results_publish": {"pk": drawn.pk},
        "staff:inspections_result": {"pk": w.inspection.pk},
    }
