"""The agency home page's blocks: each app says what it has to show there.

The portal imports no content app. An app declares ``home_block = "module:function"`` on
its ``AppConfig``; the function gets the agency and returns a :class:`HomeBlock` (or a list of them) — a few
latest items and the entry points a visitor most often wants — or ``None`` when it has
nothing to show. So every section on the home page has a body, and a new app's block
appears without touching the portal. Blocks follow the order of the apps' sections in
``PLANNED_ORDER``; an app without a section comes last.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from gongkai.core.registry import gongkai_apps, resolve
from gongkai.portal.sections import PLANNED_ORDER

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class HomeItem:
    title: str
    url: str
    date: dt.date | None = None
    note: str = ""


@dataclass(frozen=True)
class HomeLink:
    """An entry point: a prominent link (申请公开, 查询进度, 我要咨询 …)."""

    label: str
    url: str


@dataclass(frozen=True)
class HomeBlock:
    key: str  # the app's section key, or its label
    title: str
    url: str  # the section's own page ("更多")
    items: list[HomeItem] = field(default_factory=list)
    links: list[HomeLink] = field(default_factory=list)
    lead: str = ""
    wide: bool = False  # spans the whole row (the latest information)


def _rank(key: str) -> int:
    return PLANNED_ORDER.index(key) if key in PLANNED_ORDER else len(PLANNED_ORDER)


def home_blocks(agency: Any) -> list[HomeBlock]:
    """Every app's block for ``agency``, in section order. A block that fails is left out
    and logged: one app's error never takes the home page down."""
    blocks: list[HomeBlock] = []
    for app in gongkai_apps():
        if not app.home_block:
            continue
        try:
            block = resolve(app.home_block)(agency)
        except Exception:  # noqa: BLE001 - the home page shows the others
            logger.exception("home block of %s failed", app.label)
            continue
        if isinstance(block, HomeBlock):
            blocks.append(block)
        elif block:  # an app may give several (the catalogue: latest, policy documents)
            blocks.extend(block)
    return sorted(blocks, key=lambda b: (not b.wide, _rank(b.key)))


def with_sections(blocks: list[HomeBlock], sections: list[Any], slug: str) -> list[HomeBlock]:
    """``blocks`` plus a plain entry for each navigation section that gave none, so every
    section is one click from the home page."""
    from django.utils.translation import gettext as _

    shown = {b.key for b in blocks}
    extra = [HomeBlock(s.key, _(s.title), s.url(slug),
                       links=[HomeLink(_("进入栏目"), s.url(slug))])
             for s in sections if s.key not in shown]
    return sorted(blocks + extra, key=lambda b: (not b.wide, _rank(b.key)))
