"""API: one agency's live self-inspection, ``GET /api/v1/staff/inspection/{agency}`` (slug
or organisation code), for the office's own tools and the provincial platform."""

from __future__ import annotations

from typing import Any

from ninja import Router, Schema

from gongkai.api.auth import STAFF_AUTH
from gongkai.api.errors import ApiError
from gongkai.core.policies import PermissionDeniedError
from gongkai.core.selectors import agency_resolve
from gongkai.self_inspection.checks import inspect
from gongkai.self_inspection.policies import may_view, may_view_any

router = Router(tags=["self_inspection"])


class SelfInspectionItemOut(Schema):
    title: str
    url: str
    detail: str


class SelfInspectionVetoOut(Schema):
    key: str
    name: str
    source: str
    count: int
    items: list[SelfInspectionItemOut]


class SelfInspectionDeductionOut(SelfInspectionVetoOut):
    points: int


class SelfInspectionOut(Schema):
    agency: str
    score: int
    passed: bool
    bonus: int
    vetoes: list[SelfInspectionVetoOut]
    deductions: list[SelfInspectionDeductionOut]
    checked_at: str


@router.get("/staff/inspection/{agency}", response=SelfInspectionOut, auth=STAFF_AUTH,
            summary="网站自查结果（得分、单项否决、扣分项）")
def staff_inspection(request, agency: str) -> Any:
    if not may_view_any(request.auth):
        raise PermissionDeniedError
    found = agency_resolve(agency)
    if found is None or not may_view(request.auth, found):
        raise ApiError(404, "没有这个机构。")
    return inspect(found)
