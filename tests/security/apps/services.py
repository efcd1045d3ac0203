"""Routes, API operations and test-world objects of the services app (power lists,
service items and guides, scenario guides).

The API's path placeholders are requested literally by the matrix (it substitutes only
the ones it knows), so the world's power has the code ``{code}`` and its service item the
code ``{id}``: ``GET /powers/{code}`` and ``GET /services/{id}`` then name real objects.
"""

from __future__ import annotations

from typing import Any

from tests.security.policy_table import (
    ADMIN_A,
    ANY_STAFF,
    EDITOR,
    PUBLIC,
    REVIEWER,
    STAFF_OF_A,
    Rule,
    anywhere,
    get,
    own,
    post,
)

MARK_GUIDE_DRAFT = "矩阵测试未发布办事指南条件"

ROUTES: dict[str, Rule] = {
    "services:index": get(PUBLIC),
    "services:guide": get(PUBLIC),
    "services:file": get(PUBLIC),
    "services:scenario": get(PUBLIC),
    "services:powers": get(PUBLIC),
    "services:power_changes": get(PUBLIC),
    "services:powers_csv": get(PUBLIC),
    "services:powers_json": get(PUBLIC),
    "services:power": get(PUBLIC),
    "staff:services_index": get(ANY_STAFF),
    "staff:services_power_new": get(anywhere(EDITOR, ADMIN_A)),
    "staff:services_power": get(own(*STAFF_OF_A)),
    "staff:services_power_remove": post(own(EDITOR, ADMIN_A)),
    "staff:services_powers_import": get(anywhere(ADMIN_A)),
    "staff:services_powers_export": get(own(*STAFF_OF_A)),
    "staff:services_item_new": get(anywhere(EDITOR, ADMIN_A)),
    "staff:services_guide": get(own(*STAFF_OF_A)),
    "staff:services_guide_redraft": post(own(EDITOR, ADMIN_A)),
    "staff:services_material_add": post(own(EDITOR, ADMIN_A)),
    "staff:services_material_attach": post(own(EDITOR, ADMIN_A)),
    "staff:services_guide_submit": post(own(EDITOR, ADMIN_A)),
    "staff:services_guide_approve": post(own(REVIEWER, ADMIN_A)),
    "staff:services_guide_return": post(own(REVIEWER, ADMIN_A)),
    "staff:services_scenarios": get(anywhere(EDITOR, ADMIN_A)),
    "staff:services_file": get(own(*STAFF_OF_A)),
}

API: dict[str, frozenset[str]] = {
    "GET /powers": PUBLIC,
    "GET /powers/{code}": PUBLIC,
    "GET /services": PUBLIC,
    "GET /services/{id}": PUBLIC,
    # Staff writes name their object in the body; the matrix sends none, so the roles
    # allowed get 422 and the others are refused before the body is read.
    "POST /staff/powers": anywhere(EDITOR, ADMIN_A),
    "POST /staff/powers/change": anywhere(EDITOR, ADMIN_A),
    "POST /staff/powers/remove": anywhere(EDITOR, ADMIN_A),
    "POST /staff/powers/import": anywhere(ADMIN_A),
    "GET /staff/powers/export": ANY_STAFF,
    "POST /staff/guides/submit": anywhere(EDITOR, ADMIN_A),
    "POST /staff/guides/approve": anywhere(REVIEWER, ADMIN_A),
    "POST /staff/guides/return": anywhere(REVIEWER, ADMIN_A),
}

QUERY: dict[str, dict] = {
    "staff:services_powers_export": {"agency": "mxa"},
}

MARKERS: dict[str, str] = {
    "services_guide_draft": MARK_GUIDE_DRAFT,
}


def build(w: Any) -> None:
    import datetime as dt

    from gongkai.services import services
    from gongkai.services.models import Scenario, ScenarioChoice, ScenarioQuestion

    law = w.objects["law"]
    basis = [{"law": law.title, "article": law.articles.order_by("ordinal").first().number}]
    # The library's current version of the law: the matrix's law may be an old one.
    power = services.power_create(actor=None, agency=w.agency, code="{code}",
                                  power_type="other", name="矩阵测试权力事项", basis=basis,
                                  effective_on=dt.date(2025, 1, 1), reason="矩阵测试")
    item = services.item_create(actor=None, agency=w.agency, code="{id}", name="矩阵测试服务事项",
                                power=power)
    guide = item.guides.get()
    services.guide_update(
        actor=None, guide=guide, conditions="矩阵测试条件", steps=["提交", "审查"],
        statutory_days=20, promised_days=10, fees="不收费", place="矩阵测试大厅",
        hours="工作日", contacts="12348", basis=basis)
    material = services.material_add(actor=None, guide=guide, name="矩阵测试申请表")
    stored = services.material_attach(actor=None, material=material, kind="blank",
                                      filename="申请表.pdf", data=b"%PDF-1.4\n%%EOF\n")
    services.guide_submit(actor=None, guide=guide)
    services.guide_approve(actor=None, guide=guide)
    unpublished = services.item_create(actor=None, agency=w.agency, code="MX-DRAFT",
                                       name="矩阵测试草稿事项")
    services.guide_update(actor=None, guide=unpublished.guides.get(),
                          conditions=MARK_GUIDE_DRAFT)
    scenario = Scenario.objects.create(agency=w.agency, slug="mx-scenario", title="矩阵测试",
                                       item_codes=["{id}"])
    question = ScenarioQuestion.objects.create(scenario=scenario, order=1, key="who",
                                               text="矩阵测试问题")
    ScenarioChoice.objects.create(question=question, value="me", label="本人")
    o = w.objects
    o["services_power"], o["services_item"], o["services_guide"] = power, item, guide
    o["services_material"], o["services_file"] = material, stored


def kwargs(w: Any) -> dict[str, dict]:
    a = w.agency.slug
    o = w.objects
    return {
        "services:guide": {"agency": a, "code": o["services_item"].code},
        "services:file": {"agency": a, "pk": o["services_file"].pk,
                          "filename": o["services_file"].original_name},
        "services:scenario": {"agency": a, "slug": "mx-scenario"},
        "services:power": {"agency": a, "code": o["services_power"].code},
        "staff:services_power": {"pk": o["services_power"].pk},
        "staff:services_power_remove": {"pk": o["services_power"].pk},
        "staff:services_guide": {"pk": o["services_guide"].pk},
        "staff:services_file": {"pk": o["services_file"].pk},
        "staff:services_guide_redraft": {"pk": o["services_item"].pk},
        "staff:services_material_add": {"pk": o["services_guide"].pk},
        "staff:services_material_attach": {"pk": o["services_material"].pk},
        "staff:services_guide_submit": {"pk": o["services_guide"].pk},
        "staff:services_guide_approve": {"pk": o["services_guide"].pk},
        "staff:services_guide_return": {"pk": o["services_guide"].pk},
    }
