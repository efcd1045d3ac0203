"""Who may do what with the leadership group: agency administrators keep it (members,
meetings, decisions, publication)."""

from __future__ import annotations

from typing import Any

from gongkai.core.models import Role
from gongkai.core.policies import agency_ids_for, has_role

MANAGE_ROLES = (Role.AGENCY_ADMIN,)


class LeadershipPolicy:
    @staticmethod
    def can_manage(user: Any, agency: Any) -> bool:
        return has_role(user, MANAGE_ROLES, agency)

    @staticmethod
    def agencies_managed(user: Any) -> list[int] | None:
        return agency_ids_for(user, MANAGE_ROLES)

    @staticmethod
    def may_manage_any(user: Any) -> bool:
        ids = agency_ids_for(user, MANAGE_ROLES)
        return ids is None or bool(ids)
