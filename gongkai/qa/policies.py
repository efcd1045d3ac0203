"""Who may maintain FAQs and work the question queue: editors and administrators of the
agency the FAQ belongs to (platform administrators everywhere)."""

from __future__ import annotations

from typing import Any

from gongkai.core.models import Role
from gongkai.core.policies import agency_ids_for, has_role

EDIT_ROLES = (Role.EDITOR, Role.AGENCY_ADMIN)


class FaqPolicy:
    @staticmethod
    def can_edit(user: Any, agency: Any) -> bool:
        return has_role(user, EDIT_ROLES, agency)

    @staticmethod
    def agencies_editable(user: Any) -> list[int] | None:
        return agency_ids_for(user, EDIT_ROLES)


def may_edit_any(user: Any) -> bool:
    ids = FaqPolicy.agencies_editable(user)
    return ids is None or bool(ids)
