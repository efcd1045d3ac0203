"""Who may edit the standard catalogue: editors and administrators of the agency; import
and export: administrators. Everyone reads the public catalogue."""

from __future__ import annotations

from typing import Any

from gongkai.core.models import Role
from gongkai.core.policies import agency_ids_for, has_role

EDIT_ROLES = (Role.EDITOR, Role.AGENCY_ADMIN)
VIEW_ROLES = (Role.EDITOR, Role.REVIEWER, Role.DEPARTMENT_HEAD, Role.AGENCY_ADMIN)


def has_any(ids: list[int] | None) -> bool:
    return ids is None or bool(ids)


class StandardPolicy:
    @staticmethod
    def can_edit(user: Any, agency: Any) -> bool:
        return has_role(user, EDIT_ROLES, agency)

    @staticmethod
    def can_import(user: Any, agency: Any) -> bool:
        return has_role(user, [Role.AGENCY_ADMIN], agency)

    @staticmethod
    def agencies_editable(user: Any) -> list[int] | None:
        return agency_ids_for(user, EDIT_ROLES)

    @staticmethod
    def agencies_visible(user: Any) -> list[int] | None:
        return agency_ids_for(user, VIEW_ROLES)

    @staticmethod
    def agencies_administered(user: Any) -> list[int] | None:
        return agency_ids_for(user, [Role.AGENCY_ADMIN])

    @staticmethod
    def may_view_any(user: Any) -> bool:
        return has_any(agency_ids_for(user, VIEW_ROLES))

    @staticmethod
    def may_edit_any(user: Any) -> bool:
        return has_any(agency_ids_for(user, EDIT_ROLES))

    @staticmethod
    def may_administer_any(user: Any) -> bool:
        return has_any(agency_ids_for(user, [Role.AGENCY_ADMIN]))
