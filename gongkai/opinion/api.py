"""API: staff list and registration of public concerns. Deadlines are ISO date-times in
+08:00 (the hours clocks are computed in Asia/Shanghai)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from gongkai.api.auth import STAFF_AUTH
from gongkai.api.errors import ApiError, responses
from gongkai.api.pagination import PageNumber
from gongkai.core.selectors import agency_resolve
from gongkai.opinion import selectors, services
from gongkai.opinion.models import Concern
from gongkai.opinion.policies import OpinionPolicy, may_handle_any
from gongkai.workdays.clock import SHANGHAI

router = Router(tags=["opinion"])


class DeadlineOut(Schema):
    kind: str
    label: str
    due_at: str
    met_at: str | None
    overdue: bool
    minutes_left: int


class ConcernOut(Schema):
    id: int
    agency: str
    title: str
    level: str
    status: str
    registered_at: str
    overdue: bool
    deadlines: list[DeadlineOut]


class ConcernIn(Schema):
    """Fields are checked by the service after the permission check, so that a caller
    without the right learns that first."""

    agency: str = Field("", description="机构网址标识或组织机构代码")
    title: str = Field("", description="标题")
    level: Literal["major_emergency", "general"] = Field(
        "general", description="major_emergency（重大突发事件）或 general（一般社会关切）")
    registered_at: dt.datetime | None = Field(
        None, description="登记时间，须带时区（如 2026-12-02T21:30:00+08:00）；不能晚于当前时间；"
                          "留空为当前时间")


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(SHANGHAI).isoformat(timespec="seconds") if value else None


def _out(concern: Concern, now: dt.datetime) -> dict:
    clocks = selectors.clocks(concern, now)
    return {"id": concern.pk, "agency": concern.agency.slug, "title": concern.title,
            "level": concern.level, "status": concern.status,
            "registered_at": _iso(concern.registered_at),
            "overdue": any(c.overdue for c in clocks),
            "deadlines": [{"kind": c.deadline.kind, "label": c.deadline.get_kind_display(),
                           "due_at": _iso(c.deadline.due_at), "met_at": _iso(c.deadline.met_at),
                           "overdue": c.overdue, "minutes_left": c.minutes_left}
                          for c in clocks]}


class ConcernPage(PageNumber):
    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        now = timezone.now()
        page["results"] = [_out(c, now) for c in page["results"]]
        return page


@router.get("/staff/opinion/concerns", response=list[ConcernOut], auth=STAFF_AUTH,
            summary="舆情事件列表（可按环节、是否超时筛选）")
@paginate(ConcernPage)
def concern_list(request,
                 status: str = Query("", description="环节：collected/consulted/assessed/"
                                                     "responded/evaluated"),
                 overdue: bool | None = Query(None, description="true：有到期未完成的时限")):
    if not may_handle_any(request.auth):
        raise ApiError(403, "无权查看舆情事件。")
    ids = OpinionPolicy.agencies_visible(request.auth)
    return selectors.concerns(ids, status=status, overdue=overdue)


@router.post("/staff/opinion/concerns", response={201: ConcernOut, **responses(403, 422)},
             auth=STAFF_AUTH, summary="登记舆情事件（时限自登记时间起按小时连续计算）")
def concern_register(request, payload: ConcernIn):
    if not may_handle_any(request.auth):
        raise ApiError(403, "无权登记舆情事件。")
    agency = agency_resolve(payload.agency)
    if agency is None:
        raise ApiError(422, "没有这个机构。", fields={"agency": ["没有这个机构。"]})
    if not OpinionPolicy.can_handle(request.auth, agency):
        raise ApiError(403, "无权为该机构登记舆情事件。")
    try:
        concern = services.concern_register(actor=request.auth, agency=agency,
                                            title=payload.title, level=payload.level,
                                            registered_at=payload.registered_at)
    except ValidationError as exc:
        raise ApiError(422, "提交的内容有误。", fields=exc.message_dict) from exc
    concern = selectors.concerns(None).get(pk=concern.pk)
    return Status(201, _out(concern, timezone.now()))
