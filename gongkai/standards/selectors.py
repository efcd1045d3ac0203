"""Reading the standard catalogue."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gongkai.standards.models import StandardItem


def item_list(*, agency_ids: list[int] | None, q: str = "", level1: str = "") -> QuerySet[StandardItem]:
    qs = StandardItem.objects.select_related("agency").prefetch_related("links")
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    if level1:
        qs = qs.filter(level1=level1)
    if q:
        qs = qs.filter(Q(level1__icontains=q) | Q(level2__icontains=q) | Q(content__icontains=q)
                       | Q(basis__icontains=q) | Q(subject__icontains=q))
    return qs.order_by("agency_id", "serial", "id")


def public_item_list(*, agency_id: int | None, q: str = "", level1: str = "") -> QuerySet[StandardItem]:
    return item_list(agency_ids=None if agency_id is None else [agency_id], q=q, level1=level1)


def public_item_get(*, pk: int, agency_id: int | None = None) -> StandardItem | None:
    qs = StandardItem.objects.select_related("agency").prefetch_related("links")
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    return qs.filter(pk=pk).first()


def level1_list(*, agency_id: int) -> list[str]:
    seen: dict[str, None] = {}
    for name in StandardItem.objects.filter(agency_id=agency_id).order_by(
            "serial", "id").values_list("level1", flat=True):
        seen.setdefault(name, None)
    return list(seen)
