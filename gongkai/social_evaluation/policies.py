"""Who may do what with social evaluation: the agency administrator runs rounds (sets
them up, invites evaluators, opens, closes, publishes); an evaluator answers only the
rounds they are invited to."""

from __future__ import annotations

from typing import Any

from gongkai.core.policies import AdministeredPolicy, evaluator_agency_ids


class SocialEvaluationPolicy(AdministeredPolicy):
    """Running rounds is the shared rule (``core.policies.AdministeredPolicy``); answering
    them is for the invited evaluators (the non-staff ``Role.EVALUATOR``)."""

    @staticmethod
    def is_evaluator(user: Any) -> bool:
        return bool(evaluator_agency_ids(user))
