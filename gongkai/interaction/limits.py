"""The time limits of a message, as data; the counting is the shared clock's
(``gongkai.workdays.clock``), so holidays and 调休 come from the calendar, never from here.

Sources (``../shared/reference/participation-and-enforcement-rules.md``, "Participation
channels"):

- Answer limit of the mailbox: **3 working days**, **10 working days when the matter is
  complex** — the typical mayor's mailbox rules (沈阳市市长信箱, local practice; the same
  rules set the title at 10–25 characters, the body at ≤ 600 and the attachment at ≤ 1 MB).
  Each agency may set its own figure per type (``AgencyLimits``); the platform default is
  ``GONGKAI_INTERACTION_ANSWER_WORKING_DAYS`` / ``…_COMPLEX_WORKING_DAYS``.
- Hotline orders (国办发〔2020〕53号, 12345 closed loop 受理、派单、办理、答复、督办、办结、
  回访、评价): the notice sets no national figure; the hotline's own ``expected_datetime``
  is taken when the order carries one, else the agency's figure, else
  ``GONGKAI_INTERACTION_HOTLINE_WORKING_DAYS`` (5, local practice).
- The website inspection veto (国办秘函〔2019〕19号, 单项否决): a valid message left unanswered
  for more than **3 months** fails the whole site. ``VETO`` is that period; the inbox and the
  figures flag messages approaching it.
- Reopening (FixMyStreet #897, our choice): the writer may reopen once within
  ``GONGKAI_INTERACTION_REOPEN_DAYS`` calendar days (15) after the answer.

The start day is not counted (民法典 Art. 201; the clock's ``AFTER_EVENT``): a message
received on a Monday with 3 working days is due on Thursday.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

from gongkai.workdays.clock import Clock, Limit, Unit

WD = Unit.WORKING_DAYS
MAILBOX_CITATION = "市长信箱办理规定（地方实践，沈阳市市长信箱：3个工作日，复杂事项10个工作日）"
HOTLINE_CITATION = "国办发〔2020〕53号（12345热线闭环办理；时限由热线派单或本机构设定）"
VETO_CITATION = "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决：有效留言超过3个月未回复"

VETO = Limit(3, Unit.MONTHS, VETO_CITATION, label="有效留言答复最长期限")

# Length rules of the mailbox form (local practice, same source as the limits).
DEFAULT_SUBJECT_MIN = 10
DEFAULT_SUBJECT_MAX = 25
DEFAULT_TEXT_MAX = 600
DEFAULT_ATTACHMENT_KB = 1024
# What a writer may attach: documents and pictures, recognised by their bytes.
ATTACHMENT_KINDS = frozenset({"pdf", "docx", "doc", "png", "jpeg", "gif", "txt"})


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def subject_range() -> tuple[int, int]:
    return (_setting("GONGKAI_INTERACTION_SUBJECT_MIN", DEFAULT_SUBJECT_MIN),
            _setting("GONGKAI_INTERACTION_SUBJECT_MAX", DEFAULT_SUBJECT_MAX))


def text_max() -> int:
    return _setting("GONGKAI_INTERACTION_TEXT_MAX", DEFAULT_TEXT_MAX)


def attachment_max_bytes() -> int:
    return _setting("GONGKAI_INTERACTION_ATTACHMENT_KB", DEFAULT_ATTACHMENT_KB) * 1024


def reopen_days() -> int:
    return _setting("GONGKAI_INTERACTION_REOPEN_DAYS", 15)


def waiting_working_days() -> int:
    """How long a writer has to answer the agency's question before the message is closed
    (our choice; without it an unanswered question would keep the message open toward the
    three-month veto although the agency is waiting, not the writer)."""
    return _setting("GONGKAI_INTERACTION_WAITING_WORKING_DAYS", 10)


def reminder_working_days() -> int:
    return _setting("GONGKAI_INTERACTION_REMINDER_WORKING_DAYS", 1)


def agency_limits(agency_id: int) -> Any:
    from gongkai.interaction.models import AgencyLimits

    return AgencyLimits.objects.filter(agency_id=agency_id).first()


def answer_limit(*, agency_id: int, type: str, complex: bool = False, hotline: bool = False,
                 own: Any = None) -> Limit:
    """The answer limit of one message. ``own`` is the agency's ``AgencyLimits`` row (or
    None), passed in by callers that handle many messages."""
    own = own if own is not None else agency_limits(agency_id)
    if hotline:
        days = (own and own.hotline_days) or _setting("GONGKAI_INTERACTION_HOTLINE_WORKING_DAYS", 5)
        return Limit(days, WD, HOTLINE_CITATION, label="热线工单办理时限")
    if complex:
        days = (own and own.complex_days) or _setting(
            "GONGKAI_INTERACTION_COMPLEX_WORKING_DAYS", 10)
        return Limit(days, WD, MAILBOX_CITATION, label="复杂事项答复时限")
    per_type = getattr(own, f"{type}_days", None) if own else None
    days = per_type or _setting("GONGKAI_INTERACTION_ANSWER_WORKING_DAYS", 3)
    return Limit(days, WD, MAILBOX_CITATION, label="答复时限")


def due_for(limit: Limit, start_on: dt.date, *, clock: Clock | None = None) -> tuple[dt.date, bool]:
    """The due date of ``limit`` counted from ``start_on`` (not counted), and whether it is
    provisional (a year without a published holiday schedule)."""
    clock = clock or Clock()
    found = clock.deadline(limit, start_on)
    return found.due_on, found.provisional


def veto_date(received_on: dt.date) -> dt.date:
    """The day after which an unanswered valid message fails the site inspection."""
    return Clock().add(received_on, VETO.amount, VETO.unit).date


def reply_review_required(agency_id: int) -> bool:
    own = agency_limits(agency_id)
    return bool(own and own.reply_review)


def recalculate_after_calendar_change(change: Any, clock: Clock) -> int:
    """Deadline owner (``workdays.deadlines``): open messages whose period runs over a
    changed day get their due date recounted; each move is written in the history."""
    from django.db import transaction

    from gongkai.interaction.models import Message, MessageEvent
    from gongkai.interaction.workflow import OPEN_STATES

    queryset = Message.objects.filter(status__in=OPEN_STATES)
    if change.dates:
        queryset = queryset.filter(clock_start_on__lte=max(change.dates),
                                   due_on__gte=min(change.dates) - dt.timedelta(days=1))
    moved = 0
    for message in queryset.iterator():
        if message.external_id and message.limit_days == 0:
            continue
        limit = Limit(message.limit_days, WD, MAILBOX_CITATION)
        due, provisional = due_for(limit, message.clock_start_on, clock=clock)
        if (due, provisional) == (message.due_on, message.due_on_provisional):
            continue
        with transaction.atomic():
            Message.objects.filter(pk=message.pk).update(due_on=due, due_on_provisional=provisional)
            MessageEvent.objects.create(message=message, verb="due_recalculated",
                                        comment=change.describe(),
                                        details={"from": message.due_on.isoformat(),
                                                 "to": due.isoformat()})
        moved += 1
    return moved
