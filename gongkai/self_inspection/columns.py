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
