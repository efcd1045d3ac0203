"""Reads of the leadership group."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from gongkai.leadership.models import GroupMember, LeadershipGroup, Meeting, MemberRole


def groups(*, agency_ids: list[int] | None) -> QuerySet[LeadershipGroup]:
    qs = LeadershipGroup.objects.select_related("agency")
    return qs if agency_ids is None else qs.filter(agency_id__in=agency_ids)


ROLE_ORDER = {role: i for i, role in enumerate(MemberRole.values)}


def members_on(group: LeadershipGroup, on: dt.date) -> list[GroupMember]:
    """Who was in the group on a day (today: the current composition), leader first."""
    found = group.members.filter(started_on__lte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on))
    return sorted(found, key=lambda m: (ROLE_ORDER[m.role], m.started_on, m.pk))


def member_history(group: LeadershipGroup) -> QuerySet[GroupMember]:
    return group.members.order_by("-started_on", "-id")


def published_meetings(group: LeadershipGroup) -> QuerySet[Meeting]:
    return group.meetings.filter(decisions_published_at__isnull=False).prefetch_related(
        "decisions")


def public_groups(agency: Any) -> QuerySet[LeadershipGroup]:
    return LeadershipGroup.objects.filter(agency=agency)
