"""API authentication: the staff session (with CSRF) or a personal bearer token."""

from __future__ import annotations

from ninja.security import HttpBearer, SessionAuth

from gongkai.core.models import Role
from gongkai.core.policies import is_staff_member, non_staff_agency_ids
from gongkai.core.services import api_token_authenticate


class BearerToken(HttpBearer):
    """A staff member's token; ``machine_role`` also admits the token of an account holding
    that non-staff role (an integration account), for the few endpoints made for it — the
    endpoint's policy still decides per agency."""

    def __init__(self, machine_role: str | None = None) -> None:
        super().__init__()
        self.machine_role = machine_role

    def authenticate(self, request, token: str):
        user = api_token_authenticate(token)
        if user is None:
            return None
        if not is_staff_member(user) and not (
                self.machine_role and non_staff_agency_ids(user, self.machine_role)):
            return None
        request.user = user
        return user


class StaffSession(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is None or not is_staff_member(user):
            return None
        return user


STAFF_AUTH = [BearerToken(), StaffSession()]
#: The hotline exchange: staff, or the token of a hotline integration account.
HOTLINE_AUTH = [BearerToken(machine_role=Role.HOTLINE_INTEGRATION), StaffSession()]
