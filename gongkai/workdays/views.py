"""Staff pages for the working-day calendar: view a year, adjust days, import a schedule."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.access import staff_view
from gongkai.core.policies import CalendarPolicy
from gongkai.workdays import calendar as wd
from gongkai.workdays.models import CalendarDay, CalendarYear
from gongkai.workdays.services import (
    CalendarImportError,
    calendar_day_clear,
    calendar_day_set,
    calendar_import,
    calendar_year_declare,
)

MIN_YEAR, MAX_YEAR = 2004, 2100


@staff_view(CalendarPolicy.can_view)
def calendar_index(request):
    return redirect("staff:calendar_year", year=timezone.localdate().year)


@staff_view(CalendarPolicy.can_view)
def calendar_year(request, year: int):
    if not MIN_YEAR <= year <= MAX_YEAR:
        return redirect("staff:calendar_year", year=timezone.localdate().year)
    months = []
    for month in range(1, 13):
        statuses = {s.date: s for s in wd.month_statuses(year, month)}
        weeks = []
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            weeks.append([statuses.get(day) if day.month == month else None for day in week])
        months.append({"month": month, "weeks": weeks})
    return render(request, "staff/calendar_year.html", {
        "year": year,
        "months": months,
        "known": wd.year_is_known(year),
        "declared": CalendarYear.objects.filter(year=year).first(),
        "overrides": CalendarDay.objects.filter(date__year=year),
        "can_change": CalendarPolicy.can_change(request.user),
        "prev_year": year - 1, "next_year": year + 1,
    })


@staff_view(CalendarPolicy.can_change)
@require_POST
def calendar_day_edit(request, year: int):
    try:
        date = dt.date.fromisoformat(request.POST.get("date", ""))
    except ValueError:
        messages.error(request, "日期格式应为 YYYY-MM-DD。")
        return redirect("staff:calendar_year", year=year)
    action = request.POST.get("kind", "")
    if action == "clear":
        if calendar_day_clear(actor=request.user, date=date):
            messages.success(request, f"已恢复 {date} 的默认安排。")
        else:
            messages.error(request, f"{date} 没有自定义安排。")
    elif action in {"holiday", "workday"}:
        calendar_day_set(actor=request.user, date=date, is_working_day=action == "workday",
                         name=request.POST.get("name", "").strip()[:60],
                         note=request.POST.get("note", "").strip()[:200])
        messages.success(request, f"已保存 {date}。")
    else:
        messages.error(request, "请选择“休息日”“工作日”或“恢复默认”。")
    return redirect("staff:calendar_year", year=date.year)


@staff_view(CalendarPolicy.can_change)
@require_POST
def calendar_import_view(request, year: int):
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要导入的 CSV 或 iCalendar 文件。")
        return redirect("staff:calendar_year", year=year)
    try:
        report = calendar_import(actor=request.user, filename=upload.name,
                                 data=upload.read(), year=year)
    except CalendarImportError as exc:
        for error in exc.errors[:20]:
            messages.error(request, error)
        return redirect("staff:calendar_year", year=year)
    messages.success(request, f"已导入 {len(report.days)} 天(新增 {report.created},更新 {report.updated}),"
                              f"{year} 年已标记为已发布安排。")
    return redirect("staff:calendar_year", year=year)


@staff_view(CalendarPolicy.can_change)
@require_POST
def calendar_declare(request, year: int):
    calendar_year_declare(actor=request.user, year=year,
                          # NUL cannot be stored in PostgreSQL text (a 500 otherwise).
                          source=request.POST.get("source", "").replace("\x00", "").strip()[:200])
    messages.success(request, f"{year} 年已标记为已发布安排,该年期限不再是暂定。")
    return redirect("staff:calendar_year", year=year)
