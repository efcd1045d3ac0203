"""The leadership group: changes keep the history; published decisions are public."""

import datetime as dt

import pytest

from gongkai.leadership import selectors, services

D = dt.date


@pytest.mark.django_db
def test_changes_keep_history_and_published_decisions_are_public(client, agency,
                                                                 agency_admin):
    group = services.group_create(actor=agency_admin, agency=agency, name="政务公开工作领导小组")
    leader = services.member_appoint(actor=agency_admin, group=group, name="陈明",
                                     post="局长", role="leader", started_on=D(2024, 3, 1))
    deputy = services.member_appoint(actor=agency_admin, group=group, name="刘芳",
                                     post="副局长", role="deputy", started_on=D(2024, 3, 1))
    services.member_change(actor=agency_admin, member=leader, on=D(2025, 6, 1))  # leaves
    promoted = services.member_change(actor=agency_admin, member=deputy, on=D(2025, 6, 1),
                                      role="leader", note="接任组长")
    with pytest.raises(services.LeadershipInvalid):
        services.member_change(actor=agency_admin, member=deputy, on=D(2025, 7, 1))
    assert [m.name for m in selectors.members_on(group, D(2025, 1, 1))] == ["陈明", "刘芳"]
    now = selectors.members_on(group, D(2025, 6, 1))
    assert [(m.name, m.role) for m in now] == [("刘芳", "leader")] and now[0] == promoted
    deputy.refresh_from_db()
    assert deputy.ended_on == D(2025, 5, 31) and selectors.member_history(group).count() == 3
    meeting = services.meeting_record(actor=agency_admin, group=group, title="第一次全体会议",
                                      held_on=D(2025, 2, 20), minutes="内部纪要不公开",
                                      decisions=["审议通过年度工作要点", ""])
    url = f"/{agency.slug}/leadership/"
    page = client.get(url).content.decode()
    assert "刘芳" in page and "陈明" not in page and "审议通过年度工作要点" not in page
    services.decisions_publish(actor=agency_admin, meeting=meeting)
    page = client.get(url).content.decode()
    assert "审议通过年度工作要点" in page and "内部纪要不公开" not in page
