"""Reads of social evaluation: rounds, an evaluator's rounds, the aggregation per
department, and the figures the evaluation dashboard shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, QuerySet

from gongkai.social_evaluation.models import (
    EvaluationRound,
    Evaluator,
    Rating,
    Remark,
    RoundStatus,
)


def staff_rounds(*, agency_ids: list[int] | None) -> QuerySet[EvaluationRound]:
    qs = EvaluationRound.objects.select_related("agency")
    return qs if agency_ids is None else qs.filter(agency_id__in=agency_ids)


def published_rounds(*, agency_id: int) -> QuerySet[EvaluationRound]:
    return EvaluationRound.objects.filter(agency_id=agency_id, status=RoundStatus.PUBLISHED)


def evaluator_rounds(user: Any) -> QuerySet[Evaluator]:
    """The invitations of this person (an evaluator sees only these rounds)."""
    return Evaluator.objects.filter(user=user).select_related("round__agency").order_by(
        "-round__year", "-round_id")


def evaluator_get(user: Any, round_id: int) -> Evaluator | None:
    return evaluator_rounds(user).filter(round_id=round_id).first()


@dataclass(frozen=True)
class DepartmentResult:
    department_id: int
    department: str
    score: float | None  # average of every grade, out of 100
    evaluators: int  # evaluators who graded the department
    remarks: int
    by_criterion: tuple[tuple[str, float | None], ...]


def department_results(rnd: EvaluationRound) -> list[DepartmentResult]:
    """Per department: the average grade (out of 100) over every evaluator and criterion,
    and per criterion; best first, ungraded departments last."""
    ratings = Rating.objects.filter(evaluator__round=rnd)
    overall = {r["department"]: r for r in ratings.values("department").annotate(
        avg=Avg("score"), n=Count("evaluator", distinct=True))}
    per = {(r["department"], r["criterion"]): r["avg"] for r in ratings.values(
        "department", "criterion").annotate(avg=Avg("score"))}
    remarks = {r["department"]: r["n"] for r in Remark.objects.filter(
        evaluator__round=rnd).values("department").annotate(n=Count("id"))}
    criteria = list(rnd.criteria.all())
    results = []
    for d in rnd.departments.order_by("sort_order", "id"):
        row = overall.get(d.pk)
        results.append(DepartmentResult(
            d.pk, d.name, round(row["avg"], 1) if row else None, row["n"] if row else 0,
            remarks.get(d.pk, 0),
            tuple((c.text, round(per[(d.pk, c.pk)], 1) if (d.pk, c.pk) in per else None)
                  for c in criteria)))
    return sorted(results, key=lambda r: (r.score is None, -(r.score or 0), r.department))


def remarks_of(rnd: EvaluationRound) -> QuerySet[Remark]:
    return Remark.objects.filter(evaluator__round=rnd).select_related(
        "department", "evaluator").order_by("department__sort_order", "department_id", "id")


def evaluation_figures(agency: Any, start: dt.date, end: dt.date) -> list[tuple[str, Any]]:
    """The evaluation dashboard's rows: each department's social-evaluation score in the
    closed or published rounds whose period ends within [start, end] (several rounds:
    the mean of their department averages)."""
    rounds = EvaluationRound.objects.filter(
        agency=agency, status__in=[RoundStatus.CLOSED, RoundStatus.PUBLISHED],
        period_end__gte=start, period_end__lte=end)
    scores: dict[str, list[float]] = {}
    answered = invited = 0
    for rnd in rounds:
        for r in department_results(rnd):
            if r.score is not None:
                scores.setdefault(r.department, []).append(r.score)
        invited += rnd.evaluators.count()
        answered += rnd.evaluators.filter(submitted_at__isnull=False).count()
    if not invited:
        return []
    rows: list[tuple[str, Any]] = [("社会评议：参评人数 / 邀请人数", f"{answered} / {invited}")]
    rows += [(f"社会评议得分：{name}", round(sum(v) / len(v), 1))
             for name, v in sorted(scores.items(), key=lambda kv: -sum(kv[1]) / len(kv[1]))]
    return rows
