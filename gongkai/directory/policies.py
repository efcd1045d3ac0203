"""Who may do what with the directory: editors and administrators of the maintaining
agency edit entries; administrators import, export and configure the connectors."""

from __future__ import annotations

from typing import Any

from gongkai.core.models import Role
from gongkai.core.policies import agency_ids_for, has_role

EDIT_ROLES = (Role.EDITOR, Role.AGENCY_ADMIN)
ADMIN_ROLES = (Role.AGENCY_ADMIN,)


def has_any(ids: list[int] | None) -> bool:
    return ids is None or bool(ids)


class DirectoryPolicy:
    @staticmethod
    def can_edit(user: Any, agency: Any) -> bool:
        return has_role(user, EDIT_ROLES, agency)

    @staticmethod
    def can_import(user: Any, agency: Any) -> bool:
        return has_role(user, ADMIN_ROLES, agency)

    @staticmethod
    def can_configure(user: Any, agency: Any) -> bool:
        return has_role(user, ADMIN_ROLES, agency)

    @staticmethod
    def agencies_editable(user: Any) -> list[int] | None:
        return agency_ids_for(user, EDIT_ROLES)

    @staticmethod
    def agencies_administered(user: Any) -> list[int] | None:
        return agency_ids_for(user, ADMIN_ROLES)

    @staticmethod
    def may_edit_any(user: Any) -> bool:
        return has_any(agency_ids_for(user, EDIT_ROLES))

    @staticmethod
    def may_administer_any(user: Any) -> bool:
        return has_any(agency_ids_for(user, ADMIN_ROLES))
