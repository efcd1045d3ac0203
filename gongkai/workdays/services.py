"""Changing the calendar: single days, a whole year's import, and declaring a year known.

Each change enqueues, in its own transaction, one ``workdays.recalculate_deadlines`` job
(``gongkai.workdays.jobs``): the registered deadline owners (``deadlines``) recalculate
their open due dates in the background and record why each moved, so the administrator's
request does not wait for them. ``calendar_changed`` is still sent after commit for
listeners that only need to know (caches, pages).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.workdays.deadlines import CalendarChange
from gongkai.workdays.models import CalendarDay, CalendarYear

calendar_changed = Signal()  # sends: dates (list[date]), reason (str)

WORKING_WORDS = {"workday", "working", "work", "班", "上班", "补班", "工作日", "1", "true"}
HOLIDAY_WORDS = {"holiday", "rest", "off", "休", "休息", "假", "节假日", "休息日", "0", "false"}
MAX_IMPORT_BYTES = 256 * 1024


class CalendarImportError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class ParsedDay:
    date: dt.date
    is_working_day: bool
    name: str = ""


@dataclass
class ImportReport:
    year: int | None
    days: list[ParsedDay] = field(default_factory=list)
    created: int = 0
    updated: int = 0


def _notify(dates: list[dt.date], reason: str, *, event: Any, summary: str) -> None:
    from gongkai.workdays.jobs import enqueue_recalculation

    enqueue_recalculation(CalendarChange(
        verb=event.verb, summary=summary, dates=tuple(dates), actor_id=event.actor_id,
        actor_label=event.actor_label, audit_seq=event.seq,
        changed_at=timezone.localtime(event.created_at).isoformat(), reason=reason))
    transaction.on_commit(
        lambda: calendar_changed.send(sender=CalendarDay, dates=dates, reason=reason)
    )


def _kind(is_working_day: bool) -> str:
    return "工作日" if is_working_day else "休息日"


def calendar_day_set(*, actor: Any, date: dt.date, is_working_day: bool, name: str = "",
                     note: str = "") -> CalendarDay:
    with transaction.atomic():
        row, created = CalendarDay.objects.update_or_create(
            date=date, defaults={"is_working_day": is_working_day, "name": name, "note": note}
        )
        event = audit_record(actor=actor, verb="calendar.day_set", obj=row,
                             details={"date": date.isoformat(), "is_working_day": is_working_day,
                                      "name": name, "created": created})
        _notify([date], f"calendar.day_set {date.isoformat()}", event=event,
                summary=f"{date.isoformat()}设为{_kind(is_working_day)}{f'({name})' if name else ''}")
    return row


def calendar_day_clear(*, actor: Any, date: dt.date) -> bool:
    with transaction.atomic():
        row = CalendarDay.objects.filter(date=date).first()
        if row is None:
            return False
        event = audit_record(actor=actor, verb="calendar.day_clear", obj=row,
                             details={"date": date.isoformat()})
        was = _kind(row.is_working_day)
        row.delete()
        _notify([date], f"calendar.day_clear {date.isoformat()}", event=event,
                summary=f"撤销{date.isoformat()}的调整(原设为{was})")
    return True


def calendar_year_declare(*, actor: Any, year: int, source: str = "") -> CalendarYear:
    with transaction.atomic():
        row, _ = CalendarYear.objects.update_or_create(year=year, defaults={"source": source})
        event = audit_record(actor=actor, verb="calendar.year_declare", obj=row,
                             details={"year": year, "source": source})
        _notify([dt.date(year, 1, 1), dt.date(year, 12, 31)], f"calendar.year_declare {year}",
                event=event, summary=f"{year}年节假日安排已公布{f'({source})' if source else ''}")
    return row


def _parse_kind(raw: str) -> bool | None:
    word = raw.strip().lower()
    if word in WORKING_WORDS:
        return True
    if word in HOLIDAY_WORDS:
        return False
    return None


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CalendarImportError(["文件编码无法识别:请使用 UTF-8 或 GBK 编码。"])


def parse_csv(data: bytes) -> list[ParsedDay]:
    """CSV with a header ``date,kind,name``; kind is holiday/workday (or 休/班)."""
    text = _decode(data)
    reader = csv.DictReader(io.StringIO(text))
    headers = {h.strip().lower() for h in (reader.fieldnames or [])}
    if not {"date", "kind"} <= headers:
        raise CalendarImportError(["第1行应为表头 date,kind,name(日期、类型、名称)。"])
    days, errors = [], []
    for line_no, row in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if not any(row.values()):
            continue
        try:
            date = dt.date.fromisoformat(row.get("date", ""))
        except ValueError:
            errors.append(f"第{line_no}行:日期“{row.get('date', '')}”应写作 YYYY-MM-DD。")
            continue
        kind = _parse_kind(row.get("kind", ""))
        if kind is None:
            errors.append(f"第{line_no}行:类型“{row.get('kind', '')}”应为 holiday(休)或 workday(班)。")
            continue
        days.append(ParsedDay(date, kind, row.get("name", "")[:60]))
    if errors:
        raise CalendarImportError(errors)
    return days


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def parse_ical(data: bytes) -> list[ParsedDay]:
    """All-day VEVENTs; a summary with 班 (补班/上班) is a working day, any other a holiday."""
    import icalendar

    try:
        cal = icalendar.Calendar.from_ical(_decode(data))
    except ValueError as exc:
        raise CalendarImportError([f"iCalendar 文件无法解析:{exc}"]) from exc
    days: list[ParsedDay] = []
    errors: list[str] = []
    for event in cal.walk("VEVENT"):
        summary = str(event.get("SUMMARY", "")).strip()
        start = event.get("DTSTART")
        if start is None:
            errors.append(f"事件“{summary}”缺少 DTSTART。")
            continue
        first = _as_date(start.dt)
        end_prop = event.get("DTEND")
        last = _as_date(end_prop.dt) if end_prop is not None else None
        if first is None:
            errors.append(f"事件“{summary}”的 DTSTART 不是日期。")
            continue
        last = last or first + dt.timedelta(days=1)
        working = "班" in summary or "workday" in summary.lower()
        name = re.sub(r"[（(]?(补班|上班)[)）]?", "", summary).strip()
        day = first
        while day < last:
            days.append(ParsedDay(day, working, name[:60]))
            day += dt.timedelta(days=1)
    if errors:
        raise CalendarImportError(errors)
    return days


def calendar_import(*, actor: Any, filename: str, data: bytes, year: int | None = None,
                    declare_year: bool = True, dry_run: bool = False) -> ImportReport:
    """Import a year's schedule from CSV or iCalendar; all rows or none.

    With ``declare_year`` the year is recorded as known, so deadlines in it stop being
    provisional.
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise CalendarImportError(["文件过大:日历文件不应超过 256 KB。"])
    lower = filename.lower()
    if lower.endswith(".csv") or lower.endswith(".txt"):
        days = parse_csv(data)
    elif lower.endswith(".ics") or lower.endswith(".ical"):
        days = parse_ical(data)
    else:
        raise CalendarImportError(["只支持 .csv 或 .ics 文件。"])
    if not days:
        raise CalendarImportError(["文件中没有任何日期。"])
    years = {d.date.year for d in days}
    if year is not None and years != {year}:
        raise CalendarImportError([f"文件中的日期应全部属于{year}年,实际包含:{sorted(years)}。"])
    seen: dict[dt.date, ParsedDay] = {}
    for d in days:
        if d.date in seen and seen[d.date].is_working_day != d.is_working_day:
            raise CalendarImportError([f"{d.date} 在文件中同时被标为工作日和休息日。"])
        seen[d.date] = d
    report = ImportReport(year=year if year is not None else min(years), days=list(seen.values()))
    if dry_run:
        return report
    with transaction.atomic():
        existing = set(CalendarDay.objects.filter(date__in=seen).values_list("date", flat=True))
        for d in seen.values():
            CalendarDay.objects.update_or_create(
                date=d.date, defaults={"is_working_day": d.is_working_day, "name": d.name,
                                       "note": f"导入自 {filename}"[:200]}
            )
        report.updated = len(existing)
        report.created = len(seen) - len(existing)
        if declare_year:
            for y in sorted(years):
                CalendarYear.objects.update_or_create(year=y, defaults={"source": filename[:200]})
        event = audit_record(actor=actor, verb="calendar.import", obj=None,
                             details={"filename": filename, "years": sorted(years),
                                      "created": report.created, "updated": report.updated})
        _notify(sorted(seen), f"calendar.import {filename}", event=event,
                summary=f"导入{filename}({len(seen)}天,{'、'.join(str(y) for y in sorted(years))}年)")
    return report
