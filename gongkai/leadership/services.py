"""Writes of the leadership group: keyword-only, policy first, one transaction, audited.
A change of role or a departure never edits a row's past: it closes the row on the day
and (for a change) opens a new one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.policies import PermissionDeniedError
from gongkai.leadership.models import (
    Decision,
    GroupMember,
    LeadershipGroup,
    Meeting,
    MemberRole,
)
from gongkai.leadership.policies import LeadershipPolicy


class LeadershipInvalid(ValueError):
    pass


def _require(actor: Any, agency: Any) -> None:
    if actor is not None and not LeadershipPolicy.can_manage(actor, agency):
        raise PermissionDeniedError("leadership.manage")


def group_create(*, actor: Any, agency: Any, name: str, duties: str = "",
                 established_on: dt.date | None = None, is_demo: bool = False
                 ) -> LeadershipGroup:
    _require(actor, agency)
    with transaction.atomic():
        group = LeadershipGroup.objects.create(agency=agency, name=name.strip()[:200],
                                               duties=duties, established_on=established_on,
                                               is_demo=is_demo)
        audit_record(actor=actor, verb="leadership.group_create", obj=group, agency=agency)
    return group


def member_appoint(*, actor: Any, group: LeadershipGroup, name: str, post: str, role: str,
                   started_on: dt.date, note: str = "") -> GroupMember:
    _require(actor, group.agency)
    if role not in MemberRole.values or not name.strip() or not post.strip():
        raise LeadershipInvalid("name, post and role are required")
    with transaction.atomic():
        member = GroupMember.objects.create(group=group, name=name.strip()[:50],
                                            post=post.strip()[:100], role=role,
                                            started_on=started_on, change_note=note[:200])
        audit_record(actor=actor, verb="leadership.member_appoint", obj=member,
                     agency=group.agency_id, details={"role": role})
    return member


def member_change(*, actor: Any, member: GroupMember, on: dt.date, role: str = "",
                  post: str = "", note: str = "") -> GroupMember | None:
    """End ``member``'s row the day before ``on``; with a new role or post, open the
    person's next row from ``on`` (returned). Without either it is a departure."""
    group = member.group
    _require(actor, group.agency)
    if member.ended_on is not None:
        raise LeadershipInvalid("this row has ended already")
    if on <= member.started_on:
        raise LeadershipInvalid("a change must come after the start")
    if role and role not in MemberRole.values:
        raise LeadershipInvalid("unknown role")
    with transaction.atomic():
        member.ended_on = on - dt.timedelta(days=1)
        member.save(update_fields=["ended_on"])
        successor = None
        if role or post:
            successor = GroupMember.objects.create(
                group=group, name=member.name, post=(post or member.post).strip()[:100],
                role=role or member.role, started_on=on, change_note=note[:200])
        audit_record(actor=actor, verb="leadership.member_change", obj=member,
                     agency=group.agency_id,
                     details={"role": role, "post": post, "left": successor is None})
    return successor


def meeting_record(*, actor: Any, group: LeadershipGroup, title: str, held_on: dt.date,
                   minutes: str = "", decisions: Iterable[str] = ()) -> Meeting:
    _require(actor, group.agency)
    if not title.strip():
        raise LeadershipInvalid("title required")
    with transaction.atomic():
        meeting = Meeting.objects.create(group=group, title=title.strip()[:200],
                                         held_on=held_on, minutes=minutes)
        Decision.objects.bulk_create(
            Decision(meeting=meeting, text=t.strip(), position=i)
            for i, t in enumerate(d for d in decisions if d.strip()))
        audit_record(actor=actor, verb="leadership.meeting_record", obj=meeting,
                     agency=group.agency_id)
    return meeting


def decisions_publish(*, actor: Any, meeting: Meeting, publish: bool = True) -> Meeting:
    """Show (or withdraw) the meeting's decisions on the agency's public page."""
    _require(actor, meeting.group.agency)
    with transaction.atomic():
        meeting.decisions_published_at = timezone.now() if publish else None
        meeting.save(update_fields=["decisions_published_at"])
        audit_record(actor=actor, verb="leadership.decisions_" + (
            "publish" if publish else "withdraw"), obj=meeting, agency=meeting.group.agency_id)
    return meeting
