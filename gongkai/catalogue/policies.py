"""Who may do what with catalogue records. Department-scoped editors edit their own
department's records; reviewers and administrators act for the whole agency."""

from __future__ import annotations

from typing import Any

from gongkai.core.models import Role
from gongkai.core.policies import agency_ids_for, has_role, is_platform_admin, roles_of

EDIT_ROLES = (Role.EDITOR, Role.AGENCY_ADMIN)
REVIEW_ROLES = (Role.REVIEWER, Role.AGENCY_ADMIN)
OVERSIGHT_ROLES = (Role.DEPARTMENT_HEAD, Role.REVIEWER, Role.AGENCY_ADMIN)


class RecordPolicy:
    @staticmethod
    def can_create(user: Any, agency: Any, department: Any = None) -> bool:
        if not has_role(user, EDIT_ROLES, agency):
            return False
        return RecordPolicy._department_ok(user, agency, department)

    @staticmethod
    def _department_ok(user: Any, agency: Any, department: Any) -> bool:
        """An editor bound to a department edits only that department's records."""
        if is_platform_admin(user) or has_role(user, [Role.AGENCY_ADMIN], agency):
            return True
        agency_id = getattr(agency, "pk", agency)
        scopes = [m for m in roles_of(user) if m.role == Role.EDITOR and m.agency_id == agency_id]
        if any(m.department_id is None for m in scopes):
            return True
        department_id = getattr(department, "pk", department)
        return any(m.department_id == department_id for m in scopes)

    @staticmethod
    def can_edit(user: Any, record: Any) -> bool:
        return has_role(user, EDIT_ROLES, record.agency_id) and RecordPolicy._department_ok(
            user, record.agency_id, record.department_id)

    @staticmethod
    def can_review(user: Any, record: Any) -> bool:
        return has_role(user, REVIEW_ROLES, record.agency_id)

    @staticmethod
    def can_view_staff(user: Any, record: Any) -> bool:
        return has_role(user, Role.values, record.agency_id)

    @staticmethod
    def can_withdraw(user: Any, record: Any) -> bool:
        return has_role(user, REVIEW_ROLES, record.agency_id)

    @staticmethod
    def agencies_editable(user: Any) -> list[int] | None:
        return agency_ids_for(user, EDIT_ROLES)

    @staticmethod
    def agencies_reviewable(user: Any) -> list[int] | None:
        return agency_ids_for(user, REVIEW_ROLES)

    @staticmethod
    def agencies_overseen(user: Any) -> list[int] | None:
        return agency_ids_for(user, OVERSIGHT_ROLES)

    @staticmethod
    def agencies_visible(user: Any) -> list[int] | None:
        return agency_ids_for(user)

    @staticmethod
    def can_import(user: Any, agency: Any) -> bool:
        return has_role(user, [Role.AGENCY_ADMIN], agency)

    @staticmethod
    def can_run_campaign(user: Any, agency: Any) -> bool:
        return has_role(user, [Role.AGENCY_ADMIN], agency)


def has_any(ids: list[int] | None) -> bool:
    return ids is None or bool(ids)
