"""Who may do what with training: agency administrators record trainings and attendance
and read everyone's record in their agency; every staff member reads their own."""

from __future__ import annotations

from typing import Any

from gongkai.core.policies import AdministeredPolicy, is_staff_member, roles_of


class TrainingPolicy(AdministeredPolicy):
    """Managing is the shared rule (``core.policies.AdministeredPolicy``); a record is read
    by its own staff member and by the administrators of an agency the person works in."""

    @classmethod
    def can_view_record(cls, user: Any, person: Any) -> bool:
        if user.pk == person.pk:
            return is_staff_member(user)
        ids = cls.agencies_managed(user)
        return ids is None or any(m.agency_id in ids for m in roles_of(person))
