"""Reads of participation: public lists, survey results counted in the database, the
open-day target of the year."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from gongkai.core import intake
from gongkai.participation import limits
from gongkai.participation.models import (
    Answer,
    Idea,
    IdeaStatus,
    OpenDay,
    PublicationStatus,
    Question,
    QuestionKind,
    Registration,
    RegistrationStatus,
    Solicitation,
    Survey,
)
from gongkai.participation.policies import ParticipationPolicy

PUBLIC_STATES = (PublicationStatus.PUBLISHED,)


def surveys_public(agency: Any) -> QuerySet[Survey]:
    return Survey.objects.filter(agency=agency, status=PublicationStatus.PUBLISHED)


def survey_public(agency: Any, number: int) -> Survey | None:
    return surveys_public(agency).filter(number=number).first()


def solicitations_public(agency: Any) -> QuerySet[Solicitation]:
    return Solicitation.objects.filter(agency=agency, status=PublicationStatus.PUBLISHED)


def solicitation_public(agency: Any, number: int) -> Solicitation | None:
    return solicitations_public(agency).filter(number=number).first()


def ideas_public(solicitation: Solicitation) -> QuerySet[Idea]:
    return solicitation.ideas.filter(status=IdeaStatus.ANSWERED).order_by("-answered_at", "-id")


def open_days_public(agency: Any | None = None) -> QuerySet[OpenDay]:
    queryset = OpenDay.objects.filter(status__in=(PublicationStatus.PUBLISHED,
                                                  PublicationStatus.WITHDRAWN),
                                      announced_at__isnull=False).select_related("agency")
    if agency is not None:
        queryset = queryset.filter(agency=agency)
    return queryset.annotate(confirmed=Count(
        "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)))


def open_day_public(agency: Any, number: int) -> OpenDay | None:
    return open_days_public(agency).filter(number=number).first()


def places_left(open_day: OpenDay) -> int:
    confirmed = getattr(open_day, "confirmed", None)
    if confirmed is None:
        confirmed = open_day.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    return max(open_day.capacity - confirmed, 0)


# Staff --------------------------------------------------------------------------------


def _scoped(queryset: QuerySet, user: Any) -> QuerySet:
    ids = ParticipationPolicy.agencies_managed(user)
    return queryset if ids is None else queryset.filter(agency_id__in=ids)


def surveys_for_staff(user: Any) -> QuerySet[Survey]:
    return _scoped(Survey.objects.select_related("agency"), user).annotate(
        response_count=Count("responses"))


def solicitations_for_staff(user: Any) -> QuerySet[Solicitation]:
    return _scoped(Solicitation.objects.select_related("agency"), user).annotate(
        idea_count=Count("ideas"),
        waiting=Count("ideas", filter=Q(ideas__status=IdeaStatus.RECEIVED)))


def open_days_for_staff(user: Any) -> QuerySet[OpenDay]:
    return _scoped(OpenDay.objects.select_related("agency"), user).annotate(
        confirmed=Count("registrations",
                        filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
        waitlisted=Count("registrations",
                         filter=Q(registrations__status=RegistrationStatus.WAITLISTED)),
        checked_in=Count("registrations", filter=Q(registrations__checked_in_at__isnull=False)))


def ideas_waiting(agency_ids: list[int] | None) -> QuerySet[Idea]:
    """Ideas not yet answered, oldest first: what another app (the staff inbox of
    ``interaction``) may list as a queue; ``agency_ids`` None = all agencies."""
    queryset = Idea.objects.filter(status=IdeaStatus.RECEIVED).select_related("solicitation")
    if agency_ids is not None:
        queryset = queryset.filter(agency_id__in=agency_ids)
    return queryset.order_by("submitted_at", "id")


def registrations_of(open_day: OpenDay) -> QuerySet[Registration]:
    return open_day.registrations.order_by("status", "created_at", "id")


# Results ------------------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    count: int
    share: float  # 0..100 of the people who answered the question


@dataclass
class QuestionResult:
    question: Question
    answered: int
    bars: list[Bar] = field(default_factory=list)
    # Matrix: one list of bars per row label.
    matrix: list[tuple[str, list[Bar]]] = field(default_factory=list)
    mean: float | None = None


def _bars(labels: list[str], counts: dict[int, int], base: int, keys: list[int]) -> list[Bar]:
    return [Bar(label, counts.get(key, 0), round(100 * counts.get(key, 0) / base, 1) if base else 0.0)
            for label, key in zip(labels, keys, strict=True)]


def survey_results(survey: Survey, *, public_only: bool = False) -> list[QuestionResult]:
    """Counts per question, row and option in two GROUP BY queries (plus one for scale
    means), whatever the number of responses."""
    questions = list(survey.questions.all())
    if public_only:
        questions = [q for q in questions if q.result_public]
    ids = [q.pk for q in questions]
    answers = Answer.objects.filter(question_id__in=ids)
    counts: dict[int, dict[tuple[int | None, int | None], int]] = defaultdict(dict)
    for row in answers.exclude(option__isnull=True).values("question_id", "row", "option").annotate(
            n=Count("id")).order_by():
        counts[row["question_id"]][(row["row"], row["option"])] = row["n"]
    answered = {row["question_id"]: row["n"] for row in answers.values("question_id").annotate(
        n=Count("response_id", distinct=True)).order_by()}
    scale_ids = [q.pk for q in questions if q.kind == QuestionKind.SCALE]
    means = {row["question_id"]: row["m"] for row in Answer.objects.filter(
        question_id__in=scale_ids).values("question_id").annotate(m=Avg("option")).order_by()}
    results = []
    for q in questions:
        base = answered.get(q.pk, 0)
        result = QuestionResult(q, base)
        per = counts.get(q.pk, {})
        if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            result.bars = _bars(q.options, {o: n for (_r, o), n in per.items() if o is not None},
                                base, list(range(len(q.options))))
        elif q.kind == QuestionKind.SCALE:
            values = q.scale_values
            result.bars = _bars([str(v) for v in values],
                                {o: n for (_r, o), n in per.items() if o is not None}, base, values)
            mean = means.get(q.pk)
            result.mean = round(float(mean), 2) if mean is not None else None
        elif q.kind == QuestionKind.MATRIX:
            for r, label in enumerate(q.rows):
                row_counts = {o: n for (rr, o), n in per.items() if rr == r and o is not None}
                row_base = sum(row_counts.values())
                result.matrix.append((label, _bars(q.options, row_counts, row_base,
                                                   list(range(len(q.options))))))
        results.append(result)
    return results


def response_count(survey: Survey) -> int:
    return survey.responses.count()


# The yearly open-day target -----------------------------------------------------------


@dataclass
class OpenDayTarget:
    agency: Any
    year: int
    held: int
    scheduled: int
    target: int
    warn: bool

    @property
    def behind(self) -> bool:
        return self.held + self.scheduled < self.target


def open_day_targets(user: Any, *, today: dt.date | None = None) -> list[OpenDayTarget]:
    """Per agency the user manages: open days held and announced this year against the
    target; ``warn`` from the warning month (September) when held + announced fall short."""
    from gongkai.core.models import Agency

    today = today or timezone.localdate()
    agencies = _scoped_agencies(user, Agency.objects.filter(is_active=True))
    start = timezone.make_aware(dt.datetime(today.year, 1, 1))
    end = timezone.make_aware(dt.datetime(today.year + 1, 1, 1))
    now = timezone.now()
    rows = OpenDay.objects.filter(status=PublicationStatus.PUBLISHED, starts_at__gte=start,
                                  starts_at__lt=end).values("agency_id").annotate(
        held=Count("id", filter=Q(starts_at__lte=now)),
        scheduled=Count("id", filter=Q(starts_at__gt=now))).order_by()
    by_agency = {r["agency_id"]: r for r in rows}
    target = limits.open_days_target()
    out = []
    for agency in agencies:
        r = by_agency.get(agency.pk, {"held": 0, "scheduled": 0})
        behind = r["held"] + r["scheduled"] < target
        out.append(OpenDayTarget(agency, today.year, r["held"], r["scheduled"], target,
                                 behind and today.month >= limits.target_warn_month()))
    return out


def _scoped_agencies(user: Any, queryset: QuerySet) -> QuerySet:
    ids = ParticipationPolicy.agencies_managed(user)
    return queryset if ids is None else queryset.filter(pk__in=ids)


def ideas_submitted_by(user: Any) -> QuerySet[Idea]:
    """The person's own ideas for the account page: those sent while signed in to this
    account (never matched by e-mail address), newest first."""
    return (Idea.objects.filter(submitted_by=user)
            .select_related("agency", "solicitation").order_by("-id"))


def idea_of_submitter(agency: Any, user: Any, case_number: str) -> Idea | None:
    """The idea numbered ``case_number`` if this signed-in account sent it, else None (no
    hint whether the number exists): the account page's link opens it without the code."""
    if not getattr(user, "is_authenticated", False):
        return None
    return ideas_submitted_by(user).filter(
        agency=agency, case_number=intake.normalise_case_number(case_number)).first()
