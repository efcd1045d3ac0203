"""Writes of social evaluation: keyword-only, policy first, one transaction, audited."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.models import Department, Role, User
from gongkai.core.policies import PermissionDeniedError
from gongkai.core.services import membership_grant, user_create
from gongkai.social_evaluation.models import (
    TRANSITIONS,
    Criterion,
    EvaluationRound,
    Evaluator,
    Rating,
    Remark,
    RoundStatus,
    Score,
)
from gongkai.social_evaluation.policies import SocialEvaluationPolicy


class InvalidTransition(Exception):
    """The round is not in a state that allows this step."""


class EvaluationInvalid(ValueError):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def _require_manage(actor: Any, agency: Any) -> None:
    if actor is not None and not SocialEvaluationPolicy.can_manage(actor, agency):
        raise PermissionDeniedError("social_evaluation.manage")


def round_create(*, actor: Any, agency: Any, title: str, year: int, period_start: dt.date,
                 period_end: dt.date, criteria: Iterable[str],
                 departments: Iterable[Department], description: str = "",
                 is_demo: bool = False) -> EvaluationRound:
    _require_manage(actor, agency)
    texts = [t.strip()[:200] for t in criteria if t and t.strip()]
    chosen = [d for d in departments if d.agency_id == agency.pk]
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = ["请填写名称。"]
    if period_end < period_start:
        errors["period_end"] = ["评议期间的结束日期不能早于开始日期。"]
    if not texts:
        errors["criteria"] = ["至少需要一项评议内容。"]
    if not chosen:
        errors["departments"] = ["至少选择一个被评议处室。"]
    if errors:
        raise EvaluationInvalid(errors)
    with transaction.atomic():
        rnd = EvaluationRound.objects.create(
            agency=agency, title=title.strip()[:200], year=year, period_start=period_start,
            period_end=period_end, description=description, is_demo=is_demo)
        rnd.departments.set(chosen)
        Criterion.objects.bulk_create(Criterion(round=rnd, text=t, position=i)
                                      for i, t in enumerate(texts))
        audit_record(actor=actor, verb="social_evaluation.create", obj=rnd, agency=agency)
    return rnd


def _move(actor: Any, rnd: EvaluationRound, target: str, stamp: str) -> EvaluationRound:
    _require_manage(actor, rnd.agency)
    with transaction.atomic():
        rnd = EvaluationRound.objects.select_for_update().get(pk=rnd.pk)
        if target not in TRANSITIONS[rnd.status]:
            raise InvalidTransition(f"{rnd.status} → {target}")
        rnd.status = target
        setattr(rnd, stamp, timezone.now())
        rnd.save(update_fields=["status", stamp])
        audit_record(actor=actor, verb=f"social_evaluation.{target}", obj=rnd,
                     agency=rnd.agency_id)
    return rnd


def round_open(*, actor: Any, round: EvaluationRound) -> EvaluationRound:
    return _move(actor, round, RoundStatus.OPEN, "opened_at")


def round_close(*, actor: Any, round: EvaluationRound) -> EvaluationRound:
    return _move(actor, round, RoundStatus.CLOSED, "closed_at")


def round_publish(*, actor: Any, round: EvaluationRound) -> EvaluationRound:
    """Publish the averages per department (never who gave which score, never comments)."""
    return _move(actor, round, RoundStatus.PUBLISHED, "published_at")


def evaluator_invite(*, actor: Any, round: EvaluationRound, username: str, name: str,
                     category: str, email: str = "") -> tuple[Evaluator, str]:
    """Invite a person: an existing account, or a new read-only one whose first password
    is returned once (the office hands it over). The account gets ``Role.EVALUATOR`` in
    the agency — never staff."""
    _require_manage(actor, round.agency)
    if round.status not in (RoundStatus.DRAFT, RoundStatus.OPEN):
        raise InvalidTransition("invite after closing")
    username = username.strip()
    if not username or not name.strip():
        raise EvaluationInvalid({"username": ["请填写账号和姓名（单位）。"]})
    password = ""
    with transaction.atomic():
        user = User.objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(9)
            user = user_create(actor=actor, username=username, password=password,
                               display_name=name.strip(), email=email, is_staff=False)
        membership_grant(actor=None, user=user, role=Role.EVALUATOR, agency=round.agency)
        evaluator, created = Evaluator.objects.get_or_create(
            round=round, user=user, defaults={"name": name.strip()[:100], "category": category})
        if created:
            audit_record(actor=actor, verb="social_evaluation.invite", obj=evaluator,
                         agency=round.agency_id, details={"category": category})
    return evaluator, password


def evaluation_submit(*, user: Any, round: EvaluationRound,
                      scores: Mapping[tuple[int, int], int],
                      remarks: Mapping[int, str] | None = None) -> Evaluator:
    """An evaluator's one submission: a grade for every (department, criterion) of the
    round, and an optional remark per department."""
    evaluator = Evaluator.objects.filter(round=round, user=user).first()
    if evaluator is None:
        raise PermissionDeniedError("social_evaluation.submit")
    round.refresh_from_db(fields=["status"])  # the state now, not the caller's copy
    if round.status != RoundStatus.OPEN:
        raise InvalidTransition("the round is not open")
    if evaluator.submitted_at is not None:
        raise InvalidTransition("already submitted")
    departments = list(round.departments.all())
    criteria = list(round.criteria.all())
    valid = set(Score.values)
    missing = [(d.pk, c.pk) for d in departments for c in criteria
               if scores.get((d.pk, c.pk)) not in valid]
    if missing:
        raise EvaluationInvalid({"scores": ["请对每个处室的每项内容作出评价。"]})
    with transaction.atomic():
        Rating.objects.bulk_create(
            Rating(evaluator=evaluator, department=d, criterion=c, score=scores[(d.pk, c.pk)])
            for d in departments for c in criteria)
        Remark.objects.bulk_create(
            Remark(evaluator=evaluator, department=d, text=text.strip()[:1000])
            for d in departments if (text := (remarks or {}).get(d.pk, "")).strip())
        evaluator.submitted_at = timezone.now()
        evaluator.save(update_fields=["submitted_at"])
        audit_record(actor=user, verb="social_evaluation.submit", obj=round,
                     agency=round.agency_id)
    return evaluator
