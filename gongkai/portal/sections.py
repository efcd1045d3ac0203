"""The portal's navigation: sections appear only once the app behind them works.

An app that implements a section declares it on its ``AppConfig`` (``section =
Section(...)``, gongkai/core/registry.py); the portal never links to a section nobody
declared, so there are no dead links or placeholders. ``PLANNED_ORDER`` is the one place
that orders them — an app declares *which* section it is, never *where* it goes — so a new
section gets its position here first. The product's planned sections, in their order:
政府信息公开, 依申请公开, 政策解读, 征求意见, 互动交流, 办事服务, 法律服务, 公开年报.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_noop

from gongkai.core.registry import gongkai_apps

# The apps declare their section titles as plain Chinese; the navigation translates them
# with gettext at render time. Listed here so that makemessages keeps their English.
SECTION_TITLES = (
    gettext_noop("政府信息公开"), gettext_noop("依申请公开"), gettext_noop("政策解读"),
    gettext_noop("决策公开"), gettext_noop("互动交流"), gettext_noop("调查征集"),
    gettext_noop("办事服务"), gettext_noop("法律服务名录"), gettext_noop("法律法规库"),
    gettext_noop("执法公示"), gettext_noop("公开标准目录"), gettext_noop("建议提案"),
    gettext_noop("工作要点"), gettext_noop("公开年报"),
)

PLANNED_ORDER = (
    "disclosure", "application", "interpretation", "consultation", "interaction",
    "participation", "service", "directory", "legal", "enforcement", "standard", "proposal",
    "work_plan", "annual_report",
)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    url_name: str  # reversed with the agency slug as ``agency``

    def url(self, agency_slug: str) -> str:
        return reverse(self.url_name, kwargs={"agency": agency_slug})


_SECTIONS: dict[str, Section] = {}


def _check(section: Section) -> None:
    if section.key not in PLANNED_ORDER:
        raise ValueError(f"unknown portal section {section.key!r}; add it to PLANNED_ORDER "
                         "in gongkai/portal/sections.py")


def register_section(section: Section) -> None:
    """For a section that is not an app's (tests); an app declares ``section`` instead."""
    _check(section)
    _SECTIONS[section.key] = section


def sections() -> list[Section]:
    declared = {}
    for app in gongkai_apps():
        if app.section is not None:
            _check(app.section)
            declared[app.section.key] = app.section
    found = {**declared, **_SECTIONS}
    return [found[key] for key in PLANNED_ORDER if key in found]
