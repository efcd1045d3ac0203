"""Reading the directory. Every public read goes through ``public_entities``: listed
entries only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from gongkai.directory.licences import RENEWAL_NOTICE_DAYS, normalise_licence_number
from gongkai.directory.models import (
    ConnectorConfig,
    ConnectorSystem,
    Entity,
    EntityChange,
    LicenceReminder,
    LicenceStatus,
    ReminderKind,
)


def public_entities(*, agency_id: int | None = None) -> QuerySet[Entity]:
    qs = Entity.objects.filter(is_listed=True)
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    return qs


def entity_search(qs: QuerySet[Entity], *, kind: str = "", q: str = "", district: str = "",
                  service: str = "", licence_number: str = "") -> QuerySet[Entity]:
    """Filters shared by the public list, the API and the staff list. ``q`` matches a name
    or, when it looks like one, a licence number or credit code exactly."""
    if kind:
        qs = qs.filter(kind=kind)
    if district:
        qs = qs.filter(district=district)
    if service:
        qs = qs.filter(services__icontains=service)
    if licence_number:
        qs = _exact(qs, Q(licence_number=normalise_licence_number(licence_number)))
    if q:
        number = normalise_licence_number(q)
        if number.isalnum() and any(ch.isdigit() for ch in number) and len(number) >= 6:
            # A licence number or credit code typed into the name box: an exact, indexed
            # match when there is one, else the name search (names rarely hold digits).
            for condition in (Q(licence_number=number), Q(credit_code=number)):
                exact = _exact(qs, condition)  # one index each: an OR would use neither
                if exact.exists():
                    return exact
        qs = qs.filter(name__icontains=q)
    return qs


EXACT_LIMIT = 200


def _exact(qs: QuerySet[Entity], condition: Q) -> QuerySet[Entity]:
    """Exact matches found first without the list's ordering, so that the planner takes
    the (agency, licence number) index instead of walking the list's index in order (on
    SQLite a 100,000-entry agency makes that 20 times slower: bench/directory_bench.py)."""
    ids = list(qs.filter(condition).order_by().values_list("pk", flat=True)[:EXACT_LIMIT])
    return qs.filter(pk__in=ids) if ids else qs.none()


def public_entity_list(*, agency_id: int | None = None, **filters: str) -> QuerySet[Entity]:
    return entity_search(public_entities(agency_id=agency_id), **filters).select_related(
        "agency", "parent").order_by("kind", "name", "id")


def public_entity_get(*, pk: int, agency_id: int | None = None) -> Entity | None:
    return public_entities(agency_id=agency_id).select_related("agency", "parent").filter(
        pk=pk).first()


def public_members(entity: Entity) -> QuerySet[Entity]:
    return entity.members.filter(is_listed=True).order_by("kind", "name", "id")


def public_districts(*, agency_id: int | None = None) -> list[str]:
    return sorted(set(public_entities(agency_id=agency_id).exclude(district="")
                      .values_list("district", flat=True).distinct()))


def public_entities_by_kind(*, agency_id: int, kind: str, district: str = "") -> QuerySet[Entity]:
    """What a standard-catalogue link of the kind "directory entries by kind" points at."""
    qs = public_entities(agency_id=agency_id).filter(kind=kind)
    if district:
        qs = qs.filter(district=district)
    return qs.order_by("-updated_at", "-id")


# Staff --------------------------------------------------------------------------------


def staff_entity_list(*, agency_ids: list[int] | None, **filters: str) -> QuerySet[Entity]:
    qs = Entity.objects.select_related("agency", "parent")
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    return entity_search(qs, **filters).order_by("kind", "name", "id")


def entity_history(entity: Entity) -> QuerySet[EntityChange]:
    return entity.changes.select_related("actor").order_by("-created_at", "-id")


def connector_configs(*, agency_id: int) -> list[ConnectorConfig]:
    """One configuration per system for the agency (unsaved defaults for those not set)."""
    saved = {c.system: c for c in ConnectorConfig.objects.filter(agency_id=agency_id)}
    return [saved.get(system) or ConnectorConfig(agency_id=agency_id, system=system)
            for system in ConnectorSystem.values]


def connector_get(*, agency_id: int, system: str) -> ConnectorConfig | None:
    return ConnectorConfig.objects.filter(agency_id=agency_id, system=system).first()


# For the reminders issue (执业证 expiry, 年度考核) ----------------------------------------


def licences_expiring(*, agency_id: int | None, on_or_before: dt.date) -> QuerySet[Entity]:
    """Valid licences ending on or before a date (行政许可法 Art. 50: renewal is applied for
    30 days before expiry — ``licences.RENEWAL_NOTICE_DAYS``), soonest first."""
    qs = Entity.objects.filter(licence_status=LicenceStatus.VALID,
                               licence_valid_until__isnull=False,
                               licence_valid_until__lte=on_or_before)
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    return qs.select_related("agency", "parent").order_by("licence_valid_until", "id")


def assessments_due(*, agency_id: int | None, on_or_before: dt.date) -> QuerySet[Entity]:
    """Entries whose next yearly assessment (年度考核 / 年度检查) falls on or before a date."""
    qs = Entity.objects.filter(next_assessment_on__isnull=False,
                               next_assessment_on__lte=on_or_before).exclude(
        licence_status__in=[LicenceStatus.REVOKED, LicenceStatus.CANCELLED])
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    return qs.select_related("agency").order_by("next_assessment_on", "id")


# The licence watch: who is due, overdue, lapsed (证照到期提醒) ----------------------------


@dataclass(frozen=True)
class LicenceDeadline:
    """One deadline of one entry: its licence's expiry or its yearly assessment.
    ``state`` is derived from the stored date and today, never stored: ``due`` (today or
    within the window), ``overdue`` (an assessment date passed) or ``lapsed`` (a licence
    past its validity that is still recorded as valid)."""

    entity: Entity
    kind: str  # ReminderKind value
    due_on: dt.date
    days_left: int
    state: str

    @property
    def renew_by(self) -> dt.date | None:
        """The last day to apply for renewal (行政许可法 Art. 50), for an expiry."""
        if self.kind != ReminderKind.EXPIRY:
            return None
        return self.due_on - dt.timedelta(days=RENEWAL_NOTICE_DAYS)


def licence_deadlines(*, agency_ids: list[int] | None, today: dt.date, due_within: int,
                      kind: str = "", state: str = "") -> list[LicenceDeadline]:
    """Every expiry and assessment deadline up to ``due_within`` days ahead, and those
    already passed, soonest first (the staff page, its API and the workspace tally)."""
    horizon = today + dt.timedelta(days=max(due_within, 0))
    expiring = Entity.objects.filter(licence_status=LicenceStatus.VALID,
                                     licence_valid_until__lte=horizon)
    assessing = Entity.objects.filter(next_assessment_on__lte=horizon).exclude(
        licence_status__in=[LicenceStatus.REVOKED, LicenceStatus.CANCELLED])
    if agency_ids is not None:
        expiring = expiring.filter(agency_id__in=agency_ids)
        assessing = assessing.filter(agency_id__in=agency_ids)
    found: list[LicenceDeadline] = []
    if kind in ("", ReminderKind.EXPIRY):
        for e in expiring.select_related("agency"):
            assert e.licence_valid_until is not None  # filtered on it above
            left = (e.licence_valid_until - today).days
            found.append(LicenceDeadline(e, ReminderKind.EXPIRY, e.licence_valid_until, left,
                                         "due" if left >= 0 else "lapsed"))
    if kind in ("", ReminderKind.ASSESSMENT):
        for e in assessing.select_related("agency"):
            assert e.next_assessment_on is not None  # filtered on it above
            left = (e.next_assessment_on - today).days
            found.append(LicenceDeadline(e, ReminderKind.ASSESSMENT, e.next_assessment_on,
                                         left, "due" if left >= 0 else "overdue"))
    if state == "late":  # lapsed and overdue together
        found = [d for d in found if d.state != "due"]
    elif state:
        found = [d for d in found if d.state == state]
    return sorted(found, key=lambda d: (d.due_on, d.entity.pk, d.kind))


def reminders_for(*, entity_ids: list[int]) -> QuerySet[LicenceReminder]:
    return LicenceReminder.objects.filter(entity_id__in=entity_ids).order_by("created_at", "id")
