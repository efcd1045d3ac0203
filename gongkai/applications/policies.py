"""Who may handle applications. Disclosure officers, department heads and agency
administrators of the case's own agency; extensions need the head of the disclosure
office (Regulations Art. 33(2)), which the platform models as department head or agency
administrator; the same two roles review (审核) a draft reply before it goes out
(``reply_review``), never their own draft; converting information to proactive disclosure is an editor's step
through the catalogue's own policy."""

from __future__ import annotations

from typing import Any

from gongkai.core.models import Role
from gongkai.core.policies import agency_ids_for, has_role

HANDLE_ROLES = (Role.DISCLOSURE_OFFICER, Role.DEPARTMENT_HEAD, Role.AGENCY_ADMIN)
APPROVE_ROLES = (Role.DEPARTMENT_HEAD, Role.AGENCY_ADMIN)
REPLY_REVIEW_ROLES = APPROVE_ROLES
CONVERT_ROLES = (Role.EDITOR, Role.AGENCY_ADMIN)


def _agency_id(obj: Any) -> Any:
    return getattr(obj, "agency_id", None) or getattr(obj, "pk", obj)


class ApplicationPolicy:
    @staticmethod
    def can_register(user: Any, agency: Any) -> bool:
        return has_role(user, HANDLE_ROLES, agency)

    @staticmethod
    def can_view(user: Any, application: Any) -> bool:
        return has_role(user, HANDLE_ROLES, application.agency_id)

    @staticmethod
    def can_handle(user: Any, application: Any) -> bool:
        return has_role(user, HANDLE_ROLES, application.agency_id)

    @staticmethod
    def can_approve_extension(user: Any, application: Any) -> bool:
        return has_role(user, APPROVE_ROLES, application.agency_id)

    @staticmethod
    def can_review_reply(user: Any, application: Any) -> bool:
        return has_role(user, REPLY_REVIEW_ROLES, application.agency_id)

    @staticmethod
    def can_configure_reply_review(user: Any, agency: Any) -> bool:
        return has_role(user, [Role.AGENCY_ADMIN], _agency_id(agency))

    @staticmethod
    def can_edit_templates(user: Any, agency: Any) -> bool:
        return has_role(user, [Role.AGENCY_ADMIN], _agency_id(agency))

    @staticmethod
    def can_anonymise(user: Any, application: Any) -> bool:
        return has_role(user, [Role.AGENCY_ADMIN], application.agency_id)

    @staticmethod
    def can_convert(user: Any, agency: Any) -> bool:
        return has_role(user, CONVERT_ROLES, _agency_id(agency))

    @staticmethod
    def agencies_visible(user: Any) -> list[int] | None:
        """None = all agencies (platform admin); [] = none."""
        return agency_ids_for(user, HANDLE_ROLES)

    @staticmethod
    def agencies_convertible(user: Any) -> list[int] | None:
        return agency_ids_for(user, CONVERT_ROLES)


def has_any(ids: list[int] | None) -> bool:
    return ids is None or bool(ids)
