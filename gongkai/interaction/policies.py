"""Who may handle messages. The agency's disclosure officers (who run the public channels
in a justice bureau's office), department heads and agency administrators handle and
answer; reply review (when the agency turns it on) and reply templates, limits and the
hotline connection are for heads and administrators. The hotline itself connects with a
machine account holding the non-staff hotline integration role of one agency and an API
token: it exchanges that agency's work orders and nothing else (docs/interaction.md);
an agency administrator may do the same by hand."""

from __future__ import annotations

from typing import Any

from gongkai.core.models import Role
from gongkai.core.policies import agency_ids_for, has_role, non_staff_agency_ids

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
        agency_id = _agency_id(agency)
        return (has_role(user, HOTLINE_ROLES, agency_id)
                or agency_id in non_staff_agency_ids(user, Role.HOTLINE_INTEGRATION))

    @staticmethod
    def agencies_hotline(user: Any) -> list[int] | None:
        """Agencies whose orders the account exchanges with the hotline (None = all)."""
        ids = agency_ids_for(user, HOTLINE_ROLES)
        if ids is None:
            return None
        return sorted(set(ids) | set(non_staff_agency_ids(user, Role.HOTLINE_INTEGRATION)))

    @staticmethod
    def may_exchange_hotline(user: Any) -> bool:
        return _any(InteractionPolicy.agencies_hotline(user))
