"""Which standard-catalogue items have nothing behind them, so the office sees its gaps.

For each item, every link is resolved (newest ``SAMPLE`` items of each) and judged:

- ``no_links`` — the item links to nothing at all;
- ``broken`` — a link points at something that no longer exists (a withdrawn record, a
  page that does not resolve, a kind no app provides any more);
- ``empty`` — the links resolve, but nothing is behind any of them;
- ``late`` — what is behind the links is dated, and none of it was published within
  the item's time limit of being formed (``limits.publication_limit``: 20 working days
  by default, counted by the shared clock in ``gongkai.workdays``). Undated items (a
  page, directory entries, which are live data) fulfil an item without a date to judge.

One ``Clock`` (one calendar snapshot) and one resolution per distinct link serve a whole
catalogue, so a thousand items sharing a few dozen links cost a few dozen queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from gongkai.standards import limits
from gongkai.standards.links import LinkedItem, Resolution, link_kind
from gongkai.standards.models import StandardItem, StandardLink
from gongkai.workdays.clock import Clock, due

SAMPLE = 50

GAP_LABELS = {
    "no_links": "未关联任何内容",
    "broken": "关联目标不存在",
    "empty": "关联内容为空",
    "late": "没有在公开时限内公开的内容",
}


@dataclass
class LinkState:
    link: StandardLink
    kind_label: str
    resolution: Resolution
    timely: int = 0
    late: int = 0


@dataclass
class ItemState:
    item: StandardItem
    links: list[LinkState] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    limit_days: int = 20

    @property
    def gap_labels(self) -> list[str]:
        return [GAP_LABELS[g] for g in self.gaps]

    def as_dict(self) -> dict[str, Any]:
        return {"gaps": [{"code": g, "label": GAP_LABELS[g]} for g in self.gaps]}


class GapComputer:
    def __init__(self, clock: Clock | None = None):
        self.clock = clock or Clock()
        self._cache: dict[tuple[int, str, str], tuple[str, Resolution]] = {}

    def _resolve(self, item: StandardItem, link: StandardLink) -> tuple[str, Resolution]:
        key = (item.agency_id, link.kind, link.target)
        if key not in self._cache:
            kind = link_kind(link.kind)
            if kind is None:
                self._cache[key] = (link.kind, Resolution(broken="没有应用提供这种关联类型"))
            else:
                self._cache[key] = (kind.label, kind.resolve(item.agency, link.target, SAMPLE))
        return self._cache[key]

    def timely(self, entry: LinkedItem, limit_days: int) -> bool | None:
        if entry.formed_on is None or entry.published_on is None:
            return None
        limit = limits.publication_limit(limit_days)
        return entry.published_on <= due(limit, entry.formed_on, clock=self.clock).date

    def state(self, item: StandardItem) -> ItemState:
        days = item.limit_days if item.limit_days is not None else limits.default_days()
        state = ItemState(item=item, limit_days=days)
        links = list(item.links.all())
        if not links:
            state.gaps.append("no_links")
            return state
        total = undated = timely = dated = 0
        for link in links:
            label, resolution = self._resolve(item, link)
            link_state = LinkState(link=link, kind_label=label, resolution=resolution)
            for entry in resolution.items:
                judged = self.timely(entry, days)
                if judged is None:
                    undated += 1
                else:
                    dated += 1
                    link_state.timely += int(judged)
                    link_state.late += int(not judged)
            timely += link_state.timely
            total += resolution.total
            if resolution.broken and "broken" not in state.gaps:
                state.gaps.append("broken")
            state.links.append(link_state)
        if total == 0:
            state.gaps.append("empty")
        elif dated and not timely and not undated:
            state.gaps.append("late")
        return state

    def prefetch(self, items: list[StandardItem]) -> None:
        """Resolve every distinct link of these items up front, in one batch per agency and
        kind where the kind offers ``resolve_many``."""
        wanted: dict[tuple[int, str], dict[str, StandardItem]] = {}
        for item in items:
            for link in item.links.all():
                if (item.agency_id, link.kind, link.target) not in self._cache:
                    wanted.setdefault((item.agency_id, link.kind), {})[link.target] = item
        for (agency_id, key), targets in wanted.items():
            kind = link_kind(key)
            if kind is None or kind.resolve_many is None:
                continue
            agency = next(iter(targets.values())).agency
            for target, resolution in kind.resolve_many(agency, list(targets), SAMPLE).items():
                self._cache[(agency_id, key, target)] = (kind.label, resolution)

    def states(self, items: Iterable[StandardItem]) -> list[ItemState]:
        listed = list(items)
        self.prefetch(listed)
        return [self.state(item) for item in listed]
