"""API of the standard catalogue: the list per agency and an item with its ``links``
(each with the newest items behind it) and its ``gaps``."""


import datetime as dt

from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import paginate

from gongkai.api.errors import ApiError
from gongkai.api.pagination import PageNumber
from gongkai.core.access import public_view
from gongkai.core.selectors import agency_resolve
from gongkai.standards import selectors
from gongkai.standards.gaps import GAP_LABELS, GapComputer
from gongkai.standards.models import StandardItem

router = Router(tags=["standards"])


class StandardItemOut(Schema):
    id: int
    agency: str
    serial: int
    level1: str
    level2: str
    content: str
    basis: str
    time_limit: str
    limit_working_days: int
    subject: str
    channels: list[str]
    audience: str
    manner: str
    levels: list[str]
    url: str


class LinkedItemOut(Schema):
    title: str
    url: str
    formed_on: dt.date | None
    published_on: dt.date | None


class LinkOut(Schema):
    kind: str
    kind_label: str
    target: str
    label: str
    total: int
    broken: str
    timely: int
    late: int
    items: list[LinkedItemOut]


class GapOut(Schema):
    code: str
    label: str


class ItemDetailOut(StandardItemOut):
    links: list[LinkOut]
    gaps: list[GapOut]


def _out(item: StandardItem, limit_days: int | None = None) -> dict:
    from django.urls import reverse

    from gongkai.standards import limits

    return {
        "id": item.pk, "agency": item.agency.slug, "serial": item.serial,
        "level1": item.level1, "level2": item.level2, "content": item.content,
        "basis": item.basis, "time_limit": item.time_limit,
        "limit_working_days": item.limit_days if item.limit_days is not None
        else limits.default_days(),
        "subject": item.subject, "channels": list(item.channels or []),
        "audience": item.audience, "manner": item.manner, "levels": list(item.levels or []),
        "url": reverse("standards:item", kwargs={"agency": item.agency.slug, "pk": item.pk}),
    }


class ItemPage(PageNumber):
    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page["results"] = [_out(i) for i in page["results"]]
        return page


@router.get("/standards", response=list[StandardItemOut], auth=None, summary="公开标准目录")
@paginate(ItemPage)
@public_view
def standards_list(request, agency: str = "", q: str = ""):
    agency_id = None
    if agency:
        found = agency_resolve(agency)
        if found is None:
            message = f"没有组织机构代码或网址标识为“{agency}”的机构。"
            raise ApiError(422, message, fields={"agency": [message]})
        agency_id = found.pk
    return selectors.public_item_list(agency_id=agency_id, q=q[:100])


@router.get("/standards/{int:item_id}", response=ItemDetailOut, auth=None,
            summary="公开标准目录事项（含关联内容和缺项）")
@public_view
def standards_item(request, item_id: int):
    item = selectors.public_item_get(pk=item_id)
    if item is None:
        raise Http404
    state = GapComputer().state(item)
    links = [{
        "kind": ls.link.kind, "kind_label": ls.kind_label, "target": ls.link.target,
        "label": ls.link.label, "total": ls.resolution.total, "broken": ls.resolution.broken,
        "timely": ls.timely, "late": ls.late,
        "items": [{"title": e.title, "url": e.url, "formed_on": e.formed_on,
                   "published_on": e.published_on} for e in ls.resolution.items[:20]],
    } for ls in state.links]
    return {**_out(item), "links": links,
            "gaps": [{"code": g, "label": GAP_LABELS[g]} for g in state.gaps]}
