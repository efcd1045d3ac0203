"""Who may run participation: editors, department heads and agency administrators of the
agency manage surveys, solicitations and open days, answer ideas, see registrations and
check people in at the door (platform administrators everywhere)."""

from __future__ import annotations

from typing import Any

from gongkai.core.models import Role
from gongkai.core.policies import agency_ids_for, has_role

MANAGE_ROLES = (Role.EDITOR, Role.DEPARTMENT_HEAD, Role.AGENCY_ADMIN)


def _agency_id(obj: Any) -> Any:
    return getattr(obj, "agency_id", None) or getattr(obj, "pk", obj)


class ParticipationPolicy:
    @staticmethod
    def can_manage(user: Any, obj: Any) -> bool:
        """``obj``: an agency, or anything with ``agency_id``."""
        return has_role(user, MANAGE_ROLES, _agency_id(obj))

    @staticmethod
    def agencies_managed(user: Any) -> list[int] | None:
        """None = all agencies (platform admin); [] = none."""
        return agency_ids_for(user, MANAGE_ROLES)

    @staticmethod
    def may_manage_any(user: Any) -> bool:
        ids = agency_ids_for(user, MANAGE_ROLES)
        return ids is None or bool(ids)
