"""Who may see and change enforcement publicity.

Recording and publishing decisions, and keeping the 事前公开 lists, belong to the agency's
editors (who publish its information) and its administrators; withdrawal and take-down
too, since the catalogue record is theirs. Every staff member of the agency may read the
staff archive (withdrawn and taken-down decisions with the party's real name).
"""

from __future__ import annotations

from typing import Any

from gongkai.core.models import Role
from gongkai.core.policies import agency_ids_for, has_role

EDIT_ROLES = (Role.EDITOR, Role.AGENCY_ADMIN)
VIEW_ROLES = (Role.EDITOR, Role.REVIEWER, Role.DISCLOSURE_OFFICER, Role.DEPARTMENT_HEAD,
              Role.AGENCY_ADMIN)


def _id(agency: Any) -> Any:
    return getattr(agency, "pk", agency)


class EnforcementPolicy:
    @staticmethod
    def can_edit(user: Any, agency: Any) -> bool:
        return has_role(user, EDIT_ROLES, _id(agency))

    @staticmethod
    def can_view(user: Any, agency: Any) -> bool:
        return has_role(user, VIEW_ROLES, _id(agency))

    @staticmethod
    def agencies_editable(user: Any) -> list[int] | None:
        return agency_ids_for(user, EDIT_ROLES)

    @staticmethod
    def agencies_viewable(user: Any) -> list[int] | None:
        return agency_ids_for(user, VIEW_ROLES)


def may_view_any(user: Any) -> bool:
    return EnforcementPolicy.agencies_viewable(user) != []


def may_edit_any(user: Any) -> bool:
    return EnforcementPolicy.agencies_editable(user) != []
