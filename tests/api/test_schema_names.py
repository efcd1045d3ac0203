"""Two API schemas of one name become one OpenAPI component: the second silently replaces
the first, and the documentation (and schemathesis) then check one operation against
another's shape. Names are unique across apps unless the shapes are the same."""

from __future__ import annotations

import importlib
import inspect
import json

from ninja import Schema

from gongkai.core.registry import gongkai_apps


def test_schema_names_are_unique_or_identical():
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for app in gongkai_apps():
        try:
            module = importlib.import_module(f"{app.name}.api")
        except ModuleNotFoundError:
            continue
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, Schema) or cls is Schema or cls.__module__ != module.__name__:
                continue
            shape = json.dumps(cls.model_json_schema(), sort_keys=True)
            if name in seen and seen[name][1] != shape:
                clashes.append(f"{name}: {seen[name][0]} and {module.__name__}")
            seen.setdefault(name, (module.__name__, shape))
    assert len(seen) > 50
    assert clashes == []
