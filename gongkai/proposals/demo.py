"""Demo data (演示数据): suggestions and proposals of 2026 in every state — registered,
being handled (one due soon, one overdue, one extended), replied and waiting to be
published, closed with a published reply on time, replied and published late, sent back by a
dissatisfied deputy, being redone, and redone and closed. Through the services; a second
run adds nothing. Dates of the closed cases are fixed; the open ones are set from today, so
that "due soon" and "overdue" mean something whenever the demo is loaded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

AGENCY_CODE = "002420455M"
NPC = "市十六届人大四次会议（演示）"
CPPCC = "市政协十四届四次会议（演示）"
D = dt.date

REPLY = ("张代表：\n您提出的《{subject}》收悉，现答复如下。\n我局高度重视，已会同相关处室研究落实……"
         "（演示数据）\n联系人：办公室 王某某\n联系电话：021-53881234")


def _cases(today: dt.date) -> list[dict[str, Any]]:
    ago = lambda days: today - dt.timedelta(days=days)  # noqa: E731
    return [
        {"number": "0101", "kind": "deputy_suggestion", "subject": "关于扩大法律援助覆盖面的建议",
         "registered": ago(5)},
        {"number": "0102", "kind": "deputy_suggestion", "subject": "关于优化律师会见预约的建议",
         "registered": ago(90), "assigned": ago(85)},                          # due soon
        {"number": "0103", "kind": "cppcc_proposal", "subject": "关于加强社区矫正信息化的提案",
         "registered": ago(120), "assigned": ago(110)},                        # overdue
        {"number": "0104", "kind": "deputy_suggestion", "subject": "关于规范司法鉴定收费的建议",
         "registered": ago(130), "assigned": ago(125), "extend": 2},           # extended
        {"number": "0105", "kind": "cppcc_proposal", "subject": "关于公证服务“一网通办”的提案",
         "registered": ago(70), "assigned": ago(65),
         "replies": [("A", ago(6), None, None)]},                              # to publish
        {"number": "0011", "kind": "deputy_suggestion", "subject": "关于公开行政执法结果的建议",
         "registered": D(2026, 2, 3), "assigned": D(2026, 2, 10),
         "replies": [("A", D(2026, 4, 20), D(2026, 5, 6), "satisfied")]},      # on time, closed
        {"number": "0012", "kind": "cppcc_proposal", "subject": "关于人民调解员培训的提案",
         "registered": D(2026, 2, 3), "assigned": D(2026, 2, 10),
         "replies": [("B", D(2026, 5, 20), D(2026, 7, 1), "basically_satisfied")]},  # late
        {"number": "0013", "kind": "deputy_suggestion", "subject": "关于增设公共法律服务站点的建议",
         "registered": D(2026, 2, 20), "assigned": D(2026, 3, 1),
         "replies": [("C", D(2026, 5, 25), D(2026, 6, 5), "dissatisfied")]},   # dissatisfied
        {"number": "0014", "kind": "deputy_suggestion", "subject": "关于仲裁信息公开的建议",
         "registered": D(2026, 2, 20), "assigned": D(2026, 3, 1),
         "replies": [("D", D(2026, 5, 28), D(2026, 6, 10), "dissatisfied")],
         "redo": ago(20)},                                                      # being redone
        {"number": "0015", "kind": "cppcc_proposal", "subject": "关于律师执业权利保障的提案",
         "registered": D(2026, 1, 20), "assigned": D(2026, 1, 20),
         "replies": [("C", D(2026, 4, 10), D(2026, 4, 28), "dissatisfied"),
                     ("A", D(2026, 7, 10), D(2026, 7, 20), "satisfied")],
         "redo": D(2026, 4, 20), "summary": True},                             # redone, closed
    ]


def _run(agency: Any, case: dict[str, Any], today: dt.date) -> None:
    from gongkai.core.models import Department
    from gongkai.proposals import services

    session = NPC if case["kind"] == "deputy_suggestion" else CPPCC
    departments = list(Department.objects.filter(agency=agency).order_by("sort_order", "pk"))
    lead = next((d for d in departments if d.name == "律师工作管理处"), departments[0])
    co = [d for d in departments if d.name == "公共法律服务管理处" and d.pk != lead.pk]
    proposal = services.proposal_register(
        actor=None, agency=agency, kind=case["kind"], number=case["number"], session=session,
        proposers="张代表、李代表（演示）" if case["kind"] == "deputy_suggestion" else "赵委员（演示）",
        subject=case["subject"], text="建议内容（演示数据）。", registered_on=case["registered"])
    if "assigned" not in case:
        return
    services.proposal_assign(actor=None, proposal=proposal, lead_department=lead,
                             co_departments=co, assigned_on=case["assigned"])
    if case.get("extend"):
        services.proposal_extend(actor=None, proposal=proposal, months=case["extend"],
                                 reason="涉及多个部门，经分管领导批准延期（演示）")
    for round_, (outcome, replied_on, published_on, satisfaction) in enumerate(
            case.get("replies", []), start=1):
        summary = bool(case.get("summary")) and round_ == 2
        reply = services.proposal_reply(
            actor=None, proposal=proposal, outcome=outcome, replied_on=replied_on,
            text=REPLY.format(subject=case["subject"]),
            publish_mode="summary" if summary else "full",
            summary="已将建议纳入2026年工作计划并落实（演示数据）。" if summary else "",
            summary_reason="答复全文涉及第三方商业信息" if summary else "")
        if published_on is not None:
            services.reply_publish(actor=None, reply=reply, today=published_on)
        if satisfaction:
            services.proposal_feedback(actor=None, proposal=proposal, satisfaction=satisfaction,
                                       feedback_on=replied_on + dt.timedelta(days=10))
        if round_ == 1 and case.get("redo"):
            services.proposal_redo(actor=None, proposal=proposal, started_on=case["redo"])


def load_proposals_demo(**options: Any) -> dict[str, int]:
    from gongkai.core.models import Agency
    from gongkai.proposals.models import Proposal

    agency = Agency.objects.filter(organisation_code=AGENCY_CODE).first()
    if agency is None:
        return {"proposals": 0}
    today = timezone.localdate()
    created = 0
    for case in _cases(today):
        session = NPC if case["kind"] == "deputy_suggestion" else CPPCC
        if Proposal.objects.filter(agency=agency, kind=case["kind"], session=session,
                                   number=case["number"]).exists():
            continue
        _run(agency, case, today)
        created += 1
    return {"proposals": created}
