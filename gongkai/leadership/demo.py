"""Demo data: the bureau's openness leadership group with a change of leader and two
meetings, the first with published decisions; through the services, idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

AGENCY_CODE = "002420455M"
NAME = "政务公开工作领导小组"


def load_leadership_demo(**options: Any) -> dict[str, int]:
    from gongkai.core.models import Agency
    from gongkai.leadership import services
    from gongkai.leadership.models import LeadershipGroup

    agency = Agency.objects.filter(organisation_code=AGENCY_CODE).first()
    if agency is None or LeadershipGroup.objects.filter(agency=agency, name=NAME).exists():
        return {"leadership_groups": 0}
    year = dt.date.today().year
    group = services.group_create(
        actor=None, agency=agency, name=NAME, established_on=dt.date(year - 2, 3, 1),
        is_demo=True, duties="统筹协调本机关政务公开工作，审定年度工作要点，研究解决重大问题。")
    leader = services.member_appoint(actor=None, group=group, name="陈明", post="党委书记、局长",
                                     role="leader", started_on=dt.date(year - 2, 3, 1))
    services.member_appoint(actor=None, group=group, name="刘芳", post="副局长", role="deputy",
                            started_on=dt.date(year - 2, 3, 1))
    for name, post in (("赵强", "办公室主任"), ("孙丽", "法治调研处处长")):
        services.member_appoint(actor=None, group=group, name=name, post=post,
                                role="office" if post == "办公室主任" else "member",
                                started_on=dt.date(year - 2, 3, 1))
    services.member_change(actor=None, member=leader, on=dt.date(year - 1, 6, 1))
    services.member_appoint(actor=None, group=group, name="周宏", post="党委书记、局长",
                            role="leader", started_on=dt.date(year - 1, 6, 1),
                            note="人事调整，接任组长")
    first = services.meeting_record(
        actor=None, group=group, title=f"{year}年第一次全体会议", held_on=dt.date(year, 2, 20),
        minutes="会议听取了上年度政务公开工作情况汇报，讨论了本年度工作要点（草案）。",
        decisions=[f"审议通过《{year}年政务公开工作要点》。",
                   "各处室于3月底前完成主动公开目录梳理。"])
    services.decisions_publish(actor=None, meeting=first)
    services.meeting_record(actor=None, group=group, title=f"{year}年第二次全体会议",
                            held_on=dt.date(year, 7, 15), minutes="听取上半年工作推进情况。",
                            decisions=["下半年开展政务公开专项培训。"])
    return {"leadership_groups": 1}
