"""Service guides as what fulfils a standard-catalogue item (公开标准目录 → 办事指南).

Declared on ``ServicesConfig.standard_link_kinds``; the standards app reads it and knows
nothing else of this app. A target is an item's code, or ``*`` for every item with a
published guide; each guide counts as formed and published on the day it was published.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from gongkai.services import selectors
from gongkai.standards.links import LinkedItem, LinkKind, Resolution


def _items(agency: Any, target: str):
    items = selectors.public_items(agency_id=agency.pk)
    return items if target.strip() == "*" else items.filter(code=target.strip())


def _validate(agency: Any, target: str) -> str | None:
    if not target.strip():
        return "请填写办事事项编码，或填写 * 表示全部已发布的办事指南。"
    if not _items(agency, target).exists():
        return f"没有编码为“{target.strip()}”且已发布办事指南的事项。"
    return None


def _resolve(agency: Any, target: str, limit: int) -> Resolution:
    items = list(_items(agency, target))
    if not items:
        return Resolution(broken="办事指南未发布或事项不存在")
    linked = []
    for item in items:
        guide = item.published[0] if getattr(item, "published", None) else None
        day = timezone.localdate(guide.published_at) if guide and guide.published_at else None
        linked.append(LinkedItem(item.name, reverse(
            "services:guide", kwargs={"agency": agency.slug, "code": item.code}), day, day))
    linked.sort(key=lambda i: i.published_on or timezone.localdate(), reverse=True)
    return Resolution(items=linked[:limit], total=len(linked),
                      more_url=reverse("services:index", kwargs={"agency": agency.slug}))


LINK_KINDS = [LinkKind("service_guide", "办事指南", "办事事项编码，填 * 表示全部已发布的办事指南",
                       _validate, _resolve)]
