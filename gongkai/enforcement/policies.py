"""Who may see and change enforcement publicity.

Recording and publishing decisions, and keeping the 事前公开 lists, belong to the agency's
editors (who publish its information) and its administrators; withdrawal and take-down
too, since the catalogue record is theirs. Every staff member of the agency may read the
staff archive (withdrawn and taken-down decisions with the party's real name).
"""

from __future__ import annotations

from gongkai.core.policies import EditorialPolicy


class EnforcementPolicy(EditorialPolicy):
    """The shared editorial rule (``core.policies.EditorialPolicy``), named for this app."""


EDIT_ROLES = EnforcementPolicy.EDIT_ROLES
VIEW_ROLES = EnforcementPolicy.VIEW_ROLES
may_view_any = EnforcementPolicy.may_view_any
may_edit_any = EnforcementPolicy.may_edit_any
