"""Reads: the public list of published replies, the staff queue and the yearly summary
of handling figures. Public reads show only replies that went through publication."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from gongkai.proposals.models import (
    Outcome,
    Proposal,
    ProposalKind,
    ProposalReply,
    ProposalStatus,
    Satisfaction,
)
from gongkai.proposals.workflow import OPEN_STATES


def published_replies(*, agency_id: int, year: int | None = None) -> QuerySet[ProposalReply]:
    qs = (ProposalReply.objects.filter(proposal__agency_id=agency_id, published_on__isnull=False)
          .select_related("proposal", "proposal__lead_department")
          .order_by("-published_on", "-pk"))
    if year is not None:
        qs = qs.filter(proposal__year=year)
    return qs


def published_reply_get(*, agency_id: int, pk: int) -> ProposalReply | None:
    return published_replies(agency_id=agency_id).filter(pk=pk).first()


def public_proposals(*, agency_id: int | None = None, year: int | None = None) -> QuerySet[Proposal]:
    """Proposals with at least one published reply (the API's public list)."""
    published = ProposalReply.objects.filter(published_on__isnull=False).order_by("round")
    has_published = ProposalReply.objects.filter(proposal=OuterRef("pk"),
                                                 published_on__isnull=False)
    qs = (Proposal.objects.filter(Exists(has_published))
          .select_related("agency", "lead_department")
          .prefetch_related(Prefetch("replies", queryset=published, to_attr="public_replies"))
          .order_by("-year", "serial"))
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    if year is not None:
        qs = qs.filter(year=year)
    return qs


def years_published(*, agency_id: int) -> list[int]:
    return sorted(set(ProposalReply.objects.filter(proposal__agency_id=agency_id,
                                                   published_on__isnull=False)
                      .values_list("proposal__year", flat=True)), reverse=True)


def staff_queue(*, agency_ids: list[int] | None, status: str = "",
                year: int | None = None) -> QuerySet[Proposal]:
    qs = Proposal.objects.select_related("agency", "lead_department").order_by("due_on", "pk")
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    if status == "open":
        qs = qs.filter(status__in=[*OPEN_STATES, ProposalStatus.REGISTERED,
                                   ProposalStatus.DISSATISFIED])
    elif status in ProposalStatus.values:
        qs = qs.filter(status=status)
    if year is not None:
        qs = qs.filter(year=year)
    return qs


def proposal_get(*, agency_ids: list[int] | None, pk: int) -> Proposal | None:
    return staff_queue(agency_ids=agency_ids).filter(pk=pk).first()


def proposal_by_reference(*, agency_id: int, year: int, serial: int) -> Proposal | None:
    return (Proposal.objects.select_related("agency", "lead_department")
            .filter(agency_id=agency_id, year=year, serial=serial).first())


def is_overdue(proposal: Proposal, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return proposal.status in OPEN_STATES and proposal.due_on is not None and proposal.due_on < today


@dataclass
class YearSummary:
    """The handling figures of one year (by registration year)."""

    year: int
    total: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    by_outcome: dict[str, int] = field(default_factory=dict)
    by_satisfaction: dict[str, int] = field(default_factory=dict)
    replied: int = 0
    replied_on_time: int = 0
    replied_late: int = 0
    open_overdue: int = 0
    published: int = 0
    published_on_time: int = 0
    published_late: int = 0
    redo: int = 0

    def rows(self, mapping: dict[str, int], choices: Any) -> list[tuple[str, str, int]]:
        return [(value, label, mapping.get(value, 0)) for value, label in choices.choices]

    def as_dict(self) -> dict[str, Any]:
        return {"year": self.year, "total": self.total, "by_kind": self.by_kind,
                "by_status": self.by_status, "by_outcome": self.by_outcome,
                "by_satisfaction": self.by_satisfaction, "replied": self.replied,
                "replied_on_time": self.replied_on_time, "replied_late": self.replied_late,
                "open_overdue": self.open_overdue, "published": self.published,
                "published_on_time": self.published_on_time,
                "published_late": self.published_late, "redo": self.redo}


def yearly_summary(*, agency_id: int, year: int, today: dt.date | None = None) -> YearSummary:
    """Counts by kind and state; outcome and satisfaction of each case's last answer;
    answers on time (replied on or before the due date in force for that round) and late;
    open cases past their due date; replies published on time and late. Two queries."""
    today = today or timezone.localdate()
    summary = YearSummary(year=year)
    proposals = list(Proposal.objects.filter(agency_id=agency_id, year=year)
                     .values_list("pk", "kind", "status", "due_on"))
    summary.total = len(proposals)
    summary.by_kind = dict(Counter(kind for _pk, kind, _s, _d in proposals))
    summary.by_status = dict(Counter(status for _pk, _k, status, _d in proposals))
    summary.open_overdue = sum(1 for _pk, _k, status, due in proposals
                               if status in OPEN_STATES and due is not None and due < today)
    last: dict[int, tuple[str, str]] = {}
    for (proposal_id, round_, due_on, replied_on, outcome, satisfaction, published_on,
         publish_by) in (ProposalReply.objects.filter(proposal__agency_id=agency_id,
                                                      proposal__year=year)
                         .order_by("proposal_id", "round")
                         .values_list("proposal_id", "round", "due_on", "replied_on", "outcome",
                                      "satisfaction", "published_on", "publish_by")):
        summary.replied += 1
        if replied_on <= due_on:
            summary.replied_on_time += 1
        else:
            summary.replied_late += 1
        if round_ > 1:
            summary.redo += 1
        if published_on is not None:
            summary.published += 1
            if published_on <= publish_by:
                summary.published_on_time += 1
            else:
                summary.published_late += 1
        last[proposal_id] = (outcome, satisfaction)
    summary.by_outcome = dict(Counter(outcome for outcome, _s in last.values()))
    summary.by_satisfaction = dict(Counter(s for _o, s in last.values() if s))
    return summary


KIND_CHOICES, OUTCOME_CHOICES, SATISFACTION_CHOICES = ProposalKind, Outcome, Satisfaction
