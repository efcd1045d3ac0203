"""The standard catalogue's routes, API operations and test-world objects (issue 18)."""

from __future__ import annotations

from typing import Any

from tests.security.policy_table import (
    ADMIN_A,
    EDITOR,
    HEAD,
    PUBLIC,
    REVIEWER,
    Rule,
    anywhere,
    get,
    own,
    post,
)

VIEWERS = anywhere(EDITOR, REVIEWER, HEAD, ADMIN_A)

ROUTES: dict[str, Rule] = {
    "standards:index": get(PUBLIC),
    "standards:item": get(PUBLIC),
    "standards:download": get(PUBLIC),
    "staff:standards_list": get(VIEWERS),
    "staff:standards_gaps": get(VIEWERS),
    "staff:standards_item_new": get(anywhere(EDITOR, ADMIN_A)),
    "staff:standards_item": get(own(EDITOR, ADMIN_A)),
    "staff:standards_item_delete": post(own(EDITOR, ADMIN_A)),
    "staff:standards_link_add": post(own(EDITOR, ADMIN_A)),
    "staff:standards_link_remove": post(own(EDITOR, ADMIN_A)),
    "staff:standards_import": get(anywhere(ADMIN_A)),
    "staff:standards_export": get(own(EDITOR, ADMIN_A)),
}

API: dict[str, frozenset[str]] = {
    "GET /standards": PUBLIC,
    "GET /standards/{int:item_id}": PUBLIC,
}

QUERY = {"staff:standards_export": {"agency": "mxa", "format": "csv"}}


def build(w: Any) -> None:
    from gongkai.standards import services

    item = services.item_save(actor=None, agency=w.agency, data={
        "serial": 1, "level1": "律师管理", "level2": "律师执业许可", "content": "许可决定",
        "subject": "矩阵测试甲局", "channels": ["政府网站"], "levels": ["市级"]})
    services.link_add(actor=None, item=item, kind="directory", target="law_firm")
    w.objects["standard_item"] = item
    w.objects["standard_link"] = item.links.get()

    from tests.security.apps import directory

    def hook(world: Any, key: str, url: str, query: Any) -> tuple[str, Any]:
        found = world.objects.get("standard_item")
        return (url.replace("{int:item_id}", str(found.pk)) if found else url), query

    if not any(getattr(h, "__name__", "") == "standards_hook" for h in directory._HOOKS):
        hook.__name__ = "standards_hook"
        directory._HOOKS.append(hook)


def kwargs(w: Any) -> dict[str, dict[str, Any]]:
    a, item = w.agency.slug, w.standard_item
    return {
        "standards:item": {"agency": a, "pk": item.pk},
        "standards:download": {"agency": a, "ext": "csv"},
        "staff:standards_item": {"pk": item.pk},
        "staff:standards_item_delete": {"pk": item.pk},
        "staff:standards_link_add": {"pk": item.pk},
        "staff:standards_link_remove": {"pk": item.pk, "link_pk": w.standard_link.pk},
    }
