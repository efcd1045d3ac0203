"""Reading agencies, departments and people."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from gongkai.core.models import Agency, Department, Membership, User


def agency_list_public() -> QuerySet[Agency]:
    return Agency.objects.filter(is_active=True).order_by("sort_order", "id")


def agency_get_public(slug: str) -> Agency | None:
    return Agency.objects.filter(slug=slug, is_active=True).first()


def agency_resolve(value: str, *, active_only: bool = True) -> Agency | None:
    """The agency a caller names by URL slug (``sfj``) or by organisation code
    (``002420455M``, any case): every API parameter ``agency`` goes through here, so that
    each accepts both spellings."""
    value = (value or "").strip()
    # Neither a slug (40) nor an organisation code is longer than this; a hostile
    # 100,000-character value must not reach the database as a pattern.
    if not value or len(value) > 64:
        return None
    agencies = Agency.objects.filter(is_active=True) if active_only else Agency.objects.all()
    return (agencies.filter(slug=value).first()
            or agencies.filter(organisation_code=value.upper()).first())


def agency_default() -> Agency | None:
    """The agency served at ``/``: GONGKAI_DEFAULT_AGENCY, else the first active one."""
    slug = settings.GONGKAI_DEFAULT_AGENCY
    if slug:
        found = agency_get_public(slug)
        if found:
            return found
    return agency_list_public().first()


def department_list(*, agency: Agency) -> QuerySet[Department]:
    return Department.objects.filter(agency=agency, is_active=True).order_by("sort_order", "id")


def membership_list(*, agency_ids: list[int] | None) -> QuerySet[Membership]:
    qs = Membership.objects.select_related("user", "agency", "department")
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    return qs.order_by("agency_id", "role", "user__username")


def user_get_by_username(username: str) -> User | None:
    return User.objects.filter(username=username).first()
