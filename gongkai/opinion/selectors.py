"""Reads: concern lists with their clocks, and the public timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from gongkai.opinion.models import Concern, ConcernDeadline, ConcernStep, Stage


def overdue_q(now: dt.datetime):
    return Exists(ConcernDeadline.objects.filter(concern=OuterRef("pk"), met_at__isnull=True,
                                                 due_at__lt=now))


def concerns(agency_ids: list[int] | None, *, status: str = "", overdue: bool | None = None,
             now: dt.datetime | None = None) -> QuerySet[Concern]:
    now = now or timezone.now()
    qs = Concern.objects.select_related("agency").prefetch_related(
        Prefetch("deadlines", queryset=ConcernDeadline.objects.order_by("due_at")))
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    if status in Stage.values:
        qs = qs.filter(status=status)
    if overdue is not None:
        qs = qs.annotate(is_overdue=overdue_q(now)).filter(is_overdue=overdue)
    return qs.order_by("-registered_at", "-pk")


@dataclass(frozen=True)
class Clock:
    """A deadline as a page shows it: time left (or overdue by) in hours and minutes."""

    deadline: ConcernDeadline
    now: dt.datetime

    @property
    def met(self) -> bool:
        return self.deadline.met_at is not None

    @property
    def overdue(self) -> bool:
        return not self.met and self.deadline.due_at < self.now

    @property
    def met_late(self) -> bool:
        return self.met and self.deadline.met_at > self.deadline.due_at  # type: ignore[operator]

    @property
    def minutes_left(self) -> int:
        return int((self.deadline.due_at - self.now).total_seconds() // 60)

    @property
    def text(self) -> str:
        if self.met:
            at = timezone.localtime(self.deadline.met_at).strftime("%Y-%m-%d %H:%M")
            return f"已于{at}完成" + ("（超时）" if self.met_late else "")
        minutes = abs(self.minutes_left)
        span = f"{minutes // 60}小时{minutes % 60}分钟"
        return f"已超时{span}" if self.overdue else f"剩余{span}"


def clocks(concern: Concern, now: dt.datetime | None = None) -> list[Clock]:
    now = now or timezone.now()
    return [Clock(d, now) for d in concern.deadlines.all()]


def public_concerns(agency_id: int) -> QuerySet[Concern]:
    return Concern.objects.filter(agency_id=agency_id, is_public=True).order_by("-registered_at")


def public_concern(agency_id: int, pk: int) -> Concern | None:
    return (Concern.objects.filter(agency_id=agency_id, is_public=True, pk=pk)
            .select_related("response_record").prefetch_related(
                Prefetch("steps", queryset=ConcernStep.objects.order_by("at", "pk")),
                "deadlines").first())


def staff_concern(pk: int) -> Concern | None:
    return (Concern.objects.select_related("agency", "response_record", "created_by")
            .prefetch_related(Prefetch("steps", queryset=ConcernStep.objects.select_related(
                "actor").order_by("at", "pk")), "deadlines").filter(pk=pk).first())
