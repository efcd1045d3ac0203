"""API: the working-day calculator, open to anyone (it is what the law says, not data)."""


import datetime as dt

from ninja import Field, Query, Router, Schema

from gongkai.api.errors import ApiError
from gongkai.core.access import public_view
from gongkai.workdays import calendar as wd

router = Router(tags=["workdays"])


class AddIn(Schema):
    start: dt.date = Field(..., description="起算日(不计入)")
    days: int = Field(..., ge=0, le=400, description="工作日数")


class AddOut(Schema):
    start: dt.date
    days: int
    due: dt.date
    provisional: bool


class CountOut(Schema):
    start: dt.date
    end: dt.date
    working_days: int


class DayOut(Schema):
    date: dt.date
    is_working_day: bool
    name: str
    source: str
    provisional: bool


@router.get("/add", response=AddOut, auth=None, summary="N 个工作日后的期限")
@public_view
def add(request, params: Query[AddIn]):
    due = wd.add_working_days(params.start, params.days)
    return {"start": params.start, "days": params.days, "due": due.date,
            "provisional": due.provisional}


@router.get("/count", response=CountOut, auth=None, summary="两日期之间的工作日数")
@public_view
def count(request, start: dt.date, end: dt.date):
    if end < start:
        raise ApiError(422, "截止日期早于起始日期。", fields={"end": ["before start"]})
    if (end - start).days > 3660:
        raise ApiError(422, "日期区间不能超过十年。", fields={"end": ["range too long"]})
    return {"start": start, "end": end, "working_days": wd.count_working_days(start, end)}


@router.get("/day/{day}", response=DayOut, auth=None, summary="某一天是否工作日")
@public_view
def day(request, day: dt.date):
    return wd.day_status(day).__dict__
