"""Reading applications. Staff reads are scoped to the user's agencies through
``ApplicationPolicy``; the one public read (the status page) goes through
``application_for_applicant`` and ``public_status``, which expose no personal data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.applications import identity, reply_types, timelimits
from gongkai.applications.models import (
    Application,
    ApplicationStatus,
    ConversionProposal,
    ConversionStatus,
    Notice,
)
from gongkai.applications.policies import ApplicationPolicy
from gongkai.applications.workflow import OPEN_STATES, WAITING_FOR_APPLICANT, WAITING_FOR_THIRD_PARTY
from gongkai.core import intake
from gongkai.workdays.calendar import add_working_days

QUEUES = ("new", "mine", "due_soon", "overdue", "awaiting_reply_review", "waiting_applicant",
          "waiting_third_party", "open", "closed", "all")
QUEUE_LABELS = {
    "new": "新收待分办", "mine": "我经办的", "due_soon": "5个工作日内到期", "overdue": "已逾期",
    "awaiting_reply_review": "待审核",
    "waiting_applicant": "等待申请人", "waiting_third_party": "等待第三方", "open": "全部办理中",
    "closed": "已办结", "all": "全部",
}
DUE_SOON_WORKING_DAYS = 5
# Cases whose clock is running (the applicant or a third party does not hold the ball);
# a draft reply under 审核 is the office's own time.
RUNNING_STATES = frozenset({ApplicationStatus.RECEIVED, ApplicationStatus.IN_PROGRESS,
                            ApplicationStatus.AWAITING_REPLY_REVIEW})


def visible_applications(user: Any) -> QuerySet[Application]:
    """Every application the user may see as staff (none for the public)."""
    ids = ApplicationPolicy.agencies_visible(user)
    qs = Application.objects.all()
    return qs if ids is None else qs.filter(agency_id__in=ids)


def due_soon_cutoff(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return add_working_days(today, DUE_SOON_WORKING_DAYS).date


def staff_queue(user: Any, queue: str = "open", *, agency_id: int | None = None,
                today: dt.date | None = None, q: str = "",
                department_id: int | None = None) -> QuerySet[Application]:
    """One of ``QUEUES``, soonest due first, scoped to the user's agencies. ``q`` matches a
    case number exactly or the description. Rows carry no unmasked ID (use ``row_masks``)."""
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue!r}")
    today = today or timezone.localdate()
    qs = visible_applications(user).select_related("agency", "department", "assignee")
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    if queue == "new":
        qs = qs.filter(status=ApplicationStatus.RECEIVED)
    elif queue == "mine":
        qs = qs.filter(assignee=user, status__in=OPEN_STATES)
    elif queue == "due_soon":
        qs = qs.filter(status__in=RUNNING_STATES, due_on__gte=today,
                       due_on__lte=due_soon_cutoff(today))
    elif queue == "overdue":
        qs = qs.filter(status__in=RUNNING_STATES, due_on__lt=today)
    elif queue == "awaiting_reply_review":
        qs = qs.filter(status=ApplicationStatus.AWAITING_REPLY_REVIEW)
    elif queue == "waiting_applicant":
        qs = qs.filter(status__in=WAITING_FOR_APPLICANT)
    elif queue == "waiting_third_party":
        qs = qs.filter(status__in=WAITING_FOR_THIRD_PARTY)
    elif queue == "open":
        qs = qs.filter(status__in=OPEN_STATES)
    elif queue == "closed":
        qs = qs.exclude(status__in=OPEN_STATES)
    if q:
        q = q.strip()
        qs = qs.filter(Q(case_number=q.upper()) | Q(description__icontains=q))
    order = ["due_on", "id"] if queue not in ("closed", "all") else ["-received_on", "-id"]
    return qs.order_by(*order)


def queue_counts(user: Any, *, agency_id: int | None = None,
                 today: dt.date | None = None) -> dict[str, int]:
    return {name: staff_queue(user, name, agency_id=agency_id, today=today).count()
            for name in QUEUES if name not in ("all", "closed")}


@dataclass(frozen=True)
class MaskedApplicant:
    name: str
    id_number: str
    phone: str


def masked_applicant(application: Application) -> MaskedApplicant:
    """What lists show of the applicant (the full data only on the case page)."""
    if application.applicant_type == "organisation":
        name = application.applicant_name
        number = identity.mask_id(application.credit_code) if application.credit_code else ""
    else:
        name = identity.mask_name(application.applicant_name)
        number = identity.mask_id(application.id_number) if application.id_number else ""
    return MaskedApplicant(name, number, identity.mask_phone(application.phone))


def with_days_left(applications: list[Application],
                   today: dt.date | None = None) -> list[tuple[Application, int]]:
    """Pairs (case, working days left) for a page of a queue, one calendar snapshot."""
    lefts = timelimits.working_days_left_many([a.due_on for a in applications], today)
    return list(zip(applications, lefts, strict=True))


def application_get(user: Any, pk: int) -> Application | None:
    """A case for its staff page, or None when the user's agencies do not hold it."""
    return (visible_applications(user)
            .select_related("agency", "department", "assignee", "requested_record")
            .filter(pk=pk).first())


def application_by_case_number(user: Any, case_number: str,
                               agency_id: int | None = None) -> Application | None:
    qs = visible_applications(user).filter(case_number=case_number.strip().upper())
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    return qs.select_related("agency").first()


def cases_for_applicant(agency_id: int | None = None) -> QuerySet[Application]:
    """The cases an applicant may open with a code (anonymised ones are gone)."""
    qs = Application.objects.filter(anonymised_at__isnull=True).select_related("agency")
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    return qs


def cases_submitted_by(user: Any) -> QuerySet[Application]:
    """The person's own applications for the account page: those submitted while signed
    in to this account (never matched by e-mail address), newest first."""
    return (cases_for_applicant().filter(submitted_by=user)
            .order_by("-received_on", "-id"))


def application_for_applicant(case_number: str, access_code: str,
                              agency_id: int | None = None) -> Application | None:
    """The case if the code matches, else None, with no hint whether the case exists
    (the kit's status-page look-up, ``intake.find_case``)."""
    return intake.find_case(cases_for_applicant(agency_id), case_number, access_code)


@dataclass
class PublicStatus:
    """What the applicant sees on the status page: no personal data beyond the case."""

    case_number: str
    agency_name: str
    status: str
    status_label: str
    step: str
    received_on: dt.date
    due_on: dt.date | None
    due_on_provisional: bool
    clock: list[dict[str, Any]]
    working_days_elapsed: int
    working_days_left: int
    reply_type: str
    reply_type_label: str
    replied_on: dt.date | None
    can_withdraw: bool
    can_correct: bool
    correction_request: str
    correction_reply_by: dt.date | None
    fee_amount: str | None
    fee_pay_by: dt.date | None
    notices: list[Notice] = field(default_factory=list)


STEP_LABELS = {
    ApplicationStatus.RECEIVED: "已收到申请,等待分办",
    ApplicationStatus.IN_PROGRESS: "正在办理",
    ApplicationStatus.AWAITING_CORRECTION: "请按补正告知书补正申请",
    ApplicationStatus.IN_THIRD_PARTY_CONSULTATION: "正在征求意见(期间不计入答复期限)",
    ApplicationStatus.AWAITING_FEE: "请按收费通知缴纳信息处理费",
    ApplicationStatus.AWAITING_REPLY_REVIEW: "正在办理",
    ApplicationStatus.REPLIED: "已答复",
    ApplicationStatus.WITHDRAWN: "申请已撤回或视为放弃",
    ApplicationStatus.ARCHIVED: "已办结归档",
}


def public_status(application: Application, today: dt.date | None = None) -> PublicStatus:
    """Build the status view for an applicant who proved the access code."""
    from django.core.exceptions import ObjectDoesNotExist

    elapsed, left = timelimits.elapsed_and_left(application, today)
    correction = fee = None
    try:
        correction = application.correction
    except ObjectDoesNotExist:
        pass
    try:
        fee = application.fee
    except ObjectDoesNotExist:
        pass
    reply_type_label = ""
    if application.reply_type:
        reply_type_label = str(reply_types.get(application.reply_type).label)
    status = ApplicationStatus(application.status)
    if status == ApplicationStatus.AWAITING_REPLY_REVIEW:
        # The office's internal sign-off: to the applicant the case is being handled.
        status = ApplicationStatus.IN_PROGRESS
    return PublicStatus(
        case_number=application.case_number, agency_name=application.agency.name,
        status=status.value, status_label=str(status.label),
        step=STEP_LABELS[status], received_on=application.received_on,
        due_on=application.due_on, due_on_provisional=application.due_on_provisional,
        clock=list(application.clock_steps), working_days_elapsed=elapsed,
        working_days_left=left, reply_type=application.reply_type, reply_type_label=reply_type_label,
        replied_on=application.replied_on,
        can_withdraw=application.status in OPEN_STATES,
        can_correct=application.status == ApplicationStatus.AWAITING_CORRECTION,
        correction_request=correction.what_to_correct if correction else "",
        correction_reply_by=correction.reply_by if correction else None,
        fee_amount=str(fee.amount) if fee else None,
        fee_pay_by=fee.pay_by if fee else None,
        notices=list(application.notices.filter(visible_to_applicant=True)
                     .exclude(status="pending").order_by("created_at", "id")),
    )


def case_history(application: Application) -> QuerySet:
    return application.events.select_related("actor").order_by("id")


def conversion_proposals(user: Any, *, status: str = ConversionStatus.PROPOSED
                         ) -> QuerySet[ConversionProposal]:
    ids = ApplicationPolicy.agencies_convertible(user)
    qs = ConversionProposal.objects.filter(status=status).select_related("agency", "record")
    return qs if ids is None else qs.filter(agency_id__in=ids)


def similar_applications(application: Application) -> QuerySet[Application]:
    """Other cases of the agency about the same information (repeat and Art. 44 checks)."""
    if not application.information_key:
        return Application.objects.none()
    return (Application.objects.filter(agency_id=application.agency_id,
                                       information_key=application.information_key)
            .exclude(pk=application.pk).order_by("-received_on"))


def suggest_records(text: str, *, agency_id: int | None = None, limit: int = 5) -> list[Any]:
    """Published records that may already answer what the applicant is typing (shown
    before filing, as FOIA portals do); uses the catalogue's public list only."""
    from gongkai.catalogue.selectors import public_record_list

    text = (text or "").strip()
    if len(text) < 2:
        return []
    return list(public_record_list(agency_id=agency_id, q=text[:50])
                .select_related("current_version")[:limit])
