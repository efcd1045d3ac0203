"""Reads of random inspections."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from gongkai.inspections.models import InspectionItem, Plan, PlanStatus, PoolImport

PUBLIC_STATUSES = (PlanStatus.COMMITTED, PlanStatus.DRAWN, PlanStatus.CLOSED)


def items(agency_id: int) -> QuerySet[InspectionItem]:
    return InspectionItem.objects.filter(agency_id=agency_id)


def public_plans(agency_id: int | None = None) -> QuerySet[Plan]:
    """Plans whose commitment is public (a draft is the agency's own business)."""
    qs = Plan.objects.filter(status__in=PUBLIC_STATUSES).select_related("agency")
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    return qs.order_by("-committed_at", "-id")


def public_plan(agency_id: int, pk: int) -> Plan | None:
    return public_plans(agency_id).filter(pk=pk).first()


def staff_plans(agency_ids: list[int] | None) -> QuerySet[Plan]:
    qs = Plan.objects.select_related("agency").annotate(
        drawn=Count("inspections"),
        recorded=Count("inspections", filter=Q(inspections__inspected_on__isnull=False)),
        published=Count("inspections", filter=Q(inspections__published_on__isnull=False)),
        late=Count("inspections", filter=Q(inspections__published_late=True)))
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    return qs.order_by("-created_at", "-id")


def pools(agency_ids: list[int] | None) -> QuerySet[PoolImport]:
    qs = PoolImport.objects.select_related("agency", "imported_by")
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    return qs.order_by("agency_id", "kind", "-version")
