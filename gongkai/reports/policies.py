"""Who may see and change annual reports and the evaluation dashboard.

Drafts show figures before they are checked and link to case lists: only the agency's
disclosure office (officers, department heads, agency administrators) sees them. Editing and
publishing belong to disclosure officers and agency administrators; the dashboard to
department heads and agency administrators (work plan point 21: the yearly assessment).
"""

from __future__ import annotations

from typing import Any

from gongkai.core.models import Role
from gongkai.core.policies import agency_ids_for, has_role

VIEW_ROLES = (Role.DISCLOSURE_OFFICER, Role.DEPARTMENT_HEAD, Role.AGENCY_ADMIN)
EDIT_ROLES = (Role.DISCLOSURE_OFFICER, Role.AGENCY_ADMIN)
EVALUATE_ROLES = (Role.DEPARTMENT_HEAD, Role.AGENCY_ADMIN)


def _id(agency: Any) -> Any:
    return getattr(agency, "pk", agency)


class ReportPolicy:
    @staticmethod
    def can_view_draft(user: Any, agency: Any) -> bool:
        return has_role(user, VIEW_ROLES, _id(agency))

    @staticmethod
    def can_edit(user: Any, agency: Any) -> bool:
        return has_role(user, EDIT_ROLES, _id(agency))

    @staticmethod
    def can_evaluate(user: Any, agency: Any) -> bool:
        return has_role(user, EVALUATE_ROLES, _id(agency))

    @staticmethod
    def agencies_viewable(user: Any) -> list[int] | None:
        return agency_ids_for(user, VIEW_ROLES)

    @staticmethod
    def agencies_evaluable(user: Any) -> list[int] | None:
        return agency_ids_for(user, EVALUATE_ROLES)


def may_view_any(user: Any) -> bool:
    return ReportPolicy.agencies_viewable(user) != []


def may_evaluate_any(user: Any) -> bool:
    return ReportPolicy.agencies_evaluable(user) != []
