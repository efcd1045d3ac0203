"""The columns and facts the apps declare (``inspection_columns``, ``inspection_signals`` on
their ``AppConfig``, read through gongkai.core.registry): this app keeps no list of them, so
a new app's columns are inspected as soon as it declares them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gongkai.core.registry import gongkai_apps, resolve

KINDS = ("news", "notice", "policy", "interaction", "service", "report")


def columns_for(agency: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for config in gongkai_apps():
        dotted = getattr(config, "inspection_columns", None)
        if dotted:
            for column in resolve(dotted)(agency):
                found.append({"app": config.label, **column})
    return found


def signals_for(agency: Any, context: dict[str, dt.date]) -> dict[str, list[dict[str, Any]]]:
    """Every app's signals, merged by key."""
    merged: dict[str, list[dict[str, Any]]] = {}
    for config in gongkai_apps():
        dotted = getattr(config, "inspection_signals", None)
        if dotted:
            for signal in resolve(dotted)(agency, context):
                merged.setdefault(signal["key"], []).extend(signal.get("items", []))
    return merged


def page_editors(agency: Any, path: str) -> list[Any]:
    """Who to tell of a problem on the public page ``path``: the editors the page's own app
    names (its ``inspection_page_editors``), else the agency's editors, else its
    administrators."""
    from django.urls import Resolver404
    from django.urls import resolve as resolve_url

    from gongkai.core.models import Membership, Role

    try:
        match = resolve_url(path.split("?", 1)[0])
    except Resolver404:
        match = None
    if match is not None:
        for config in gongkai_apps():
            dotted = getattr(config, "inspection_page_editors", None)
            if dotted:
                named = resolve(dotted)(match.view_name, dict(match.kwargs))
                if named:
                    return list(named)
    for role in (Role.EDITOR, Role.AGENCY_ADMIN):
        people = [m.user for m in Membership.objects.filter(
            agency=agency, role=role, user__is_active=True).select_related("user").order_by("id")]
        if people:
            return list(dict.fromkeys(people))
    return []
