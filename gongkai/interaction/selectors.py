"""Reads: the staff inbox and its queues, the public list of published exchanges, figures.

The inbox stays fast at hundreds of thousands of messages (issue 19; figures in
docs/interaction.md) because every queue page is an index walk, never a sort or a scan:

- the open queues read the partial index ``msg_open_agency_due`` (agency, due_on, id,
  status, assignee) over open messages only, in the order the page shows; "mine" reads
  ``msg_open_assignee_due`` (assignee, agency, due_on); the answered pile reads
  ``msg_done_agency_answered`` backwards;
- every open queue's count comes from one aggregate over that same covering index (the
  open messages of the agency, a small and bounded share of all);
- the answered pile and filtered lists are counted only up to ``COUNT_CAP`` ("2000+"),
  and pages stop there (bounded pagination: narrow with a filter to go further).

A partial index serves a query only when the query carries the index's condition word for
word (SQLite compares the terms), so the state conditions are shared by
the index definitions (models) and in every filter here (``models.IS_OPEN``: ORed
equalities, which SQLite matches against bound parameters where it would not match an
``IN`` list), in a fixed order: never ``list(frozenset)``, whose order changes from
process to process.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property

from gongkai.interaction import limits
from gongkai.interaction.models import (
    IS_DONE,
    IS_OPEN,
    OPEN_STATUSES,
    Channel,
    Message,
    MessageStatus,
    Publication,
)
from gongkai.interaction.policies import InteractionPolicy
from gongkai.interaction.workflow import RUNNING_STATES
from gongkai.workdays.calendar import add_working_days

QUEUES = (
    ("new", "新来信"),
    ("mine", "我的"),
    ("due_soon", "即将到期"),
    ("overdue", "已逾期"),
    ("waiting", "待来信人补充"),
    ("review", "待审核"),
    ("open", "全部在办"),
    ("done", "已答复"),
)
QUEUE_KEYS = tuple(key for key, _label in QUEUES)
UNCOUNTED = ("done",)
PER_PAGE = 50
COUNT_CAP = 2000  # rows a list counts and pages through; beyond, a filter narrows it
RUNNING = tuple(sorted(RUNNING_STATES))
LIST_FIELDS = ("agency_id", "channel", "case_number", "external_id", "type", "complex", "subject",
               "received_at", "due_on", "status", "answered_at", "department__name",
               "assignee__username")


def visible(user: Any) -> QuerySet[Message]:
    ids = InteractionPolicy.agencies_handled(user)
    queryset = Message.objects.all()
    return queryset if ids is None else queryset.filter(agency_id__in=ids)


def _soon(today: dt.date) -> dt.date:
    return add_working_days(today, max(limits.reminder_working_days(), 1)).date


def _narrowing(user: Any, today: dt.date) -> dict[str, Q]:
    """What sets each open queue apart among the open messages ("open" itself: nothing)."""
    return {
        "new": Q(status=MessageStatus.RECEIVED),
        "mine": Q(assignee_id=getattr(user, "pk", None)),
        "due_soon": Q(status__in=RUNNING, due_on__gte=today, due_on__lte=_soon(today)),
        "overdue": Q(status__in=RUNNING, due_on__lt=today),
        "waiting": Q(status=MessageStatus.WAITING),
        "review": Q(status=MessageStatus.REVIEWING),
        "open": Q(),
    }


def queue_filters(user: Any, today: dt.date) -> dict[str, Q]:
    # Every open queue carries ``IS_OPEN`` (the partial indexes' condition), even where a
    # narrower state test follows, so the planner may use those indexes.
    filters = {key: IS_OPEN & narrow for key, narrow in _narrowing(user, today).items()}
    return {**filters, "done": IS_DONE}


def inbox(user: Any, queue: str, *, channel: str = "", q: str = "",
          agency_id: int | None = None, today: dt.date | None = None) -> QuerySet[Message]:
    today = today or timezone.localdate()
    queryset = visible(user).filter(queue_filters(user, today)[queue])
    if agency_id:
        queryset = queryset.filter(agency_id=agency_id)
    if channel in Channel.values:
        queryset = queryset.filter(channel=channel)
    q = (q or "").strip()
    if q:
        queryset = queryset.filter(Q(case_number__iexact=q) | Q(external_id=q) | Q(subject__icontains=q))
    order = ("due_on", "id") if queue not in ("done",) else ("-answered_at", "-id")
    # The list's own columns only: a message's text, reply and drafts stay in the table.
    return (queryset.select_related("department", "assignee").only(*LIST_FIELDS)
            .order_by(*order))


def queue_counts(user: Any, *, agency_id: int | None = None,
                 today: dt.date | None = None) -> dict[str, int | None]:
    """Every open queue's count in one query (None for the answered pile)."""
    today = today or timezone.localdate()
    queryset = visible(user)
    if agency_id:
        queryset = queryset.filter(agency_id=agency_id)
    # Counted in one pass over the open messages only (the covering partial index of open
    # messages), each queue by what sets it apart (the open condition is in the WHERE once,
    # not repeated per queue); the answered pile grows without end and is counted, up to
    # the cap, on its own page.
    counts: dict[str, int | None] = dict(queryset.filter(IS_OPEN).aggregate(
        **{key: Count("id", filter=narrow) if narrow else Count("id")
           for key, narrow in _narrowing(user, today).items()}))
    counts.update(dict.fromkeys(UNCOUNTED))
    return counts


class InboxPaginator(Paginator):
    """Pages of a queue with a bounded count: the exact total when the caller already has
    it (the tab counts), else a count that stops at ``COUNT_CAP`` + 1 rows; pages stop at
    the cap, so a deep page is never an OFFSET of a hundred thousand rows."""

    def __init__(self, object_list: QuerySet[Message], *, known_count: int | None = None):
        super().__init__(object_list, PER_PAGE)
        self.known_count = known_count

    @cached_property
    def total(self) -> int:
        if self.known_count is not None:
            return self.known_count
        rows = self.object_list.order_by().values("pk")  # type: ignore[attr-defined]
        return rows[:COUNT_CAP + 1].count()

    @property
    def capped(self) -> bool:
        """More rows than the pages reach; ``total`` is exact only when known."""
        return self.total > COUNT_CAP

    @property
    def total_exact(self) -> bool:
        return self.known_count is not None or not self.capped

    @cached_property
    def count(self) -> int:
        return min(self.total, COUNT_CAP)


def inbox_page(user: Any, queue: str, page: Any, *, counts: dict[str, int | None],
               channel: str = "", q: str = "", agency_id: int | None = None) -> Any:
    """The page of a queue the inbox shows: its rows (one query, department and assignee
    joined, the list's columns only) and a paginator that reuses the tab's count when nothing narrows it."""
    queryset = inbox(user, queue, channel=channel, q=q, agency_id=agency_id)
    narrowed = channel in Channel.values or bool((q or "").strip())
    known = None if narrowed else counts.get(queue)
    return InboxPaginator(queryset, known_count=known).get_page(page)


def message_for_staff(user: Any, pk: int) -> Message | None:
    return visible(user).select_related("agency", "department", "assignee", "drafted_by",
                                        "replied_by").filter(pk=pk).first()


# Public ----------------------------------------------------------------------------------


def submitted_by(user: Any) -> QuerySet[Message]:
    """The person's own messages for the account page: those written while signed in to
    this account (never matched by e-mail address), newest first."""
    return (Message.objects.filter(submitted_by=user).select_related("agency")
            .order_by("-received_at", "-id"))


def published(agency: Any) -> QuerySet[Message]:
    return (Message.objects.filter(agency=agency, publication=Publication.APPROVED)
            .order_by("-published_at", "-id"))


@dataclass(frozen=True)
class Timeliness:
    answered: int
    in_time: int
    unanswered: int
    over_veto: int

    @property
    def share(self) -> float | None:
        return None if not self.answered else self.in_time / self.answered

    @property
    def percent(self) -> str:
        return "—" if self.share is None else f"{self.share * 100:.1f}%"


def timeliness(agency: Any, *, since: dt.date | None = None, today: dt.date | None = None,
               until: dt.date | None = None) -> Timeliness:
    """Answered messages and the share answered within their limit; open valid messages
    and those past the inspection's three-month veto (国办秘函〔2019〕19号)."""
    today = today or timezone.localdate()
    queryset = Message.objects.filter(agency=agency)
    if since:
        queryset = queryset.filter(received_at__date__gte=since)
    if until:  # received by then (the evaluation's period)
        queryset = queryset.filter(received_at__date__lte=until)
    veto_cutoff = _months_before(today, limits.VETO.amount)
    figures = queryset.aggregate(
        answered=Count("id", filter=Q(answered_at__isnull=False)),
        in_time=Count("id", filter=Q(answered_in_time=True)),
        unanswered=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        over_veto=Count("id", filter=Q(status__in=OPEN_STATUSES,
                                       received_at__date__lt=veto_cutoff)))
    return Timeliness(**figures)


def _months_before(day: dt.date, months: int) -> dt.date:
    from gongkai.workdays.clock import add_months

    return add_months(day, -months)


def figures(user: Any, *, year: int | None = None) -> list[dict[str, Any]]:
    """Per agency, channel and department: received, answered, in time, open, overdue,
    ratings. For the evaluation dashboard and the annual report's narrative."""
    today = timezone.localdate()
    queryset = visible(user)
    if year:
        queryset = queryset.filter(received_at__year=year)
    rows = (queryset.values("agency__short_name", "channel", "department__name")
            .annotate(received=Count("id"),
                      answered=Count("id", filter=Q(answered_at__isnull=False)),
                      in_time=Count("id", filter=Q(answered_in_time=True)),
                      open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
                      overdue=Count("id", filter=Q(status__in=RUNNING,
                                                   due_on__lt=today)),
                      satisfied=Count("id", filter=Q(rating="satisfied")),
                      mostly=Count("id", filter=Q(rating="mostly")),
                      dissatisfied=Count("id", filter=Q(rating="dissatisfied")))
            .order_by("agency__short_name", "channel", "department__name"))
    out = []
    labels = dict(Channel.choices)
    for row in rows:
        row["channel_label"] = labels.get(row["channel"], row["channel"])
        row["share"] = f"{row['in_time'] / row['answered'] * 100:.1f}%" if row["answered"] else "—"
        out.append(row)
    return out


def year_summary(user: Any, year: int) -> str:
    """One paragraph for the annual report's narrative (政民互动): what came in by channel,
    what was answered and in time, and how writers rated the answers."""
    rows = figures(user, year=year)
    if not rows:
        return f"{year}年未收到来信和热线工单。"
    by_channel: dict[str, int] = {}
    for row in rows:
        by_channel[row["channel_label"]] = by_channel.get(row["channel_label"], 0) + row["received"]
    received = sum(by_channel.values())
    answered = sum(r["answered"] for r in rows)
    in_time = sum(r["in_time"] for r in rows)
    rated = sum(r["satisfied"] + r["mostly"] + r["dissatisfied"] for r in rows)
    pleased = sum(r["satisfied"] + r["mostly"] for r in rows)
    parts = "、".join(f"{label}{count}件" for label, count in by_channel.items())
    text = f"{year}年共收到来信和热线工单{received}件（{parts}），已答复{answered}件"
    if answered:
        text += f"，其中按期答复{in_time}件，按期答复率{in_time / answered * 100:.1f}%"
    if rated:
        text += f"；来信人评价{rated}件，满意和基本满意{pleased}件，占{pleased / rated * 100:.1f}%"
    return text + "。"
