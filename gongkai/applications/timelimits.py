"""The statutory clock of an application, computed from facts with the working-day calendar.

Rules (《中华人民共和国政府信息公开条例》, "the Regulations"; 上海市人民政府令第32号 follows
them for Shanghai agencies; ``../shared/reference/disclosure-law.md``):

- Art. 31, the receipt date (收到申请之日) per channel: in person — the day handed in; post
  with signature — the day the agency signs for it; ordinary letter — the day the office
  confirms with the applicant (which it must do the day the letter arrives); online or the
  office's fax — the day both sides confirm (双方确认之日), which for the online form is the
  submission unless the agency configures otherwise.
- Art. 33: reply within **20 working days** of receipt; an extension approved by the head
  of the disclosure office adds at most **20 working days**.
- Art. 30: a correction is asked for once, within **7 working days** of receipt; the reply
  limit then runs from the day the corrected application is received.
- Art. 32 and 34: a consultation of a third party or another agency has **15 working
  days**; the time it takes does not count toward the reply limit.
- 国办函〔2020〕109号: the time from the fee notice to payment does not count either; an
  applicant who does not pay within the notified period (20 working days; configurable)
  is deemed to withdraw.

The day that starts a period is not counted (``gongkai.workdays.calendar``). Holidays are
never written here: the calendar is data, and a limit ending in a year without a schedule
is provisional.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.utils import timezone

from gongkai.workdays import calendar as workdays_calendar
from gongkai.workdays.calendar import DayStatus, DueDate, WorkingCalendar

REPLY_LIMIT_WORKING_DAYS = 20  # Art. 33(1)
EXTENSION_MAX_WORKING_DAYS = 20  # Art. 33(2)
CORRECTION_NOTICE_WORKING_DAYS = 7  # Art. 30
THIRD_PARTY_CONSULTATION_WORKING_DAYS = 15  # Art. 32, 34
# Warn the officer when this many working days or fewer remain to ask for a correction.
CORRECTION_WARNING_WORKING_DAYS = 2

CHANNELS = ("online", "in_person", "post", "ordinary_mail", "fax")


@dataclass(frozen=True)
class ReceiptRule:
    channel: str
    event: str  # what the date the officer enters means
    article: str


RECEIPT_RULES: dict[str, ReceiptRule] = {
    "in_person": ReceiptRule("in_person", "申请人当面提交申请之日", "条例第三十一条第（一）项"),
    "post": ReceiptRule("post", "行政机关签收之日", "条例第三十一条第（二）项"),
    "ordinary_mail": ReceiptRule(
        "ordinary_mail", "政府信息公开工作机构与申请人确认之日(应于信件到达当日确认)",
        "条例第三十一条第（二）项"),
    "online": ReceiptRule("online", "双方确认之日", "条例第三十一条第（三）项"),
    "fax": ReceiptRule("fax", "双方确认之日", "条例第三十一条第（三）项"),
}

CHANNEL_LABELS = {"online": "网上申请", "in_person": "当面提交", "post": "邮寄",
                  "ordinary_mail": "平常信函", "fax": "传真"}


@lru_cache(maxsize=16384)
def _package_status(day: dt.date) -> DayStatus:
    """chinese-calendar's answer for a day it knows; its data never changes in a process,
    and asking it costs ~0.1 ms a day (it validates the date against all its years)."""
    return WorkingCalendar.status(_NO_OVERRIDES, day)


@dataclass(frozen=True)
class _Override:
    is_working_day: bool
    name: str


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


class _Snapshot(WorkingCalendar):
    """The workdays calendar over a range (administrator overrides win, loaded in two
    queries), with the package's days memoised. Counting rules are those of
    ``gongkai.workdays.calendar``: the start day is not counted."""

    def __init__(self, start: dt.date, end: dt.date):
        # Two raw queries: building ORM queries cost more than the whole count. Table
        # names come from the models, values are parameters.
        from django.db import connection

        from gongkai.workdays.models import CalendarDay, CalendarYear

        days, years = CalendarDay._meta.db_table, CalendarYear._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT date, is_working_day, name FROM {days}"  # noqa: S608
                           " WHERE date >= %s AND date <= %s", [start, end])
            self.overrides: dict[dt.date, Any] = {
                _as_date(d): _Override(bool(w), n) for d, w, n in cursor.fetchall()}
            cursor.execute(f"SELECT year FROM {years}"  # noqa: S608
                           " WHERE year >= %s AND year <= %s", [start.year, end.year])
            self.declared_years = {int(y) for (y,) in cursor.fetchall()}
        self.start, self.end = start, end

    def status(self, day: dt.date) -> DayStatus:
        if day in self.overrides or not workdays_calendar._package_knows(day.year):
            return super().status(day)
        return _package_status(day)

    def _cover(self, day: dt.date) -> None:
        if day > self.end:
            wider = _Snapshot(self.start, day + dt.timedelta(days=120))
            self.__dict__.update(wider.__dict__)

    def add(self, start: dt.date, working_days: int) -> DueDate:
        day, counted, provisional = start, 0, False
        while counted < working_days:
            day += dt.timedelta(days=1)
            self._cover(day)
            status = self.status(day)
            provisional = provisional or status.provisional
            if status.is_working_day:
                counted += 1
        return DueDate(day, provisional)

    def count(self, start: dt.date, end: dt.date) -> int:
        self._cover(end)
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            if self.status(day).is_working_day:
                count += 1
        return count


class _Empty:
    overrides: dict = {}  # noqa: RUF012
    declared_years: set = set()  # noqa: RUF012

    def year_known(self, year: int) -> bool:
        return workdays_calendar._package_knows(year)


_NO_OVERRIDES: Any = _Empty()


def add_working_days(start: dt.date, working_days: int) -> DueDate:
    return _Snapshot(start, start + dt.timedelta(days=working_days * 2 + 40)).add(
        start, working_days)


def count_working_days(start: dt.date, end: dt.date) -> int:
    return _Snapshot(start, end).count(start, end)


class TimeLimitError(ValueError):
    """Facts that cannot be right (an extension over 20 days, a date before receipt)."""


def reply_limit() -> int:
    return REPLY_LIMIT_WORKING_DAYS


def fee_payment_working_days() -> int:
    return int(getattr(settings, "GONGKAI_APPLICATIONS_FEE_PAYMENT_WORKING_DAYS", 20))


def correction_reply_working_days() -> int:
    """How long the applicant is given to correct (the agency's choice; Art. 30 "by when")."""
    return int(getattr(settings, "GONGKAI_APPLICATIONS_CORRECTION_WORKING_DAYS", 15))


def receipt_date(channel: str, event_on: dt.date, *, arrived_on: dt.date | None = None) -> dt.date:
    """The legal receipt date (Art. 31) for a date the officer entered.

    For an ordinary letter the office must confirm with the applicant on the day the letter
    arrives; a confirmation date after the arrival is accepted (the applicant may be
    unreachable) but never one before it.
    """
    if channel not in RECEIPT_RULES:
        raise TimeLimitError(f"unknown channel {channel!r}")
    if channel == "ordinary_mail" and arrived_on is not None and event_on < arrived_on:
        raise TimeLimitError("确认日期不能早于信件到达日期。")
    return event_on


def online_receipt_date(submitted_at: dt.datetime) -> dt.date:
    """Art. 31(3): online applications are received when both sides confirm.

    By default the system's acknowledgement at submission is the agency's confirmation,
    so the submission day is the receipt date. An agency whose practice is to confirm on
    working days only sets ``GONGKAI_APPLICATIONS_ONLINE_RECEIPT = "next_working_day"``:
    a form submitted on a holiday or weekend is then received on the next working day.
    """
    day = timezone.localtime(submitted_at).date() if timezone.is_aware(submitted_at) \
        else submitted_at.date()
    mode = getattr(settings, "GONGKAI_APPLICATIONS_ONLINE_RECEIPT", "submission")
    if mode == "next_working_day":
        calendar = WorkingCalendar(day, day + dt.timedelta(days=30))
        while not calendar.status(day).is_working_day:
            day += dt.timedelta(days=1)
    return day


@dataclass(frozen=True)
class Pause:
    """Time that does not count: a consultation (Art. 32/34) or a fee period (109号).

    While open (``end`` None) the pause is assumed to run its full period, so the stored
    due date is the latest possible and is recomputed when the pause ends.
    """

    kind: str  # "consultation" | "fee"
    start: dt.date
    end: dt.date | None = None
    limit_working_days: int = THIRD_PARTY_CONSULTATION_WORKING_DAYS


@dataclass(frozen=True)
class ClockStep:
    kind: str  # received, corrected, limit, pause, extension
    text: str
    on: str  # ISO date the step leads to
    working_days: int = 0
    provisional: bool = False


@dataclass(frozen=True)
class Clock:
    received_on: dt.date
    start_on: dt.date
    due_on: dt.date
    provisional: bool
    paused_working_days: int
    extension_working_days: int
    steps: tuple[ClockStep, ...]

    def steps_json(self) -> list[dict[str, Any]]:
        return [asdict(step) for step in self.steps]

    def explanation(self) -> str:
        return ";".join(step.text for step in self.steps)


PAUSE_LABELS = {"third_party_consultation": "征求意见", "fee": "缴纳信息处理费"}


def compute_clock(*, received_on: dt.date, channel: str, corrected_on: dt.date | None = None,
                  pauses: Sequence[Pause] = (), extension_working_days: int = 0) -> Clock:
    """The due date and how it was reached, e.g. "2020-04-23收到申请(当面提交);20个工作日
    → 2020-05-22;征求意见暂停6个工作日 → 2020-06-01;延期20个工作日 → 2020-06-29".

    Pauses before the clock (re)started are ignored: a correction restarts the count.
    """
    if extension_working_days < 0 or extension_working_days > EXTENSION_MAX_WORKING_DAYS:
        raise TimeLimitError(f"延期不得超过{EXTENSION_MAX_WORKING_DAYS}个工作日。")
    if corrected_on is not None and corrected_on < received_on:
        raise TimeLimitError("收到补正之日不能早于收到申请之日。")
    label = CHANNEL_LABELS.get(channel, channel)
    steps = [ClockStep("received", f"{received_on.isoformat()}收到申请({label})",
                       received_on.isoformat())]
    start = received_on
    if corrected_on is not None:
        start = corrected_on
        steps.append(ClockStep("corrected", f"{corrected_on.isoformat()}收到补正,重新起算",
                               corrected_on.isoformat()))
    limit = REPLY_LIMIT_WORKING_DAYS
    cal = _Snapshot(start, start + dt.timedelta(days=120))
    base = cal.add(start, limit)
    provisional = base.provisional
    steps.append(ClockStep("limit", f"{limit}个工作日 → {base.date.isoformat()}",
                           base.date.isoformat(), limit, base.provisional))
    total, paused = limit, 0
    for pause in sorted(pauses, key=lambda p: p.start):
        begin = max(pause.start, start)
        if pause.end is not None:
            end, ongoing = max(pause.end, begin), False
        else:
            assumed = cal.add(begin, pause.limit_working_days)
            end, ongoing = assumed.date, True
            provisional = provisional or assumed.provisional
        days = cal.count(begin, end)
        if days == 0 and not ongoing:
            continue
        paused += days
        total += days
        due = cal.add(start, total)
        provisional = provisional or due.provisional
        what = PAUSE_LABELS.get(pause.kind, pause.kind)
        text = (f"{what}暂停{days}个工作日({begin.isoformat()}至{end.isoformat()}"
                f"{',尚未结束,按最长期限计' if ongoing else ''}) → {due.date.isoformat()}")
        steps.append(ClockStep("pause", text, due.date.isoformat(), days, due.provisional))
    if extension_working_days:
        total += extension_working_days
        due = cal.add(start, total)
        provisional = provisional or due.provisional
        steps.append(ClockStep("extension",
                               f"经批准延期{extension_working_days}个工作日 → {due.date.isoformat()}",
                               due.date.isoformat(), extension_working_days, due.provisional))
    final = cal.add(start, total)
    provisional = provisional or final.provisional
    if provisional:
        steps.append(ClockStep("provisional", "期限所在年度的节假日安排尚未公布,按周末推算,为暂定日期",
                               final.date.isoformat(), 0, True))
    return Clock(received_on=received_on, start_on=start, due_on=final.date,
                 provisional=provisional, paused_working_days=paused,
                 extension_working_days=extension_working_days, steps=tuple(steps))


def correction_notice_deadline(received_on: dt.date) -> dt.date:
    """Art. 30: the last day on which a correction may be asked for."""
    return add_working_days(received_on, CORRECTION_NOTICE_WORKING_DAYS).date


def correction_window_left(received_on: dt.date, today: dt.date) -> int:
    """Working days left to ask for a correction (negative once the window has closed)."""
    deadline = correction_notice_deadline(received_on)
    if today <= deadline:
        return count_working_days(today, deadline)
    return -count_working_days(deadline, today)


def correction_window_closing(received_on: dt.date, today: dt.date) -> bool:
    return 0 <= correction_window_left(received_on, today) <= CORRECTION_WARNING_WORKING_DAYS


def correction_reply_by(requested_on: dt.date) -> dt.date:
    return add_working_days(requested_on, correction_reply_working_days()).date


def third_party_consultation_answer_by(started_on: dt.date) -> dt.date:
    return add_working_days(started_on, THIRD_PARTY_CONSULTATION_WORKING_DAYS).date


def fee_pay_by(issued_on: dt.date) -> dt.date:
    return add_working_days(issued_on, fee_payment_working_days()).date


def reconsideration_deadline(known_on: dt.date) -> dt.date:
    """Administrative Reconsideration Law Art. 20: within 60 days (calendar days)."""
    days = int(getattr(settings, "GONGKAI_APPLICATIONS_RECONSIDERATION_DAYS", 60))
    return known_on + dt.timedelta(days=days)


def litigation_deadline(known_on: dt.date) -> dt.date:
    """Administrative Litigation Law Art. 46: within 6 months of knowing the act."""
    months = int(getattr(settings, "GONGKAI_APPLICATIONS_LITIGATION_MONTHS", 6))
    month = known_on.month - 1 + months
    year, month = known_on.year + month // 12, month % 12 + 1
    for day in (known_on.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def signed_working_days(calendar: WorkingCalendar, start: dt.date, end: dt.date) -> int:
    """Working days from ``start`` (not counted) to ``end``; negative when end < start."""
    sign, low, high = (1, start, end) if start <= end else (-1, end, start)
    count, day = 0, low
    while day < high:
        day += dt.timedelta(days=1)
        if calendar.status(day).is_working_day:
            count += 1
    return sign * count


def working_days_left_many(due_dates: Iterable[dt.date], today: dt.date | None = None) -> list[int]:
    """Working days left for many due dates (negative = overdue) with one calendar
    snapshot and one walk over the range, then a bisection per date (list pages)."""
    today = today or timezone.localdate()
    dates = list(due_dates)
    if not dates:
        return []
    low, high = min([today, *dates]), max([today, *dates])
    calendar = _Snapshot(low, high)
    working, day = [], low
    while day < high:
        day += dt.timedelta(days=1)
        if calendar.status(day).is_working_day:
            working.append(day)
    base = bisect_right(working, today)
    return [bisect_right(working, due) - base for due in dates]


def elapsed_and_left(application: Any, today: dt.date | None = None) -> tuple[int, int]:
    """(working days counted so far, working days left; negative = overdue).

    Pauses are not counted as elapsed; a closed case is frozen at its closing day.
    """
    today = today or timezone.localdate()
    if getattr(application, "closed_on", None):
        today = application.closed_on
    start, due = application.clock_start_on, application.due_on
    left = signed_working_days(_Snapshot(min(today, due), max(today, due)), today, due)
    if today <= start:
        return 0, left
    elapsed = count_working_days(start, today)
    for pause in pauses_of(application):
        begin = max(pause.start, start)
        end = min(pause.end or today, today)
        if end > begin:
            elapsed -= count_working_days(begin, end)
    return max(elapsed, 0), left


def pauses_of(application: Any) -> list[Pause]:
    """The pauses recorded on an application (its consultations and fee period)."""
    if application.pk is None:
        return []
    pauses = [
        Pause("third_party_consultation", c.started_on, c.ended_on, THIRD_PARTY_CONSULTATION_WORKING_DAYS)
        for c in application.third_party_consultations.all()
    ]
    fee = getattr(application, "fee", None) if _has_fee(application) else None
    if fee is not None:
        end = fee.paid_on or fee.deemed_withdrawn_on
        pauses.append(Pause("fee", fee.issued_on, end, fee_payment_working_days()))
    return pauses


def _has_fee(application: Any) -> bool:
    from django.core.exceptions import ObjectDoesNotExist

    try:
        application.fee  # noqa: B018
    except ObjectDoesNotExist:
        return False
    return True


def clock_for(application: Any) -> Clock:
    """Recompute an application's clock from its stored facts."""
    from django.core.exceptions import ObjectDoesNotExist

    if application.pk is None:  # being created: only the receipt is known
        return compute_clock(received_on=application.received_on, channel=application.channel)

    try:
        correction = application.correction
    except ObjectDoesNotExist:
        correction = None
    corrected_on = correction.received_on if correction is not None else None
    extension = sum(e.working_days for e in application.extensions.all() if e.status == "approved")
    return compute_clock(received_on=application.received_on, channel=application.channel,
                         corrected_on=corrected_on, pauses=pauses_of(application),
                         extension_working_days=extension)
