"""Who may do what with interpretations: editors draft them (谁起草谁解读: the drafting
department's editor), reviewers and administrators publish them and record exemptions from
三同步; every staff member of the agency sees the dashboard."""

from __future__ import annotations

from typing import Any

from gongkai.core.models import Role
from gongkai.core.policies import agency_ids_for, has_role

EDIT_ROLES = (Role.EDITOR, Role.AGENCY_ADMIN)
PUBLISH_ROLES = (Role.REVIEWER, Role.AGENCY_ADMIN)
WAIVE_ROLES = (Role.REVIEWER, Role.DEPARTMENT_HEAD, Role.AGENCY_ADMIN)
VIEW_ROLES = tuple(Role.values)


def _agency_id(obj: Any) -> Any:
    return getattr(obj, "agency_id", None) or getattr(obj, "pk", obj)


class InterpretationPolicy:
    @staticmethod
    def can_edit(user: Any, agency: Any) -> bool:
        return has_role(user, EDIT_ROLES, _agency_id(agency))

    @staticmethod
    def can_publish(user: Any, agency: Any) -> bool:
        return has_role(user, PUBLISH_ROLES, _agency_id(agency))

    @staticmethod
    def can_waive(user: Any, agency: Any) -> bool:
        return has_role(user, WAIVE_ROLES, _agency_id(agency))

    @staticmethod
    def can_view(user: Any, agency: Any) -> bool:
        return has_role(user, VIEW_ROLES, _agency_id(agency))

    @staticmethod
    def agencies_visible(user: Any) -> list[int] | None:
        return agency_ids_for(user, VIEW_ROLES)

    @staticmethod
    def agencies_editable(user: Any) -> list[int] | None:
        return agency_ids_for(user, EDIT_ROLES)


def may_view_any(user: Any) -> bool:
    ids = InterpretationPolicy.agencies_visible(user)
    return ids is None or bool(ids)


def may_edit_any(user: Any) -> bool:
    ids = InterpretationPolicy.agencies_editable(user)
    return ids is None or bool(ids)
