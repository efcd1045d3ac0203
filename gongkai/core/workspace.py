"""Tools shown on the staff workspace, contributed by apps (core knows no feature app).

An app lists its tools in ``workspace_tools()`` on its ``AppConfig``
(gongkai/core/registry.py); the workspace shows the tools whose ``check(user)`` holds, in
``GONGKAI_APPS`` order and then each app's own order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils.translation import gettext_lazy as _

from gongkai.core.access import may_open
from gongkai.core.registry import gongkai_apps


@dataclass(frozen=True)
class Tally:
    """One count on the workspace's "today" panel: what waits for this person, and where."""

    label: str
    count: int
    url: str
    urgent: bool = False  # overdue and due today come first, marked


@dataclass(frozen=True)
class Tool:
    url_name: str
    label: str
    check: Callable[[Any], bool]
    #: what waits for ``user`` behind this tool (asked only when ``check`` holds)
    tallies: Callable[[Any], list[Tally]] | None = None


#: tools registered by hand (``register_tool``), after the declared ones
TOOLS: list[Tool] = []


def register_tool(url_name: str, label: str, check: Callable[[Any], bool]) -> None:
    """For a tool that is not an app's (tests); an app declares ``workspace_tools()``."""
    if all(t.url_name != url_name for t in TOOLS):
        TOOLS.append(Tool(url_name, label, check))


@cache
def _declared() -> tuple[Tool, ...]:
    return tuple(tool for app in gongkai_apps() for tool in app.workspace_tools())


def all_tools() -> list[Tool]:
    declared = _declared()
    names = {t.url_name for t in declared}
    return [*declared, *(t for t in TOOLS if t.url_name not in names)]


def tools_for(user: Any) -> list[Tool]:
    return [t for t in all_tools() if t.check(user)]


def tallies_for(user: Any, tools: list[Tool] | None = None) -> list[Tally]:
    """The non-zero counts of the user's tools, urgent first (the workspace's "today")."""
    found = [tally for tool in (tools if tools is not None else tools_for(user))
             if tool.tallies is not None for tally in tool.tallies(user) if tally.count]
    return sorted(found, key=lambda t: not t.urgent)


#: the platform's own staff pages (not an app's tools), after the apps' in the navigation
CORE_LINKS: tuple[tuple[str, Any], ...] = (
    ("staff:audit_list", _("审计日志")),
    ("staff:calendar", _("工作日历")),
    ("staff:job_list", _("后台任务")),
    ("staff:tokens", _("API 令牌")),
    ("staff:patterns", _("界面样式")),
)


@dataclass(frozen=True)
class NavLink:
    url_name: str
    label: str


def staff_links(user: Any) -> list[NavLink]:
    """Every staff page this person may open, as the workspace lists them.

    A tool is listed when its own ``check`` holds *and* its view's ``staff_view`` check
    does (``may_open``): the view decides, so no link leads to a 403.
    """
    links = [NavLink(t.url_name, t.label) for t in tools_for(user) if may_open(user, t.url_name)]
    return links + [NavLink(name, str(label)) for name, label in CORE_LINKS
                    if may_open(user, name)]


def staff_nav(user: Any) -> list[NavLink]:
    """The staff header's navigation: one entry per app (its first tool the person may
    open, named after the app), then the platform's pages; the rest of an app's tools are
    on the workspace and in the app's own sub-navigation."""
    by_app: list[NavLink] = []
    for app in gongkai_apps():
        first = next((t for t in app.workspace_tools()
                      if t.check(user) and may_open(user, t.url_name)), None)
        if first is not None:
            by_app.append(NavLink(first.url_name, str(app.verbose_name)))
    return by_app + [NavLink(name, str(label)) for name, label in CORE_LINKS
                     if may_open(user, name)]
