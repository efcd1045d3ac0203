"""Who may handle messages. The agency's disclosure officers (who run the public channels
in a justice bureau's office), department heads and agency administrators handle and
answer; reply review (when the agency turns it on) and reply templates, limits and the
hotline connection are for heads and administrators. The hotline integration account is a
staff account with the agency administrator role and an API token (docs/interaction.md)."""

from __future__ import annotations

from typing import Any

from gongkai.core.models import Role
from gongkai.core.policies import agency_ids_for, has_role

HANDLE_ROLES = (Role.DISCLOSURE_OFFICER, Role.DEPARTMENT_HEAD, Role.AGENCY_ADMIN)
REVIEW_ROLES = (Role.DEPARTMENT_HEAD, Role.AGENCY_ADMIN)
CONFIGURE_ROLES = (Role.AGENCY_ADMIN,)
HOTLINE_ROLES = (Role.AGENCY_ADMIN,)


def _agency_id(obj: Any) -> Any:
    return getattr(obj, "agency_id", None) or getattr(obj, "pk", obj)


def _any(ids: list[int] | None) -> bool:
    return ids is None or bool(ids)


class InteractionPolicy:
    @staticmethod
    def agencies_handled(user: Any) -> list[int] | None:
        """None = every agency (platform administrator)."""
        return agency_ids_for(user, HANDLE_ROLES)

    @staticmethod
    def may_handle_any(user: Any) -> bool:
        return _any(agency_ids_for(user, HANDLE_ROLES))

    @staticmethod
    def may_configure_any(user: Any) -> bool:
        return _any(agency_ids_for(user, CONFIGURE_ROLES))

    @staticmethod
    def can_handle(user: Any, obj: Any) -> bool:
        return has_role(user, HANDLE_ROLES, _agency_id(obj))

    @staticmethod
    def can_review(user: Any, obj: Any) -> bool:
        return has_role(user, REVIEW_ROLES, _agency_id(obj))

    @staticmethod
    def can_configure(user: Any, agency: Any) -> bool:
        return has_role(user, CONFIGURE_ROLES, _agency_id(agency))

    @staticmethod
    def can_import_hotline(user: Any, agency: Any) -> bool:
        return has_role(user, HOTLINE_ROLES, _agency_id(agency))

    @staticmethod
    def agencies_hotline(user: Any) -> list[int] | None:
        return agency_ids_for(user, HOTLINE_ROLES)
