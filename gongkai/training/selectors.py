"""Reads of training: lists, a person's record, and the coverage per department for the
evaluation dashboard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from gongkai.core.models import Department, Membership
from gongkai.core.policies import NON_STAFF_ROLES
from gongkai.training.models import Attendance, Training


def staff_trainings(*, agency_ids: list[int] | None) -> QuerySet[Training]:
    qs = Training.objects.select_related("agency")
    return qs if agency_ids is None else qs.filter(agency_id__in=agency_ids)


def agency_staff(agency_id: int) -> list[Any]:
    """The agency's staff (members who are not evaluators), by name."""
    from gongkai.core.models import User

    ids = Membership.objects.filter(agency_id=agency_id).exclude(
        role__in=NON_STAFF_ROLES).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("username"))


def training_record(user: Any, *, year: int | None = None) -> tuple[list[Attendance], Decimal]:
    """The trainings a person attended (in ``year`` if given) and their total hours."""
    qs = Attendance.objects.filter(user=user).select_related("training__agency").order_by(
        "-training__held_on")
    if year is not None:
        qs = qs.filter(training__held_on__year=year)
    rows = list(qs)
    return rows, sum((a.training.hours for a in rows), Decimal(0))


@dataclass(frozen=True)
class Coverage:
    department: str
    staff: int
    trained: int

    @property
    def percent(self) -> float:
        return round(100 * self.trained / self.staff, 1) if self.staff else 0.0


def coverage_by_department(agency: Any, start: dt.date, end: dt.date) -> list[Coverage]:
    """Per department of the agency: its staff today and how many of them attended at
    least one training held in [start, end]. Staff without a department are counted in a
    row of their own."""
    members = Membership.objects.filter(agency=agency).exclude(
        role__in=NON_STAFF_ROLES).filter(user__is_active=True)
    by_department: dict[int | None, set[int]] = {}
    for user_id, department_id in members.values_list("user_id", "department_id"):
        by_department.setdefault(department_id, set()).add(user_id)
    placed = set().union(*(ids for d, ids in by_department.items() if d is not None))
    if None in by_department:
        by_department[None] -= placed
    trained = set(Attendance.objects.filter(
        training__agency=agency, training__held_on__gte=start,
        training__held_on__lte=end).values_list("user_id", flat=True))
    names = dict(Department.objects.filter(agency=agency).values_list("pk", "name"))
    order = list(Department.objects.filter(agency=agency).order_by("sort_order", "id")
                 .values_list("pk", flat=True))
    rows = [Coverage(names[d], len(by_department[d]), len(by_department[d] & trained))
            for d in order if by_department.get(d)]
    if by_department.get(None):
        rows.append(Coverage("未分处室", len(by_department[None]),
                             len(by_department[None] & trained)))
    return rows


def evaluation_figures(agency: Any, start: dt.date, end: dt.date) -> list[tuple[str, Any]]:
    """The dashboard's rows: trainings held, then each department's coverage."""
    held = Training.objects.filter(agency=agency, held_on__gte=start, held_on__lte=end).count()
    if not held:
        return []
    rows: list[tuple[str, Any]] = [("培训场次", held)]
    rows += [(f"培训覆盖率：{c.department}", f"{c.percent}%（{c.trained}/{c.staff}）")
             for c in coverage_by_department(agency, start, end)]
    return rows
