"""Who may do what with power lists, service items, guides and scenario guides.

Editors (and agency administrators) keep the lists and draft guides; reviewers (and
agency administrators) approve guides for publication; only agency administrators
import a whole power list. Everything is scoped to one agency."""

from __future__ import annotations

from typing import Any

from gongkai.core.models import Role
from gongkai.core.policies import agency_ids_for, has_role

EDIT_ROLES = (Role.EDITOR, Role.AGENCY_ADMIN)
REVIEW_ROLES = (Role.REVIEWER, Role.AGENCY_ADMIN)
IMPORT_ROLES = (Role.AGENCY_ADMIN,)


def has_any(ids: list[int] | None) -> bool:
    return ids is None or bool(ids)


class ServicesPolicy:
    @staticmethod
    def can_edit(user: Any, agency: Any) -> bool:
        return has_role(user, EDIT_ROLES, agency)

    @staticmethod
    def can_review(user: Any, agency: Any) -> bool:
        return has_role(user, REVIEW_ROLES, agency)

    @staticmethod
    def can_import(user: Any, agency: Any) -> bool:
        return has_role(user, IMPORT_ROLES, agency)

    @staticmethod
    def can_view_staff(user: Any, agency: Any) -> bool:
        return has_role(user, Role.values, agency)

    @staticmethod
    def agencies_visible(user: Any) -> list[int] | None:
        return agency_ids_for(user)

    @staticmethod
    def agencies_editable(user: Any) -> list[int] | None:
        return agency_ids_for(user, EDIT_ROLES)

    @staticmethod
    def agencies_importable(user: Any) -> list[int] | None:
        return agency_ids_for(user, IMPORT_ROLES)

    # Coarse checks for staff_view.
    @staticmethod
    def may_view_any(user: Any) -> bool:
        return has_any(agency_ids_for(user))

    @staticmethod
    def may_edit_any(user: Any) -> bool:
        return has_any(agency_ids_for(user, EDIT_ROLES))

    @staticmethod
    def may_review_any(user: Any) -> bool:
        return has_any(agency_ids_for(user, REVIEW_ROLES))

    @staticmethod
    def may_import_any(user: Any) -> bool:
        return has_any(agency_ids_for(user, IMPORT_ROLES))
