"""API: a published work plan with its points, tasks and published progress (public)."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from gongkai.api.errors import ApiError
from gongkai.core.access import public_view
from gongkai.core.selectors import agency_resolve
from gongkai.workplans import selectors

router = Router(tags=["workplans"])


class TaskOut(Schema):
    lead_department: str
    deadline: dt.date
    measures: str


class ProgressOut(Schema):
    published_on: dt.date
    status: str
    percent: int
    progress: str
    problems: str
    next_steps: str


class PointOut(Schema):
    number: int
    chapter: str
    title: str
    text: str
    deadline: dt.date | None
    done: bool
    late: bool
    tasks: list[TaskOut]
    progress: ProgressOut | None


class CountsOut(Schema):
    points: int
    done: int
    on_time: int
    late: int


class PlanOut(Schema):
    agency: str
    year: int
    title: str
    document_number: str
    published_on: dt.date | None
    counts: CountsOut
    points: list[PointOut]


@router.get("/workplans/{agency}/{year}", response=PlanOut, auth=None,
            summary="年度工作要点及各要点已公开的进展")
@public_view
def plan_detail(request, agency: str, year: int):
    """``agency`` is the organisation code or the URL slug; only a published plan."""
    found = agency_resolve(agency)
    if found is None:
        raise ApiError(404, "没有这个机构。")
    plan = selectors.public_plan(agency_id=found.pk, year=year)
    if plan is None:
        raise ApiError(404, "该年度的工作要点尚未公开。")
    return selectors.plan_data(plan)
