"""Who may manage an agency's signing certificates: its administrators (and the platform's)."""

from __future__ import annotations

from typing import Any

from gongkai.core.models import Role
from gongkai.core.policies import agency_ids_for, has_role


class SigningPolicy:
    @staticmethod
    def can_manage(user: Any, agency: Any) -> bool:
        return has_role(user, [Role.AGENCY_ADMIN], agency)

    @staticmethod
    def agencies_managed(user: Any) -> list[int] | None:
        """None means every agency (platform administrator)."""
        return agency_ids_for(user, [Role.AGENCY_ADMIN])

    @staticmethod
    def can_view_any(user: Any) -> bool:
        ids = agency_ids_for(user, [Role.AGENCY_ADMIN])
        return ids is None or bool(ids)
