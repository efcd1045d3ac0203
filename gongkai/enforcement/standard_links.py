"""Published enforcement decisions as what fulfils a standard-catalogue item (e.g. 律师
行政处罚决定, to be public within 7 working days). Declared on
``EnforcementConfig.standard_link_kinds``; a target is a decision category
(licence, penalty, coercion, inspection, other) or ``*`` for all of them. A decision is
formed on its decision date and published on its publication date, so the standards'
gap computation sees a late publication as a gap."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from gongkai.enforcement.models import Category
from gongkai.enforcement.selectors import public_decisions
from gongkai.standards.links import LinkedItem, LinkKind, Resolution


def _category(target: str) -> str | None:
    value = target.strip()
    if value == "*":
        return ""
    return value if value in Category.values else None


def _validate(agency: Any, target: str) -> str | None:
    if _category(target) is None:
        return "请填写执法决定类别代码（licence、penalty、coercion、inspection、other）或 *。"
    return None


def _resolve(agency: Any, target: str, limit: int) -> Resolution:
    category = _category(target)
    if category is None:
        return Resolution(broken="执法决定类别无效")
    decisions = public_decisions(agency_id=agency.pk, category=category)
    items = [LinkedItem(f"{d.get_category_display()}决定 {d.document_number}",
                        reverse("enforcement:decision", kwargs={"agency": agency.slug,
                                                                "pk": d.pk}),
                        d.decided_on, d.published_on) for d in decisions[:limit]]
    more = reverse("enforcement:decisions", kwargs={"agency": agency.slug})
    return Resolution(items=items, total=decisions.count(),
                      more_url=more + (f"?category={category}" if category else ""))


LINK_KINDS = [LinkKind("enforcement_decisions", "行政执法决定（按类别）",
                       "决定类别代码：licence、penalty、coercion、inspection、other，或 *",
                       _validate, _resolve)]
