"""What fulfils a standard-catalogue item: a small registry of link kinds.

A link kind is a key, a label, a ``validate(agency, target) -> error | None`` and a
``resolve(agency, target, limit) -> Resolution`` returning the newest items behind the
link (title, URL, formed and published dates) and how many there are in all. The gap
computation (``gaps.py``) and the pages know nothing else about the apps behind a link.

Built in: catalogue records chosen by topic/genre/keyword (through
``gongkai.catalogue.selectors``), one specific record, directory entries by kind (through
``gongkai.directory.selectors``) and a generic internal URL (a page of the portal that
must resolve; service guides and enforcement decisions built by other apps can be linked
this way today).

A later app adds its own kinds without this app importing it, in either of two ways:
``register_link_kind(LinkKind(...))`` from its ``AppConfig.ready()``, or — preferred,
like every other contribution — a declaration on its AppConfig,
``standard_link_kinds = "gongkai.services.standard_links:LINK_KINDS"`` (a list of
``LinkKind``), read here when the registry is first asked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from gongkai.core.models import Agency


@dataclass(frozen=True)
class LinkedItem:
    title: str
    url: str
    formed_on: dt.date | None = None  # when the information was formed (None: undated)
    published_on: dt.date | None = None


@dataclass(frozen=True)
class Resolution:
    items: list[LinkedItem] = field(default_factory=list)
    total: int = 0
    more_url: str = ""  # a page listing everything behind the link
    broken: str = ""  # why the link points at nothing that exists (a gap of its own)


@dataclass(frozen=True)
class LinkKind:
    key: str
    label: str
    help: str
    validate: Callable[[Agency, str], str | None]
    resolve: Callable[[Agency, str, int], Resolution]
    #: optional: many targets of one agency at once (the gap computation over a whole
    #: catalogue); must answer what ``resolve`` would for each target.
    resolve_many: Callable[[Agency, list[str], int], dict[str, Resolution]] | None = None


_REGISTERED: dict[str, LinkKind] = {}


def register_link_kind(kind: LinkKind) -> None:
    _REGISTERED[kind.key] = kind


def link_kinds() -> dict[str, LinkKind]:
    """Built-in kinds, then those declared by apps, then those registered by code."""
    from gongkai.core.registry import gongkai_apps
    from gongkai.core.registry import resolve as resolve_dotted

    found = {k.key: k for k in BUILT_IN}
    for config in gongkai_apps():
        dotted = getattr(config, "standard_link_kinds", None)
        if dotted:
            for kind in resolve_dotted(dotted):
                found[kind.key] = kind
    return {**found, **_REGISTERED}


def link_kind(key: str) -> LinkKind | None:
    return link_kinds().get(key)


# Catalogue records by topic / genre / keyword -------------------------------------------

CATALOGUE_PARAMS = ("topic", "genre", "q")


def _catalogue_params(target: str) -> dict[str, str]:
    return {k: v for k, v in parse_qsl(target.lstrip("?")) if k in CATALOGUE_PARAMS and v}


def _validate_catalogue_query(agency: Agency, target: str) -> str | None:
    pairs = parse_qsl(target.lstrip("?"), keep_blank_values=True)
    unknown = sorted({k for k, _ in pairs if k not in CATALOGUE_PARAMS})
    if unknown:
        return f"不支持的条件：{'、'.join(unknown)}(可用 topic、genre、q)。"
    if not _catalogue_params(target):
        return "请至少填写一个条件，例如 topic=lawyers&genre=decision。"
    return None


def _resolve_catalogue_query(agency: Agency, target: str, limit: int) -> Resolution:
    from gongkai.catalogue import selectors

    params = _catalogue_params(target)
    records = selectors.public_record_list(agency_id=agency.pk, topic=params.get("topic", ""),
                                           genre=params.get("genre", ""), q=params.get("q", ""))
    # Plain values, not model instances (bench/directory_bench.py).
    rows = records.values_list("pk", "current_version__title", "current_version__formed_on",
                               "published_on")[:limit]
    items = [_row_item(agency, *row) for row in rows]
    more = reverse("catalogue:index", kwargs={"agency": agency.slug}) + "?" + urlencode(params)
    return Resolution(items=items, total=records.count() if len(items) >= limit else len(items),
                      more_url=more)


def _row_item(agency: Agency, pk: int, title: str, formed_on: dt.date | None,
              published_on: dt.date | None) -> LinkedItem:
    return LinkedItem(title=title, url=reverse("catalogue:record", kwargs={
        "agency": agency.slug, "pk": pk}), formed_on=formed_on, published_on=published_on)


def _resolve_catalogue_queries(agency: Agency, targets: list[str],
                               limit: int) -> dict[str, Resolution]:
    """Many topic/genre links of one agency in one pass over its public records (newest
    first), instead of one query per link; a link with a keyword (``q``) is resolved on
    its own. Each record is matched through three keys — (topic, genre), (topic, any),
    (any, genre) — so the pass is linear in the records whatever the number of links."""
    from gongkai.catalogue import selectors

    out: dict[str, Resolution] = {}
    by_key: dict[tuple[str, str], list[str]] = {}
    for target in targets:
        params = _catalogue_params(target)
        if "q" in params or not params:
            out[target] = _resolve_catalogue_query(agency, target, limit)
            continue
        by_key.setdefault((params.get("topic", ""), params.get("genre", "")), []).append(target)
    if not by_key:
        return out
    found: dict[str, list[LinkedItem]] = {t: [] for keyed in by_key.values() for t in keyed}
    totals: dict[str, int] = dict.fromkeys(found, 0)
    rows = selectors.public_record_list(agency_id=agency.pk).values_list(
        "current_version__topic__code", "current_version__genre__code", "pk",
        "current_version__title", "current_version__formed_on", "published_on")
    for topic, genre, pk, title, formed_on, published_on in rows.iterator(chunk_size=5000):
        for key in ((topic, genre), (topic, ""), ("", genre)):
            for target in by_key.get(key, ()):
                totals[target] += 1
                if len(found[target]) < limit:
                    found[target].append(_row_item(agency, pk, title, formed_on, published_on))
    index = reverse("catalogue:index", kwargs={"agency": agency.slug})
    for target in found:
        out[target] = Resolution(items=found[target], total=totals[target],
                                 more_url=index + "?" + urlencode(_catalogue_params(target)))
    return out


def _record_item(record, agency: Agency) -> LinkedItem:
    version = record.current_version
    return LinkedItem(title=version.title,
                      url=reverse("catalogue:record", kwargs={"agency": record.agency.slug,
                                                              "pk": record.pk}),
                      formed_on=version.formed_on, published_on=record.published_on)


# One record -------------------------------------------------------------------------------


def _validate_record(agency: Agency, target: str) -> str | None:
    if not target.strip().isdigit():
        return "请填写政府信息的编号(数字)。"
    return None


def _resolve_record(agency: Agency, target: str, limit: int) -> Resolution:
    from gongkai.catalogue import selectors

    if not target.strip().isdigit():
        return Resolution(broken="编号无效")
    record = selectors.public_record_get(pk=int(target), agency_id=agency.pk)
    if record is None:
        return Resolution(broken="该政府信息不存在或已不公开")
    return Resolution(items=[_record_item(record, agency)], total=1)


# Directory entries by kind -----------------------------------------------------------------


def _validate_directory(agency: Agency, target: str) -> str | None:
    from gongkai.directory.models import EntityKind

    kind, _, _district = target.partition(":")
    if kind not in EntityKind.values:
        return f"未知的名录类别“{kind}”。"
    return None


def _resolve_directory(agency: Agency, target: str, limit: int) -> Resolution:
    from gongkai.directory import selectors
    from gongkai.directory.models import EntityKind

    kind, _, district = target.partition(":")
    if kind not in EntityKind.values:
        return Resolution(broken="名录类别无效")
    entities = selectors.public_entities_by_kind(agency_id=agency.pk, kind=kind,
                                                 district=district)
    items = [LinkedItem(title=e.name, url=reverse("directory:entity", kwargs={
        "agency": agency.slug, "pk": e.pk})) for e in entities[:limit]]
    query = {"kind": kind} | ({"district": district} if district else {})
    return Resolution(items=items, total=entities.count(),
                      more_url=reverse("directory:index", kwargs={"agency": agency.slug})
                      + "?" + urlencode(query))


# A page of the portal ---------------------------------------------------------------------


def _validate_url(agency: Agency, target: str) -> str | None:
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return "请填写本站内以 / 开头的地址，例如 /sfj/disclosure/。"
    try:
        resolve(parts.path)
    except Resolver404:
        return "本站没有这个地址。"
    return None


def _resolve_url(agency: Agency, target: str, limit: int) -> Resolution:
    problem = _validate_url(agency, target)
    if problem:
        return Resolution(broken=problem)
    return Resolution(items=[LinkedItem(title=target, url=target)], total=1)


BUILT_IN: tuple[LinkKind, ...] = (
    LinkKind("catalogue_query", "政府信息(按主题、体裁、关键词)",
             "例如 topic=lawyers&genre=decision，可用 topic、genre、q",
             _validate_catalogue_query, _resolve_catalogue_query, _resolve_catalogue_queries),
    LinkKind("catalogue_record", "一条政府信息", "政府信息的编号", _validate_record,
             _resolve_record),
    LinkKind("directory", "法律服务名录(按类别)", "名录类别代码，可加“：所在区”，例如 lawyer：徐汇区",
             _validate_directory, _resolve_directory),
    LinkKind("url", "本站页面", "以 / 开头的本站地址，例如办事指南或执法公示页面",
             _validate_url, _resolve_url),
)


def describe_target(kind: str, target: str) -> str:
    try:
        if kind == "directory":
            from gongkai.directory.models import EntityKind

            code, _, district = target.partition(":")
            return str(EntityKind(code).label) + (f"({district})" if district else "")
    except (ValueError, NoReverseMatch):
        pass
    return target
