"""Who may do what with training: agency administrators record trainings and attendance
and read everyone's record in their agency; every staff member reads their own."""

from __future__ import annotations

from typing import Any

from gongkai.core.models import Role
from gongkai.core.policies import agency_ids_for, has_role, is_staff_member, roles_of

MANAGE_ROLES = (Role.AGENCY_ADMIN,)


class TrainingPolicy:
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

    @staticmethod
    def can_view_record(user: Any, person: Any) -> bool:
        if user.pk == person.pk:
            return is_staff_member(user)
        ids = agency_ids_for(user, MANAGE_ROLES)
        return ids is None or any(m.agency_id in ids for m in roles_of(person))
