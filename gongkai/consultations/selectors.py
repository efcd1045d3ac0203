"""Reads of the consultations app: what the public may see, and the staff's queues."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from gongkai.consultations import limits
from gongkai.consultations.models import (
    Comment,
    Consultation,
    ConsultationStatus,
    Decision,
    DecisionStage,
    DraftVersion,
    Moderation,
)
from gongkai.consultations.policies import ConsultationPolicy
from gongkai.core import intake
from gongkai.workdays.clock import SHANGHAI

S = ConsultationStatus
PUBLIC_STATUSES = (S.OPEN, S.CLOSED, S.REPORTED)


def decisions_public(agency: Any, year: int | None = None) -> QuerySet[Decision]:
    rows = Decision.objects.filter(agency=agency).select_related("department").prefetch_related(
        Prefetch("stages", queryset=DecisionStage.objects.select_related("document")
                 .order_by("id")),
        Prefetch("consultations", queryset=Consultation.objects.filter(
            status__in=PUBLIC_STATUSES).order_by("id")))
    return rows.filter(year=year) if year else rows


def decision_years(agency: Any) -> list[int]:
    return sorted(set(Decision.objects.filter(agency=agency).values_list("year", flat=True)),
                  reverse=True)


def consultations_public(agency: Any = None, status: str = "") -> QuerySet[Consultation]:
    rows = Consultation.objects.filter(status__in=PUBLIC_STATUSES).select_related(
        "agency", "department", "decision")
    if agency is not None:
        rows = rows.filter(agency=agency)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-opens_on", "-id")


def consultation_public(agency: Any, pk: int) -> Consultation | None:
    return consultations_public(agency).filter(pk=pk).first()


def versions(consultation: Consultation) -> list[DraftVersion]:
    return list(consultation.versions.order_by("number"))


def public_comments(consultation: Consultation) -> QuerySet[Comment]:
    return Comment.objects.filter(consultation=consultation, moderation=Moderation.PUBLISHED
                                  ).order_by("id")


def answers_public(consultation: Consultation) -> bool:
    """Answers go out all at once, with the published report."""
    return consultation.status == S.REPORTED


def days_left(consultation: Consultation, now: dt.datetime | None = None) -> int | None:
    """Calendar days until the closing day, counted inclusive of today (0 after)."""
    if consultation.status != S.OPEN or consultation.closes_on is None:
        return None
    today = (now or timezone.now()).astimezone(SHANGHAI).date()
    return max(0, (consultation.closes_on - today).days + 1)


def is_taking_comments(consultation: Consultation, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return consultation.status == S.OPEN and (
        consultation.closes_on is None or now < limits.closing_moment(consultation.closes_on))


def comment_by_tracking_code(agency: Any, value: str) -> Comment | None:
    from gongkai.consultations.services import split_tracking_code

    number, code = split_tracking_code(value)
    return intake.find_case(Comment.objects.filter(consultation__agency=agency)
                            .select_related("consultation"), number, code)


# Staff ----------------------------------------------------------------------------------


def consultations_for_staff(user: Any) -> QuerySet[Consultation]:
    ids = ConsultationPolicy.agencies_editable(user)
    rows = Consultation.objects.select_related("agency").annotate(
        comment_count=Count("comments"),
        pending_count=Count("comments", filter=Q(comments__moderation=Moderation.PENDING)),
        unanswered_count=Count("comments", filter=Q(comments__moderation=Moderation.PUBLISHED,
                                                    comments__disposition="")))
    if ids is not None:
        rows = rows.filter(agency_id__in=ids)
    return rows.order_by("-id")


def consultation_for_staff(user: Any, pk: int) -> Consultation | None:
    ids = ConsultationPolicy.agencies_editable(user)
    rows = Consultation.objects.select_related("agency", "decision", "department")
    if ids is not None:
        rows = rows.filter(agency_id__in=ids)
    return rows.filter(pk=pk).first()


def decisions_for_staff(user: Any) -> QuerySet[Decision]:
    ids = ConsultationPolicy.agencies_editable(user)
    rows = Decision.objects.select_related("agency", "department").prefetch_related("stages")
    if ids is not None:
        rows = rows.filter(agency_id__in=ids)
    return rows


def staff_comments(consultation: Consultation, *, moderation: str = "", answered: str = "",
                   anchor: str = "") -> QuerySet[Comment]:
    rows = Comment.objects.filter(consultation=consultation).select_related("group")
    if moderation:
        rows = rows.filter(moderation=moderation)
    if answered == "no":
        rows = rows.filter(disposition="")
    elif answered == "yes":
        rows = rows.exclude(disposition="")
    if anchor:
        rows = rows.filter(anchor=anchor)
    return rows.order_by("id")


def dashboard_by_department(agency: Any) -> list[dict[str, Any]]:
    """The evaluation's figures per contact department (and the agency's total last)."""
    rows = Consultation.objects.filter(agency=agency, status__in=PUBLIC_STATUSES)
    names = {c.department_id: (c.department.name if c.department else "未指定处室")
             for c in rows.select_related("department")}
    result = [{"department": name, **dashboard(agency, department_id=pk)}
              for pk, name in sorted(names.items(), key=lambda kv: kv[1])]
    return [*result, {"department": "合计", **dashboard(agency)}]


def dashboard(agency: Any, department_id: Any = "all") -> dict[str, Any]:
    """Counts for the evaluation: consultations, comments, adoption rate, mean period."""
    rows = Consultation.objects.filter(agency=agency, status__in=PUBLIC_STATUSES)
    if department_id != "all":
        rows = rows.filter(department_id=department_id)
    comments = Comment.objects.filter(consultation__in=rows, moderation=Moderation.PUBLISHED)
    answered = comments.exclude(disposition="")
    adopted = answered.filter(disposition__in=["adopted", "partly"]).count()
    periods = [(c.closes_on - c.opens_on).days for c in rows if c.opens_on and c.closes_on]
    return {"consultations": rows.count(), "comments": comments.count(),
            "adoption_rate": round(100 * adopted / answered.count(), 1) if answered.count() else 0,
            "mean_period_days": round(sum(periods) / len(periods), 1) if periods else 0}


def followable(object_id: str) -> tuple[str, int] | None:
    """A consultation the public may follow (subscribe to): one whose page is public."""
    found = (Consultation.objects.filter(pk=int(object_id), status__in=PUBLIC_STATUSES)
             .values_list("title", "agency_id").first())
    return (found[0], found[1]) if found else None


def comments_submitted_by(user: Any) -> QuerySet[Comment]:
    """The person's own comments for the account page: those written while signed in to
    this account (never matched by e-mail address), newest first."""
    return (Comment.objects.filter(submitted_by=user)
            .select_related("consultation", "consultation__agency").order_by("-id"))


def comment_of_submitter(agency: Any, user: Any, case_number: str) -> Comment | None:
    """The comment numbered ``case_number`` if this signed-in account wrote it, else None
    (no hint whether the number exists): the account page's link opens it without the code."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (comments_submitted_by(user)
            .filter(consultation__agency=agency,
                    case_number=intake.normalise_case_number(case_number)).first())
