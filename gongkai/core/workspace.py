"""Tools shown on the staff workspace, contributed by apps (core knows no feature app).

An app registers ``(url_name, label, check)`` in its ``AppConfig.ready``; the workspace
lists the tools whose ``check(user)`` holds, in registration order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Tool:
    url_name: str
    label: str
    check: Callable[[Any], bool]


TOOLS: list[Tool] = []


def register_tool(url_name: str, label: str, check: Callable[[Any], bool]) -> None:
    if all(t.url_name != url_name for t in TOOLS):
        TOOLS.append(Tool(url_name, label, check))


def tools_for(user: Any) -> list[Tool]:
    return [t for t in TOOLS if t.check(user)]
