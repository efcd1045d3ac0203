"""The statutory clock of an application: its limits as data, counted by the clock engine.

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

Each period is a ``Limit`` below; the counting (the start day is not counted, pauses,
extensions, provisional years, the explanation) is the engine's,
``gongkai.workdays.clock``. Holidays are never written here: the calendar is data.
Remedy periods (reconsideration, litigation) are in ``remedies``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone

from gongkai.workdays import clock as engine
from gongkai.workdays.clock import Limit, StartRule, Unit

WD = Unit.WORKING_DAYS

REPLY = Limit(20, WD, "《中华人民共和国政府信息公开条例》第三十三条第一款", label="答复期限")
EXTENSION_MAX = Limit(20, WD, "《中华人民共和国政府信息公开条例》第三十三条第一款",
                      label="延长答复期限")
CORRECTION_NOTICE = Limit(7, WD, "《中华人民共和国政府信息公开条例》第三十条", label="一次性告知补正")
# The time a consultation takes does not count: Art. 33(2).
THIRD_PARTY_CONSULTATION = Limit(15, WD, "《中华人民共和国政府信息公开条例》第三十二条、第三十四条",
                                 label="征求意见")

REPLY_LIMIT_WORKING_DAYS = REPLY.amount
EXTENSION_MAX_WORKING_DAYS = EXTENSION_MAX.amount
CORRECTION_NOTICE_WORKING_DAYS = CORRECTION_NOTICE.amount
THIRD_PARTY_CONSULTATION_WORKING_DAYS = THIRD_PARTY_CONSULTATION.amount
# Warn the officer when this many working days or fewer remain to ask for a correction.
CORRECTION_WARNING_WORKING_DAYS = 2

CHANNELS = ("online", "in_person", "post", "ordinary_mail", "fax")


def fee_payment() -> Limit:
    """国办函〔2020〕109号: the period the fee notice gives (the agency's choice, default 20)."""
    return Limit(int(getattr(settings, "GONGKAI_APPLICATIONS_FEE_PAYMENT_WORKING_DAYS", 20)), WD,
                 "《政府信息公开信息处理费管理办法》(国办函〔2020〕109号);条例第四十二条",
                 label="缴纳信息处理费")


def correction_reply() -> Limit:
    """How long the applicant is given to correct (the agency's choice; Art. 30 "by when")."""
    return Limit(int(getattr(settings, "GONGKAI_APPLICATIONS_CORRECTION_WORKING_DAYS", 15)), WD,
                 "《中华人民共和国政府信息公开条例》第三十条(合理的补正期限)", label="补正期限")


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


class TimeLimitError(ValueError):
    """Facts that cannot be right (an extension over 20 days, a date before receipt)."""


def reply_limit() -> int:
    return REPLY.amount


def fee_payment_working_days() -> int:
    return fee_payment().amount


def correction_reply_working_days() -> int:
    return correction_reply().amount


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
    a form submitted on a holiday or weekend is then received on the next working day
    (the engine's ``NEXT_WORKING_DAY`` start rule).
    """
    day = timezone.localtime(submitted_at).date() if timezone.is_aware(submitted_at) \
        else submitted_at.date()
    mode = getattr(settings, "GONGKAI_APPLICATIONS_ONLINE_RECEIPT", "submission")
    if mode == "next_working_day":
        return engine.Due(engine.Clock().anchor(day, StartRule.NEXT_WORKING_DAY)).date
    return day


@dataclass(frozen=True)
class Pause:
    """Time that does not count: a consultation (Art. 32/34) or a fee period (109号).

    While open (``end`` None) the pause is assumed to run its full period, so the stored
    due date is the latest possible and is recomputed when the pause ends.
    """

    kind: str  # "third_party_consultation" | "fee"
    start: dt.date
    end: dt.date | None = None
    limit_working_days: int = THIRD_PARTY_CONSULTATION_WORKING_DAYS


ClockStep = engine.Step


@dataclass(frozen=True)
class Clock:
    received_on: dt.date
    start_on: dt.date
    due_on: dt.date
    provisional: bool
    paused_working_days: int
    extension_working_days: int
    steps: tuple[engine.Step, ...]

    def steps_json(self) -> list[dict[str, Any]]:
        return [step.as_dict() for step in self.steps]

    def explanation(self) -> str:
        return ";".join(step.text for step in self.steps)


PAUSE_LABELS = {"third_party_consultation": "征求意见", "fee": "缴纳信息处理费"}


def compute_clock(*, received_on: dt.date, channel: str, corrected_on: dt.date | None = None,
                  pauses: Sequence[Pause] = (), extension_working_days: int = 0,
                  clock: engine.Clock | None = None) -> Clock:
    """The due date and how it was reached, e.g. "2020-04-23收到申请(当面提交);20个工作日
    → 2020-05-22;征求意见暂停6个工作日 → 2020-06-01;延期20个工作日 → 2020-06-29".

    Pauses before the clock (re)started are ignored: a correction restarts the count.
    Pass ``clock`` to share one calendar snapshot over many cases.
    """
    if extension_working_days < 0 or extension_working_days > EXTENSION_MAX.amount:
        raise TimeLimitError(f"延期不得超过{EXTENSION_MAX.amount}个工作日。")
    if corrected_on is not None and corrected_on < received_on:
        raise TimeLimitError("收到补正之日不能早于收到申请之日。")
    label = CHANNEL_LABELS.get(channel, channel)
    steps = [engine.Step("received", f"{received_on.isoformat()}收到申请({label})",
                         received_on.isoformat())]
    start = received_on
    if corrected_on is not None:
        start = corrected_on
        steps.append(engine.Step("corrected", f"{corrected_on.isoformat()}收到补正,重新起算",
                                 corrected_on.isoformat()))
    clock = clock or engine.Clock()
    found = clock.deadline(
        REPLY, start, steps=steps, extension=extension_working_days,
        pauses=[engine.Pause(PAUSE_LABELS.get(p.kind, p.kind), p.start, p.end,
                             Limit(p.limit_working_days, WD, THIRD_PARTY_CONSULTATION.citation))
                for p in pauses])
    return Clock(received_on=received_on, start_on=found.start_on, due_on=found.due_on,
                 provisional=found.provisional, paused_working_days=found.paused,
                 extension_working_days=extension_working_days, steps=found.steps)


def _due(limit: Limit, start: dt.date) -> dt.date:
    return engine.due(limit, start).date


def correction_notice_deadline(received_on: dt.date) -> dt.date:
    """Art. 30: the last day on which a correction may be asked for."""
    return _due(CORRECTION_NOTICE, received_on)


def correction_window_left(received_on: dt.date, today: dt.date) -> int:
    """Working days left to ask for a correction (negative once the window has closed)."""
    clock = engine.Clock()
    deadline = engine.due(CORRECTION_NOTICE, received_on, clock=clock).date
    return clock.working_days_between(today, deadline)


def correction_window_closing(received_on: dt.date, today: dt.date) -> bool:
    return 0 <= correction_window_left(received_on, today) <= CORRECTION_WARNING_WORKING_DAYS


def correction_reply_by(requested_on: dt.date) -> dt.date:
    return _due(correction_reply(), requested_on)


def third_party_consultation_answer_by(started_on: dt.date) -> dt.date:
    return _due(THIRD_PARTY_CONSULTATION, started_on)


def fee_pay_by(issued_on: dt.date) -> dt.date:
    return _due(fee_payment(), issued_on)


def working_days_left_many(due_dates: Iterable[dt.date], today: dt.date | None = None,
                           clock: engine.Clock | None = None) -> list[int]:
    """Working days left for many due dates (negative = overdue) with one calendar
    snapshot and one walk over the range (list pages)."""
    today = today or timezone.localdate()
    dates = list(due_dates)
    if not dates:
        return []
    clock = clock or engine.Clock()
    return clock.calendar.signed_many(today, dates)


def elapsed_and_left(application: Any, today: dt.date | None = None) -> tuple[int, int]:
    """(working days counted so far, working days left; negative = overdue).

    Pauses are not counted as elapsed; a closed case is frozen at its closing day.
    """
    today = today or timezone.localdate()
    if getattr(application, "closed_on", None):
        today = application.closed_on
    start, due = application.clock_start_on, application.due_on
    clock = engine.Clock()
    left = clock.working_days_between(today, due)
    if today <= start:
        return 0, left
    elapsed = clock.count(start, today, WD)
    for pause in pauses_of(application):
        begin = max(pause.start, start)
        end = min(pause.end or today, today)
        if end > begin:
            elapsed -= clock.count(begin, end, WD)
    return max(elapsed, 0), left


def pauses_of(application: Any) -> list[Pause]:
    """The pauses recorded on an application (its consultations and fee period)."""
    if application.pk is None:
        return []
    pauses = [
        Pause("third_party_consultation", c.started_on, c.ended_on, THIRD_PARTY_CONSULTATION.amount)
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


def clock_for(application: Any, *, clock: engine.Clock | None = None) -> Clock:
    """Recompute an application's clock from its stored facts."""
    from django.core.exceptions import ObjectDoesNotExist

    if application.pk is None:  # being created: only the receipt is known
        return compute_clock(received_on=application.received_on, channel=application.channel,
                             clock=clock)

    try:
        correction = application.correction
    except ObjectDoesNotExist:
        correction = None
    corrected_on = correction.received_on if correction is not None else None
    extension = sum(e.working_days for e in application.extensions.all() if e.status == "approved")
    return compute_clock(received_on=application.received_on, channel=application.channel,
                         corrected_on=corrected_on, pauses=pauses_of(application),
                         extension_working_days=extension, clock=clock)
