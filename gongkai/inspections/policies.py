"""Who may run random inspections.

Importing the item list and the two pools, making a plan, committing, drawing, recording
and publishing results belong to the agency's editors and administrators (the people who
publish its information); every staff member of the agency may read the staff pages
(the seed stays secret until the draw, even from them).
"""

from __future__ import annotations

from gongkai.core.policies import EditorialPolicy


class InspectionPolicy(EditorialPolicy):
    """The shared editorial rule (``core.policies.EditorialPolicy``), named for this app."""


EDIT_ROLES = InspectionPolicy.EDIT_ROLES
VIEW_ROLES = InspectionPolicy.VIEW_ROLES
may_view_any = InspectionPolicy.may_view_any
may_edit_any = InspectionPolicy.may_edit_any
