"""Who may do what with consultations and the decision directory. Editors, department
heads and agency administrators of the agency prepare and run consultations, moderate and
answer; the adoption report is reviewed and published by a department head or the agency
administrator (the report speaks for the agency); the per-agency moderation setting is the
administrator's."""

from __future__ import annotations

from typing import Any

from gongkai.core.models import Role
from gongkai.core.policies import agency_ids_for, has_role

EDIT_ROLES = (Role.EDITOR, Role.DEPARTMENT_HEAD, Role.AGENCY_ADMIN)
APPROVE_ROLES = (Role.DEPARTMENT_HEAD, Role.AGENCY_ADMIN)


def _agency_id(obj: Any) -> Any:
    return getattr(obj, "agency_id", None) or getattr(obj, "pk", obj)


class ConsultationPolicy:
    @staticmethod
    def can_edit(user: Any, obj: Any) -> bool:
        """``obj``: an agency, a consultation or a decision."""
        return has_role(user, EDIT_ROLES, _agency_id(obj))

    @staticmethod
    def can_approve(user: Any, obj: Any) -> bool:
        return has_role(user, APPROVE_ROLES, _agency_id(obj))

    @staticmethod
    def can_configure(user: Any, agency: Any) -> bool:
        return has_role(user, [Role.AGENCY_ADMIN], _agency_id(agency))

    @staticmethod
    def agencies_editable(user: Any) -> list[int] | None:
        return agency_ids_for(user, EDIT_ROLES)

    @staticmethod
    def may_edit_any(user: Any) -> bool:
        ids = agency_ids_for(user, EDIT_ROLES)
        return ids is None or bool(ids)

    @staticmethod
    def may_configure_any(user: Any) -> bool:
        ids = agency_ids_for(user, [Role.AGENCY_ADMIN])
        return ids is None or bool(ids)
