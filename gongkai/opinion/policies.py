"""Who handles public opinion: editors (who watch the channels), department heads and
agency administrators of the agency; a response is published by a department head or an
administrator. The feeds an agency monitors are the administrator's."""

from __future__ import annotations

from typing import Any

from gongkai.core.models import Role
from gongkai.core.policies import agency_ids_for, has_role

HANDLE_ROLES = (Role.EDITOR, Role.DEPARTMENT_HEAD, Role.AGENCY_ADMIN)
RESPOND_ROLES = (Role.DEPARTMENT_HEAD, Role.AGENCY_ADMIN)
FEED_ROLES = (Role.AGENCY_ADMIN,)


def _agency_id(obj: Any) -> Any:
    return getattr(obj, "agency_id", None) or getattr(obj, "pk", obj)


class OpinionPolicy:
    @staticmethod
    def can_handle(user: Any, agency: Any) -> bool:
        return has_role(user, HANDLE_ROLES, _agency_id(agency))

    @staticmethod
    def can_respond(user: Any, agency: Any) -> bool:
        return has_role(user, RESPOND_ROLES, _agency_id(agency))

    @staticmethod
    def can_manage_feeds(user: Any, agency: Any) -> bool:
        return has_role(user, FEED_ROLES, _agency_id(agency))

    @staticmethod
    def agencies_visible(user: Any) -> list[int] | None:
        return agency_ids_for(user, HANDLE_ROLES)

    @staticmethod
    def agencies_feeds(user: Any) -> list[int] | None:
        return agency_ids_for(user, FEED_ROLES)


def may_handle_any(user: Any) -> bool:
    ids = OpinionPolicy.agencies_visible(user)
    return ids is None or bool(ids)


def may_manage_feeds_any(user: Any) -> bool:
    ids = OpinionPolicy.agencies_feeds(user)
    return ids is None or bool(ids)
