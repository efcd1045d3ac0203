"""Who may do what with the leadership group: agency administrators keep it (members,
meetings, decisions, publication)."""

from __future__ import annotations

from gongkai.core.policies import AdministeredPolicy


class LeadershipPolicy(AdministeredPolicy):
    """The shared rule (``core.policies.AdministeredPolicy``), named for this app."""
