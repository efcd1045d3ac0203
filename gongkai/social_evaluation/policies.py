"""Who may do what with social evaluation: the agency administrator runs rounds (sets
them up, invites evaluators, opens, closes, publishes); an evaluator answers only the
rounds they are invited to."""

from __future__ import annotations

from typing import Any

from gongkai.core.models import Role
from gongkai.core.policies import agency_ids_for, evaluator_agency_ids, has_role

MANAGE_ROLES = (Role.AGENCY_ADMIN,)


class SocialEvaluationPolicy:
    @staticmethod
    def can_manage(user: Any, agency: Any) -> bool:
        return has_role(user, MANAGE_ROLES, agency)

    @staticmethod
    def agencies_managed(user: Any) -> list[int] | None:
        return agency_ids_for(user, MANAGE_ROLES)

    @staticmethod
    def may_manage_any(user: Any) -> bool:
        ids = agency_ids_for(user, MANAGE_ROLES)
        return ids is None or bool(ids)

    @staticmethod
    def is_evaluator(user: Any) -> bool:
        return bool(evaluator_agency_ids(user))
