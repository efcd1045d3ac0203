"""The leadership group's routes (issue 22): a public page of members and published
decisions; staff pages for agency administrators."""

from __future__ import annotations

from typing import Any

from tests.security.policy_table import ADMIN_A, PUBLIC, Rule, anywhere, get, own, post

ROUTES: dict[str, Rule] = {
    "leadership:index": get(PUBLIC),
    "staff:leadership_list": get(anywhere(ADMIN_A)),
    "staff:leadership_group": get(own(ADMIN_A)),
    "staff:leadership_member_change": post(own(ADMIN_A)),
    "staff:leadership_meeting": get(own(ADMIN_A)),
}

MARK_MINUTES = "会议纪要标记亥子丑"
MARKERS = {"leadership minutes": MARK_MINUTES}


def build(w: Any) -> None:
    import datetime as dt

    from gongkai.leadership import services

    group = services.group_create(actor=None, agency=w.agency, name="矩阵测试领导小组")
    member = services.member_appoint(actor=None, group=group, name="矩阵组长", post="局长",
                                     role="leader", started_on=dt.date(2025, 1, 1))
    meeting = services.meeting_record(actor=None, group=group, title="矩阵测试会议",
                                      held_on=dt.date(2025, 2, 1), minutes=MARK_MINUTES,
                                      decisions=["矩阵测试议定事项"])
    services.decisions_publish(actor=None, meeting=meeting)
    w.objects.update(leadership_group=group, leadership_member=member,
                     leadership_meeting=meeting)


def kwargs(w: Any) -> dict[str, dict[str, Any]]:
    return {"staff:leadership_group": {"pk": w.leadership_group.pk},
            "staff:leadership_member_change": {"pk": w.leadership_member.pk},
            "staff:leadership_meeting": {"pk": w.leadership_meeting.pk}}
