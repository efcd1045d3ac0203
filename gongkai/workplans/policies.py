"""Who may do what with work plans. The openness office (agency administrators and
disclosure officers) drafts the plan, breaks points into tasks and publishes progress;
departments report on their own tasks: an editor or department head bound to a department
reports only for that department's tasks (one bound to none, for any in the agency)."""

from __future__ import annotations

from typing import Any

from gongkai.core.models import Role
from gongkai.core.policies import agency_ids_for, has_role, is_platform_admin, roles_of

MANAGE_ROLES = (Role.AGENCY_ADMIN, Role.DISCLOSURE_OFFICER)
REPORT_ROLES = (Role.EDITOR, Role.DEPARTMENT_HEAD)


def _agency_id(obj: Any) -> Any:
    return getattr(obj, "agency_id", None) or getattr(obj, "pk", obj)


class WorkPlanPolicy:
    @staticmethod
    def can_manage(user: Any, agency: Any) -> bool:
        return has_role(user, MANAGE_ROLES, _agency_id(agency))

    @staticmethod
    def department_ok(user: Any, agency_id: int, department_id: int) -> bool:
        if is_platform_admin(user) or has_role(user, MANAGE_ROLES, agency_id):
            return True
        scopes = [m for m in roles_of(user) if m.role in REPORT_ROLES and m.agency_id == agency_id]
        return any(m.department_id is None or m.department_id == department_id for m in scopes)

    @staticmethod
    def can_report(user: Any, task: Any) -> bool:
        return WorkPlanPolicy.department_ok(user, task.point.plan.agency_id,
                                            task.lead_department_id)

    @staticmethod
    def agencies_visible(user: Any) -> list[int] | None:
        return agency_ids_for(user, (*MANAGE_ROLES, *REPORT_ROLES))

    @staticmethod
    def agencies_managed(user: Any) -> list[int] | None:
        return agency_ids_for(user, MANAGE_ROLES)


def may_use_any(user: Any) -> bool:
    ids = WorkPlanPolicy.agencies_visible(user)
    return ids is None or bool(ids)
