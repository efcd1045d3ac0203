"""The portal's navigation: sections appear only once the app behind them works.

An app that implements a section registers it in its ``AppConfig.ready``; the portal
never links to a section nobody registered, so there are no dead links or placeholders.
The product's planned sections, in their order: 政府信息公开, 依申请公开, 政策解读, 互动交流,
办事服务, 法律服务, 公开年报.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

PLANNED_ORDER = (
    "disclosure", "application", "interpretation", "interaction", "service", "legal",
    "annual_report",
)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    url_name: str  # reversed with the agency slug as ``agency``

    def url(self, agency_slug: str) -> str:
        return reverse(self.url_name, kwargs={"agency": agency_slug})


_SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> None:
    if section.key not in PLANNED_ORDER:
        raise ValueError(f"unknown portal section {section.key!r}; add it to PLANNED_ORDER")
    _SECTIONS[section.key] = section


def sections() -> list[Section]:
    return [_SECTIONS[key] for key in PLANNED_ORDER if key in _SECTIONS]
