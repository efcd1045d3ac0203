"""JSON API of search: ``GET /api/v1/search`` over every public document (records, law
articles, FAQs …), the same engine as the portal's search page. Public and read-only."""

import datetime as dt
from typing import Any

from ninja import Field, Query, Router, Schema

from gongkai.api.errors import ApiError
from gongkai.core.access import public_view
from gongkai.core.selectors import agency_resolve
from gongkai.search import selectors

router = Router(tags=["search"])


class FacetValueOut(Schema):
    value: str
    label: str
    count: int


class SearchHitOut(Schema):
    kind: str
    id: str = Field(..., description="文档在其类型内的标识,例如政府信息的编号")
    title: str
    url: str
    snippet: str = Field(..., description="摘要,命中的词以 <mark> 标出,其余已转义")
    score: float
    published_on: dt.date | None = Field(
        ..., description="发布日期:政府信息的发布日期,法律法规为该版本的日期")
    date: dt.date | None = Field(..., description="同 published_on(保留以兼容旧的调用方)")
    agency: str | None
    exact: bool = Field(..., description="按文件编号或索取号精确命中")
    extra: dict[str, Any]


class SearchOut(Schema):
    query: str
    total: int
    page: int
    pages: int
    results: list[SearchHitOut]
    facets: dict[str, list[FacetValueOut]]
    suggestions: list[str]
    related: list[str]
    relaxed: bool
    message: str


@router.get("/search", response=SearchOut, auth=None, summary="全文检索(公开内容)")
@public_view
def search(request, q: str = Query("", max_length=1000), kind: str = "", agency: str = "",
           year: str = Query("", max_length=4), topic: str = "", genre: str = "",
           department: str = "", category: str = "",
           scope: str = Query("all", pattern="^(all|agency)$",
                              description="all:机构的信息及全平台共用的内容(法律法规等);"
                                          "agency:只检索该机构自己的信息"),
           sort: str = Query("relevance", pattern="^(relevance|date)$"),
           page: int = Query(1, ge=1, le=selectors.MAX_PAGE),
           page_size: int = Query(10, ge=1, le=50)):
    filters = {"year": year, "topic": topic, "genre": genre, "department": department,
               "category": category}
    agency_id = None
    if agency:
        found = agency_resolve(agency)
        if found is None:
            message = f"没有组织机构代码或网址标识为“{agency}”的机构。"
            raise ApiError(422, message, fields={"agency": [message]})
        agency_id = found.pk
    kinds = [k for k in kind.split(",") if k] or None
    result = selectors.search(q, kinds=kinds, agency_id=agency_id, agency_only=scope == "agency",
                              filters=filters, sort=sort, page=page, page_size=page_size,
                              user=None)
    slugs = _agency_slugs({h.agency_id for h in result.hits if h.agency_id})
    return {
        "query": q, "total": result.total, "page": result.page, "pages": result.pages,
        "results": [{
            "kind": h.kind, "id": h.key, "title": h.title, "url": h.url, "snippet": str(h.snippet),
            "score": h.score,
            "published_on": h.published_on, "date": h.published_on, "agency": slugs.get(h.agency_id or 0),
            "exact": h.exact, "extra": h.extra,
        } for h in result.hits],
        "facets": {name: [{"value": v, "label": str(label), "count": c} for v, label, c in values]
                   for name, values in result.facets.items()},
        "suggestions": result.suggestions, "related": result.related,
        "relaxed": result.relaxed, "message": result.message,
    }


def _agency_slugs(ids: set[int]) -> dict[int, str]:
    from gongkai.core.models import Agency

    return dict(Agency.objects.filter(pk__in=ids).values_list("pk", "slug"))
