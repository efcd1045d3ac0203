"""API of random inspections: the public draws — commitment, revealed inputs and the drawn
list under ``result`` (the same document as DRAW.json)."""


import datetime as dt
from typing import Any

from django.urls import reverse
from ninja import Router, Schema
from ninja.pagination import paginate

from gongkai.api.errors import ApiError
from gongkai.api.pagination import PageNumber
from gongkai.core.access import public_view
from gongkai.core.selectors import agency_resolve
from gongkai.inspections import selectors, services
from gongkai.inspections.models import Plan

router = Router(tags=["inspections"])


class DrawSummary(Schema):
    id: int
    agency: str
    title: str
    status: str
    commitment: str
    committed_at: dt.datetime | None
    public_value_source: str
    public_value_date: dt.date
    drawn_at: dt.datetime | None
    url: str


def _summary(plan: Plan) -> dict[str, Any]:
    return {"id": plan.pk, "agency": plan.agency.slug, "title": plan.title,
            "status": plan.status, "commitment": plan.commitment,
            "committed_at": plan.committed_at, "public_value_source": plan.public_value_source,
            "public_value_date": plan.public_value_date, "drawn_at": plan.drawn_at,
            "url": reverse("inspections:plan", kwargs={"agency": plan.agency.slug,
                                                       "pk": plan.pk})}


class SummaryPage(PageNumber):
    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page["results"] = [_summary(p) for p in page["results"]]
        return page


@router.get("/inspections/draws", response=list[DrawSummary], auth=None,
            summary="已公布承诺的随机抽查(双随机、一公开)")
@paginate(SummaryPage)
@public_view
def draw_list(request, agency: str = ""):
    agency_id = None
    if agency:
        found = agency_resolve(agency)
        if found is None:
            message = f"没有组织机构代码或网址标识为“{agency}”的机构。"
            raise ApiError(422, message, fields={"agency": [message]})
        agency_id = found.pk
    return selectors.public_plans(agency_id)


@router.get("/inspections/draws/{int:number}", response=dict, auth=None,
            summary="一次抽取的全部输入与结果(可用 gongkai.inspections.verifier 复算)")
@public_view
def draw_detail(request, number: int) -> dict:
    """``number`` is the draw's id (its plan's), as listed by ``/inspections/draws``."""
    plan = selectors.public_plans().filter(pk=number).first()
    if plan is None:
        raise ApiError(404, "没有这个已公布的抽查。")
    return {**services.draw_document(plan), "plan": _summary(plan)}
