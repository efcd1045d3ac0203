"""Who may push to an audience: editors and administrators of the agency."""

from __future__ import annotations

from typing import Any

from gongkai.core.models import Role
from gongkai.core.policies import agency_ids_for, has_role

PUSH_ROLES = (Role.EDITOR, Role.AGENCY_ADMIN)


def may_push(user: Any, agency: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and has_role(user, PUSH_ROLES, agency)


def may_push_any(user: Any) -> bool:
    ids = agency_ids_for(user, PUSH_ROLES)
    return ids is None or bool(ids)
