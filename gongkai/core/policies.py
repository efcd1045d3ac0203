"""Who may do what, per model. Views and API handlers must go through these.

Least privilege: every check is scoped to an agency (and department where it matters);
the only global role is platform administrator.
"""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.core.models import Agency, Department, Membership, Role


class PermissionDeniedError(Exception):
    """The actor may not perform this action on this object."""


#: Roles that are not staff: an evaluator membership names the agency whose rounds the
#: person evaluates, a hotline integration membership the agency whose work orders a
#: hotline's machine account exchanges; neither answers a staff question (staff pages, the
#: staff API, tools). Each is read only by the one place that needs it.
NON_STAFF_ROLES = frozenset({Role.EVALUATOR, Role.HOTLINE_INTEGRATION})


def _all_memberships(user) -> list[Membership]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_gongkai_all_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("agency", "department"))
        user._gongkai_all_memberships = cached
    return cached


def _memberships(user) -> list[Membership]:
    """The staff memberships: every staff question (``is_staff_member``, ``has_role``,
    ``agency_ids_for`` — also with ``Role.values``) reads only these, so an evaluator
    account is refused on every staff page without each app knowing the role."""
    return [m for m in _all_memberships(user) if m.role not in NON_STAFF_ROLES]


def non_staff_agency_ids(user, role: str) -> list[int]:
    """Agencies where the account holds the non-staff ``role`` (one of NON_STAFF_ROLES)."""
    if role not in NON_STAFF_ROLES:
        raise ValueError(f"{role!r} is a staff role: use agency_ids_for")
    return sorted({m.agency_id for m in _all_memberships(user)
                   if m.role == role and m.agency_id is not None})


def evaluator_agency_ids(user) -> list[int]:
    """Agencies that invited this person as a social evaluator (社会评议员)."""
    return non_staff_agency_ids(user, Role.EVALUATOR)


def is_platform_admin(user) -> bool:
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(m.role == Role.PLATFORM_ADMIN for m in _memberships(user))


def is_staff_member(user) -> bool:
    return is_platform_admin(user) or bool(_memberships(user))


def has_role(user, roles: Iterable[str], agency: Agency | int | None) -> bool:
    """True if the user holds one of ``roles`` in ``agency`` (platform admins hold all)."""
    if is_platform_admin(user):
        return True
    agency_id = getattr(agency, "pk", agency)
    wanted = set(roles)
    return any(m.role in wanted and m.agency_id == agency_id for m in _memberships(user))


def agency_ids_for(user, roles: Iterable[str] | None = None) -> list[int] | None:
    """Agencies where the user holds one of ``roles``; None means all (platform admin)."""
    if is_platform_admin(user):
        return None
    wanted = set(roles) if roles is not None else None
    return sorted(
        {
            m.agency_id
            for m in _memberships(user)
            if m.agency_id is not None and (wanted is None or m.role in wanted)
        }
    )


def roles_of(user) -> list[Membership]:
    return _memberships(user)


class EditorialPolicy:
    """Who keeps and who reads an agency's records in a publicity app whose records the
    agency's editors publish (enforcement decisions, random inspections): its editors and
    administrators keep them; every staff role of the agency reads the staff pages. An app
    subclasses it to name its own policy (``EnforcementPolicy``, ``InspectionPolicy``)."""

    EDIT_ROLES = (Role.EDITOR, Role.AGENCY_ADMIN)
    VIEW_ROLES = (Role.EDITOR, Role.REVIEWER, Role.DISCLOSURE_OFFICER, Role.DEPARTMENT_HEAD,
                  Role.AGENCY_ADMIN)

    @classmethod
    def can_edit(cls, user, agency) -> bool:
        return has_role(user, cls.EDIT_ROLES, getattr(agency, "pk", agency))

    @classmethod
    def can_view(cls, user, agency) -> bool:
        return has_role(user, cls.VIEW_ROLES, getattr(agency, "pk", agency))

    @classmethod
    def agencies_editable(cls, user) -> list[int] | None:
        return agency_ids_for(user, cls.EDIT_ROLES)

    @classmethod
    def agencies_viewable(cls, user) -> list[int] | None:
        return agency_ids_for(user, cls.VIEW_ROLES)

    @classmethod
    def may_view_any(cls, user) -> bool:
        return cls.agencies_viewable(user) != []

    @classmethod
    def may_edit_any(cls, user) -> bool:
        return cls.agencies_editable(user) != []


class AdministeredPolicy:
    """Who keeps an agency's records in an app that only its administrators keep (the
    leadership group, training, social evaluation rounds): its agency administrators (and
    platform administrators, who hold every role). An app subclasses it to name its own
    policy (``LeadershipPolicy``, ``TrainingPolicy``, ``SocialEvaluationPolicy``) and adds
    the questions only it asks."""

    MANAGE_ROLES: tuple[str, ...] = (Role.AGENCY_ADMIN,)

    @classmethod
    def can_manage(cls, user, agency) -> bool:
        return has_role(user, cls.MANAGE_ROLES, getattr(agency, "pk", agency))

    @classmethod
    def agencies_managed(cls, user) -> list[int] | None:
        return agency_ids_for(user, cls.MANAGE_ROLES)

    @classmethod
    def may_manage_any(cls, user) -> bool:
        return cls.agencies_managed(user) != []


class AgencyPolicy:
    @staticmethod
    def can_view_staff(user, agency: Agency) -> bool:
        return has_role(user, Role.values, agency)

    @staticmethod
    def can_change(user, agency: Agency) -> bool:
        return has_role(user, [Role.AGENCY_ADMIN], agency)

    @staticmethod
    def can_create(user) -> bool:
        return is_platform_admin(user)


class DepartmentPolicy:
    @staticmethod
    def can_change(user, department: Department | None, agency: Agency) -> bool:
        return has_role(user, [Role.AGENCY_ADMIN], agency)


class MembershipPolicy:
    @staticmethod
    def can_grant(user, *, role: str, agency: Agency | None) -> bool:
        if role == Role.PLATFORM_ADMIN or agency is None:
            return is_platform_admin(user)
        return has_role(user, [Role.AGENCY_ADMIN], agency)


class AuditPolicy:
    """Agency administrators read their agency's trail; platform admins read all."""

    @staticmethod
    def visible_agency_ids(user) -> list[int] | None:
        return agency_ids_for(user, [Role.AGENCY_ADMIN])

    @staticmethod
    def can_view(user) -> bool:
        ids = AuditPolicy.visible_agency_ids(user)
        return ids is None or bool(ids)


class CalendarPolicy:
    """The working-day calendar is shared by every agency: platform admins edit it."""

    @staticmethod
    def can_view(user) -> bool:
        return is_staff_member(user)

    @staticmethod
    def can_change(user) -> bool:
        return is_platform_admin(user)


class JobPolicy:
    @staticmethod
    def can_view(user) -> bool:
        return is_platform_admin(user)


class ApiTokenPolicy:
    @staticmethod
    def can_manage_own(user) -> bool:
        return is_staff_member(user)
