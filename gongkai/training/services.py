"""Writes of training: keyword-only, policy first, one transaction, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction

from gongkai.audit.services import audit_record
from gongkai.core.models import Membership
from gongkai.core.policies import NON_STAFF_ROLES, PermissionDeniedError
from gongkai.training.models import Attendance, Training
from gongkai.training.policies import TrainingPolicy


class TrainingInvalid(ValueError):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def _require(actor: Any, agency: Any) -> None:
    if actor is not None and not TrainingPolicy.can_manage(actor, agency):
        raise PermissionDeniedError("training.manage")


def training_create(*, actor: Any, agency: Any, topic: str, held_on: dt.date, trainer: str,
                    hours: Decimal | float = 2, place: str = "", materials: str = "",
                    is_demo: bool = False) -> Training:
    _require(actor, agency)
    errors = {}
    if not topic.strip():
        errors["topic"] = ["请填写主题。"]
    if not trainer.strip():
        errors["trainer"] = ["请填写授课人。"]
    if not 0 < Decimal(str(hours)) <= 99:
        errors["hours"] = ["学时应在0到99之间。"]
    if errors:
        raise TrainingInvalid(errors)
    with transaction.atomic():
        training = Training.objects.create(
            agency=agency, topic=topic.strip()[:200], held_on=held_on,
            trainer=trainer.strip()[:100], hours=Decimal(str(hours)), place=place[:200],
            materials=materials, is_demo=is_demo)
        audit_record(actor=actor, verb="training.create", obj=training, agency=agency)
    return training


def _department_of(user: Any, agency_id: int) -> Any:
    m = (Membership.objects.filter(user=user, agency_id=agency_id, department__isnull=False)
         .exclude(role__in=NON_STAFF_ROLES).select_related("department").first())
    return m.department if m else None


def attendance_set(*, actor: Any, training: Training, users: Iterable[Any]) -> int:
    """Make the attendance list exactly ``users`` (staff of the training's agency only);
    returns how many attended."""
    _require(actor, training.agency)
    staff_ids = set(Membership.objects.filter(agency_id=training.agency_id).exclude(
        role__in=NON_STAFF_ROLES).values_list("user_id", flat=True))
    wanted = {u.pk: u for u in users if u.pk in staff_ids}
    with transaction.atomic():
        training.attendances.exclude(user_id__in=wanted).delete()
        have = set(training.attendances.values_list("user_id", flat=True))
        Attendance.objects.bulk_create(
            Attendance(training=training, user=u,
                       department=_department_of(u, training.agency_id))
            for pk, u in wanted.items() if pk not in have)
        audit_record(actor=actor, verb="training.attendance", obj=training,
                     agency=training.agency_id, details={"attended": len(wanted)})
    return len(wanted)
