"""Who sees the self-inspection: the agency's openness office (disclosure officers) and its
administrators, for their own agency; the platform administrator for every agency. The
word list is the platform administrator's (one list for the whole platform)."""

from __future__ import annotations

from typing import Any

from gongkai.core.models import Role
from gongkai.core.policies import agency_ids_for, has_role, is_platform_admin

VIEW_ROLES = (Role.DISCLOSURE_OFFICER, Role.AGENCY_ADMIN)


def agencies_visible(user: Any) -> list[int] | None:
    """None = every agency (platform administrator); [] = none."""
    return agency_ids_for(user, VIEW_ROLES)


def may_view_any(user: Any) -> bool:
    ids = agencies_visible(user)
    return ids is None or bool(ids)


def may_view(user: Any, agency: Any) -> bool:
    return has_role(user, VIEW_ROLES, getattr(agency, "pk", agency))


def may_keep_words(user: Any) -> bool:
    return is_platform_admin(user)
