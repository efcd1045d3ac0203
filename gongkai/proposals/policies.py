"""Who may handle suggestions and proposals. The agency's openness office (disclosure
officers), department heads and agency administrators register, assign, answer and publish;
an extension needs approval (批准延期), which the platform gives to department heads and
agency administrators. Everything is scoped to the proposal's own agency."""

from __future__ import annotations

from typing import Any

from gongkai.core.models import Role
from gongkai.core.policies import agency_ids_for, has_role

HANDLE_ROLES = (Role.DISCLOSURE_OFFICER, Role.DEPARTMENT_HEAD, Role.AGENCY_ADMIN)
APPROVE_ROLES = (Role.DEPARTMENT_HEAD, Role.AGENCY_ADMIN)


def _agency_id(obj: Any) -> Any:
    return getattr(obj, "agency_id", None) or getattr(obj, "pk", obj)


class ProposalPolicy:
    @staticmethod
    def can_register(user: Any, agency: Any) -> bool:
        return has_role(user, HANDLE_ROLES, _agency_id(agency))

    @staticmethod
    def can_handle(user: Any, proposal: Any) -> bool:
        return has_role(user, HANDLE_ROLES, proposal.agency_id)

    @staticmethod
    def can_approve_extension(user: Any, proposal: Any) -> bool:
        return has_role(user, APPROVE_ROLES, proposal.agency_id)

    @staticmethod
    def agencies_visible(user: Any) -> list[int] | None:
        """None = every agency (platform administrator); [] = none."""
        return agency_ids_for(user, HANDLE_ROLES)


def may_handle_any(user: Any) -> bool:
    ids = ProposalPolicy.agencies_visible(user)
    return ids is None or bool(ids)
