"""Attendance (列席) of decision meetings by stakeholders, business and citizen
representatives (国务院令第713号 第十六条: 决策事项涉及特定群体利益的, 应当与相关人民团体、
社会组织以及群众代表进行沟通协商; local rules on 列席): an announcement of seats, applications
with a reason, then selection — everyone when there are enough seats, otherwise a draw
anyone can repeat.

The draw is reproducible: each application's rank is the order of
``sha256(f"{seed}:{case_number}")`` (hex, ascending); the seed is entered by staff at the
draw (e.g. the winning number of a public lottery that day, so nobody knows it in
advance) and published with the ordered list of application numbers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.consultations.models import (
    ApplicationStatus,
    AttendanceApplication,
    AttendanceCall,
    AttendanceStatus,
    AttendeeCategory,
    Decision,
)
from gongkai.consultations.services import _may_edit, _user, today
from gongkai.core import intake
from gongkai.core.workflow import InvalidTransition

KIND = "consultations.attendance"
PREFIX = "LX"


class AttendanceClosed(InvalidTransition):
    def __init__(self, call: AttendanceCall):
        super().__init__("attendance closed")
        self.apply_until = call.apply_until

    @property
    def message(self) -> str:
        return f"列席报名已于{self.apply_until:%Y年%m月%d日}截止,报名未被保存。"


def draw_order(seed: str, case_numbers: list[str]) -> list[str]:
    """The published ordering: anyone can recompute it from the seed and the numbers."""
    return sorted(case_numbers,
                  key=lambda n: hashlib.sha256(f"{seed}:{n}".encode()).hexdigest())


def call_create(*, actor: Any, decision: Decision, meeting: str, meeting_on: dt.date,
                seats: int, apply_until: dt.date, announcement: str = "") -> AttendanceCall:
    _may_edit(actor, decision)
    errors: dict[str, list[str]] = {}
    if not (meeting or "").strip():
        errors["meeting"] = ["请填写会议名称。"]
    if not seats or seats < 1:
        errors["seats"] = ["列席名额至少1个。"]
    if apply_until < today():
        errors["apply_until"] = ["报名截止日期不能早于今天。"]
    if apply_until >= meeting_on:
        errors["apply_until"] = ["报名须在会议日期之前截止。"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        call = AttendanceCall.objects.create(decision=decision, meeting=meeting.strip()[:100],
                                             meeting_on=meeting_on, seats=seats,
                                             apply_until=apply_until,
                                             announcement=announcement.strip())
        audit_record(actor=actor, verb="consultations.attendance_call", obj=call,
                     agency=decision.agency_id, details={"seats": seats})
    return call


def apply(*, call: AttendanceCall, name: str, category: str, reason: str, contact: str,
          organisation: str = "", idempotency_key: str = "") -> tuple[AttendanceApplication, bool]:
    """A public application (no account); refused after the closing date."""
    data = {"name": (name or "").strip(), "category": category, "reason": (reason or "").strip(),
            "contact": (contact or "").strip(), "organisation": (organisation or "").strip()}
    key = intake.clean_key(idempotency_key)
    fingerprint = intake.fingerprint(data, sorted(data))
    existing = intake.replay_of(AttendanceApplication.objects.filter(call=call), key, fingerprint)
    if existing is not None:
        return existing, False
    if call.status != AttendanceStatus.OPEN or today() > call.apply_until:
        raise AttendanceClosed(call)
    errors: dict[str, list[str]] = {}
    if not data["name"] or len(data["name"]) > 50:
        errors["name"] = ["请填写姓名(不超过50字)。"]
    if category not in AttendeeCategory.values:
        errors["category"] = ["请选择报名类别。"]
    if not data["reason"] or len(data["reason"]) > 1000:
        errors["reason"] = ["请填写报名理由(不超过1000字)。"]
    if not data["contact"] or len(data["contact"]) > 100:
        errors["contact"] = ["请填写联系电话或电子邮箱。"]
    if len(data["organisation"]) > 100:
        errors["organisation"] = ["单位名称不超过100字。"]
    if errors:
        raise ValidationError(errors)
    agency_id = call.decision.agency_id
    with transaction.atomic():
        year = today().year
        item = AttendanceApplication(call=call, idempotency_key=key,
                                     submission_fingerprint=fingerprint,
                                     submitted_at=timezone.now(), **data)
        item.case_number = intake.case_number(PREFIX, year,
                                              intake.next_serial(agency_id, KIND, year))
        item.set_access_code(intake.code_for_submission(KIND, agency_id, key))
        item.save()
        audit_record(actor=None, verb="consultations.attendance_apply", obj=item,
                     agency=agency_id, details={"call": call.pk, "category": category})
    return item, True


def select(*, actor: Any, call: AttendanceCall, seed: str = "") -> AttendanceCall:
    """After the closing date: everyone when the seats suffice, otherwise the draw (a
    published seed is required)."""
    _may_edit(actor, call.decision)
    with transaction.atomic():
        call = AttendanceCall.objects.select_for_update().get(pk=call.pk)
        if call.status != AttendanceStatus.OPEN:
            raise InvalidTransition("already selected")
        if today() <= call.apply_until:
            raise ValidationError({"seed": [f"报名{call.apply_until:%Y年%m月%d日}截止后才能确定人员。"]})
        applications = list(call.applications.all())
        oversubscribed = len(applications) > call.seats
        seed = (seed or "").strip()
        if oversubscribed and not seed:
            raise ValidationError({"seed": ["报名人数超过名额,须输入公开的随机种子进行抽取。"]})
        order = draw_order(seed, [a.case_number for a in applications]) if oversubscribed \
            else [a.case_number for a in applications]
        rank = {number: i + 1 for i, number in enumerate(order)}
        for item in applications:
            item.draw_rank = rank[item.case_number] if oversubscribed else None
            item.status = (ApplicationStatus.SELECTED if rank[item.case_number] <= call.seats
                           else ApplicationStatus.NOT_SELECTED)
            item.save(update_fields=["draw_rank", "status"])
        call.status = AttendanceStatus.SELECTED
        call.seed = seed if oversubscribed else ""
        call.selected_at = timezone.now()
        call.save()
        audit_record(actor=actor, verb="consultations.attendance_select", obj=call,
                     agency=call.decision.agency_id,
                     details={"seed": call.seed, "order": order, "seats": call.seats})
    return call


def record(*, actor: Any, application: AttendanceApplication, attended: bool) -> AttendanceApplication:
    """After the meeting: who attended (shown as counts on the decision page)."""
    _may_edit(actor, application.call.decision)
    if application.status not in (ApplicationStatus.SELECTED, ApplicationStatus.ATTENDED,
                                  ApplicationStatus.ABSENT):
        raise InvalidTransition("not selected")
    with transaction.atomic():
        application.status = ApplicationStatus.ATTENDED if attended else ApplicationStatus.ABSENT
        application.save(update_fields=["status"])
        audit_record(actor=_user(actor), verb="consultations.attendance_record",
                     obj=application, agency=application.call.decision.agency_id,
                     details={"attended": attended})
    return application
