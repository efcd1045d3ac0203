"""Notifications (issue 22): the account holder's inbox and channel preference."""

from __future__ import annotations

from tests.security.policy_table import SIGNED_IN, get

ROUTES = {
    "notifications:inbox": get(SIGNED_IN),
    "notifications:preferences": get(SIGNED_IN),
}
