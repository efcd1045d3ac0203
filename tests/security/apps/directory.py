"""The legal-services directory's routes, API operations, test-world objects and markers
(issue 18). Also gives the access matrix the URL, query and body of this app's API
operations whose paths carry arguments (see ``_teach_api_calls``)."""

from __future__ import annotations

from typing import Any

from tests.security.policy_table import (
    ADMIN_A,
    ANY_STAFF,
    EDITOR,
    PUBLIC,
    Rule,
    anywhere,
    get,
    own,
    post,
)

ROUTES: dict[str, Rule] = {
    "directory:index": get(PUBLIC),
    "directory:entity": get(PUBLIC),
    "directory:lookup": get(PUBLIC),
    "staff:directory_list": get(anywhere(EDITOR, ADMIN_A)),
    "staff:directory_entity_new": get(anywhere(EDITOR, ADMIN_A)),
    "staff:directory_entity": get(own(EDITOR, ADMIN_A)),
    "staff:directory_import": get(anywhere(ADMIN_A)),
    "staff:directory_export": get(own(ADMIN_A)),
    "staff:directory_connectors": get(anywhere(ADMIN_A)),
    "staff:directory_connector": get(own(ADMIN_A)),
    "staff:directory_connector_test": post(own(ADMIN_A)),
    # Licence-expiry reminders (issue 22): the watch list is scoped to the agencies the
    # person edits; the holder's consent is recorded on an entry of agency A.
    "staff:directory_licences": get(anywhere(EDITOR, ADMIN_A)),
    "staff:directory_reminder_consent": post(own(EDITOR, ADMIN_A)),
}

API: dict[str, frozenset[str]] = {
    "GET /directory": PUBLIC,
    "GET /directory/{int:entity_id}": PUBLIC,
    "POST /directory/lookup": PUBLIC,
    # The agency is named in the body: any staff member may call, the service refuses
    # another agency's (403), and an empty body is refused first (422).
    "POST /directory/entities": ANY_STAFF,
    "POST /directory/import": ANY_STAFF,
    "GET /directory/export": own(ADMIN_A),
    # Scoped to the caller's agencies; staff who edit no directory get 403.
    "GET /staff/licences": anywhere(EDITOR, ADMIN_A),
}

QUERY = {"staff:directory_export": {"agency": "mxa", "format": "csv"}}

MARK_UNLISTED = "名录未公布标记午未申"
MARKERS = {"unlisted directory entry": MARK_UNLISTED}

API_QUERIES = {"GET /directory/export": {"agency": "mxa", "format": "csv"}}


def build(w: Any) -> None:
    from gongkai.directory import services

    o = w.objects
    firm = services.entity_create(actor=None, agency=w.agency, data={
        "kind": "law_firm", "name": "矩阵测试律师事务所", "district": "黄浦区",
        "licence_number": "31310000425097688X", "services": "民事诉讼"})
    o["directory_firm"] = firm
    o["directory_hidden"] = services.entity_create(actor=None, agency=w.agency, data={
        "kind": "lawyer", "name": MARK_UNLISTED, "licence_number": "13101201811234567",
        "parent_licence_number": firm.licence_number, "is_listed": False})
    _teach_api_calls(w)


def kwargs(w: Any) -> dict[str, dict[str, Any]]:
    a = w.agency.slug
    return {
        "directory:entity": {"agency": a, "pk": w.directory_firm.pk},
        "staff:directory_entity": {"pk": w.directory_firm.pk},
        "staff:directory_reminder_consent": {"pk": w.directory_firm.pk},
        "staff:directory_connector": {"agency": a, "system": "notary"},
        "staff:directory_connector_test": {"agency": a, "system": "notary"},
    }


def _teach_api_calls(w: Any) -> None:
    """The matrix's ``_api_call`` fills the placeholders it knows; wrap it (once per
    world) to fill this app's ``{int:entity_id}`` and queries too."""
    import tests.security.test_access_matrix as matrix

    original = getattr(matrix._api_call, "__wrapped_original__", matrix._api_call)

    def api_call(world: Any, key: str) -> tuple[str, dict[str, Any] | None, Any]:
        url, query, body = original(world, key)
        for module_hook in _HOOKS:
            url, query = module_hook(world, key, url, query)
        return url, query, body

    api_call.__wrapped_original__ = original  # type: ignore[attr-defined]
    matrix._api_call = api_call
    if _directory_hook not in _HOOKS:
        _HOOKS.append(_directory_hook)


def _directory_hook(world: Any, key: str, url: str, query: Any) -> tuple[str, Any]:
    firm = world.objects.get("directory_firm")
    if firm is not None:
        url = url.replace("{int:entity_id}", str(firm.pk))
    return url, API_QUERIES.get(key, query)


_HOOKS: list[Any] = []
