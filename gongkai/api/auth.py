"""API authentication: the staff session (with CSRF) or a personal bearer token."""

from __future__ import annotations

from ninja.security import HttpBearer, SessionAuth

from gongkai.core.policies import is_staff_member
from gongkai.core.services import api_token_authenticate


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        user = api_token_authenticate(token)
        if user is None or not is_staff_member(user):
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
