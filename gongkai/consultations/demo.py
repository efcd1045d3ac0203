"""Demo: the bureau's 2026 major-decision directory (decisions at different stages), one
open consultation on a draft 行政规范性文件 with comments, and one closed consultation with
its published adoption report. Everything goes through the services (actor None) and is
marked 演示数据; the closed consultation's period is placed in the past after opening (the
only write outside a service: a demo cannot wait thirty days). Idempotent: looked up by
title before anything is created.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

AGENCY_CODE = "002420455M"
YEAR = 2026
OPEN_TITLE = "上海市司法局关于规范公共法律服务事项办理的若干规定(征求意见稿)"
CLOSED_TITLE = "上海市法律援助经济困难标准调整方案(征求意见稿)"
MARK = "(演示数据)"

OPEN_TEXT = """第一条 为了规范本市公共法律服务事项的办理,方便群众办事,制定本规定。
第二条 公共法律服务事项实行清单管理,清单向社会公布。
清单调整的,应当在调整后10个工作日内公布。
第三条 公共法律服务机构应当一次性告知办事人需要提交的全部材料。
第四条 办事人对办理结果有异议的,可以向司法行政部门投诉,司法行政部门应当在15个工作日内答复。
第五条 本规定自2027年1月1日起施行。
"""
CLOSED_TEXT = """第一条 本市法律援助经济困难标准,按照本市城乡居民最低生活保障标准的2倍确定。
第二条 经济困难标准每两年调整一次,调整方案向社会公开征求意见。
第三条 本方案自公布之日起施行。
"""

DECISIONS: tuple[tuple[str, str, dict[str, dt.date]], ...] = (
    ("上海市公共法律服务体系建设三年行动计划(2026—2028年)", "公共法律服务处",
     {"public_participation": dt.date(2026, 3, 10), "expert_review": dt.date(2026, 4, 2),
      "risk_assessment": dt.date(2026, 4, 20), "legality_review": dt.date(2026, 5, 8),
      "collective_decision": dt.date(2026, 5, 26), "publication": dt.date(2026, 6, 5)}),
    ("上海市法律援助经济困难标准调整", "法律援助处",
     {"public_participation": dt.date(2026, 9, 30), "expert_review": dt.date(2026, 10, 20)}),
    ("上海市人民调解工作规范化建设方案", "人民参与和促进法治处",
     {"public_participation": dt.date(2026, 7, 15)}),
    ("上海市律师行业发展规划(2026—2030年)", "律师工作处", {}),
)


def load_consultations_demo(**options: Any) -> dict[str, int]:
    from gongkai.consultations import services
    from gongkai.consultations.models import Consultation, Decision
    from gongkai.core.models import Agency, Department

    agency = Agency.objects.filter(organisation_code=AGENCY_CODE).first()
    if agency is None:
        return {"decisions": 0, "consultations": 0}
    created = {"decisions": 0, "consultations": 0, "comments": 0}
    decisions = {}
    for order, (title, department_name, done) in enumerate(DECISIONS):
        decision = Decision.objects.filter(agency=agency, year=YEAR, title=title).first()
        if decision is None:
            department = Department.objects.filter(agency=agency, name=department_name).first()
            decision = services.decision_create(
                actor=None, agency=agency, year=YEAR, title=title, department=department,
                sort_order=order, summary=f"{title}的主要内容{MARK}。",
                basis="《重大行政决策程序暂行条例》", planned_on=dt.date(YEAR, 12, 31))
            for stage, day in done.items():
                if day <= services.today():
                    services.decision_stage_update(actor=None, decision=decision, stage=stage,
                                                   done_on=day, note=MARK)
            created["decisions"] += 1
        decisions[title] = decision
    today = services.today()
    if not Consultation.objects.filter(agency=agency, title=OPEN_TITLE).exists():
        consultation = services.consultation_create(
            actor=None, agency=agency, kind="normative", title=OPEN_TITLE, text=OPEN_TEXT,
            summary=f"规范公共法律服务事项的清单管理、一次性告知和投诉答复{MARK}。",
            explanation=f"为落实公共法律服务体系建设要求,起草了本规定。{MARK}",
            basis="《中华人民共和国法律援助法》《上海市公共法律服务办法》",
            contact=f"上海市司法局公共法律服务处,电子邮箱:demo@example.gov.cn{MARK}",
            channels="信函:上海市司法局公共法律服务处(请在信封上注明“征求意见”)")
        consultation = services.consultation_open(
            actor=None, consultation=consultation, closes_on=today + dt.timedelta(days=14))
        for text, anchor, name in (
                ("建议第二条明确清单调整的公布渠道,例如在门户网站专栏公布。", "a2p2", "市民王先生"),
                ("第四条的15个工作日偏长,建议缩短为10个工作日。", "a4", ""),
                ("建议增加线上办理的内容,老年人也能通过电话预约。", "", "老年读者")):
            sub = services.comment_submit(consultation=consultation, text=text, anchor=anchor,
                                          display_name=name)
            services.comment_moderate(actor=None, comment=sub.comment, publish=True)
            created["comments"] += 1
        created["consultations"] += 1
    if not Consultation.objects.filter(agency=agency, title=CLOSED_TITLE).exists():
        _closed(agency, decisions[DECISIONS[1][0]], created)
    created["attendance_calls"] = _attendance(decisions[DECISIONS[2][0]])
    return created


def _attendance(decision: Any) -> int:
    """An open announcement of seats at the decision meeting, with two applications."""
    from gongkai.consultations import attendance, services

    if decision.attendance_calls.exists():
        return 0
    today = services.today()
    call = attendance.call_create(
        actor=None, decision=decision, meeting="局长办公会议", seats=3,
        meeting_on=today + dt.timedelta(days=21), apply_until=today + dt.timedelta(days=10),
        announcement=f"欢迎利害关系人、企业代表和市民代表报名列席。{MARK}")
    for n, (name, category) in enumerate((("演示报名人甲", "citizen"), ("演示报名人乙", "business"))):
        attendance.apply(call=call, name=name, category=category, reason=f"关心人民调解工作{MARK}",
                         contact="demo@example.org", idempotency_key=f"demo-attendance-{n}")
    return 1


def _closed(agency: Any, decision: Any, created: dict[str, int]) -> None:
    from gongkai.consultations import limits, services
    from gongkai.consultations.models import Comment, Consultation

    today = services.today()
    consultation = services.consultation_create(
        actor=None, agency=agency, kind="major_decision", title=CLOSED_TITLE, text=CLOSED_TEXT,
        decision=decision, summary=f"调整本市法律援助经济困难标准{MARK}。",
        explanation=f"现行标准已执行两年,按规定调整。{MARK}", basis="《中华人民共和国法律援助法》第三十四条",
        contact=f"上海市司法局法律援助处{MARK}")
    consultation = services.consultation_open(actor=None, consultation=consultation,
                                              closes_on=today + dt.timedelta(days=30))
    campaign = "支持提高法律援助经济困难标准,让更多困难群众获得法律援助。"
    subs = [services.comment_submit(consultation=consultation, text=text, display_name=name)
            for text, name in ((campaign, "居民甲"), (campaign, "居民乙"),
                               (campaign + "希望尽快实施。", ""),
                               ("建议标准每年调整一次,而不是两年。", "律师李某"))]
    letter = services.comment_enter(actor=None, consultation=consultation, channel="post",
                                    received_on=today, text="建议对残疾人适当放宽标准。")
    # The demo places the period in the past: 30 days ending the day before yesterday.
    closes_on = today - dt.timedelta(days=2)
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_on=closes_on - dt.timedelta(days=30), closes_on=closes_on,
        minimum_closes_on=closes_on)
    Comment.objects.filter(consultation=consultation).update(received_on=closes_on - dt.timedelta(days=3))
    consultation.refresh_from_db()
    for sub in [*subs, letter]:
        services.comment_moderate(actor=None, comment=sub.comment, publish=True)
    services.consultation_close(actor=None, consultation=consultation,
                                now=limits.closing_moment(closes_on))
    services.comments_group(actor=None, consultation=consultation)
    group = consultation.groups.first()
    if group is not None:
        services.comments_answer_bulk(actor=None, consultation=consultation, group=group,
                                      disposition="adopted",
                                      answer="感谢支持,标准已按方案提高。")
    services.comment_answer(actor=None, comment=subs[3].comment, disposition="not_adopted",
                            answer="标准与最低生活保障标准挂钩,后者每年调整,标准随之联动,无需另行每年调整。")
    services.comment_answer(actor=None, comment=letter.comment, disposition="partly",
                            answer="已在方案中增加对残疾人的申请材料简化规定。")
    report = services.report_generate(
        actor=None, consultation=consultation,
        summary=f"公众普遍支持提高标准,主要意见集中在调整频率和特殊群体。{MARK}")
    report = services.report_review(actor=None, report=report)
    services.report_publish(actor=None, report=report)
    created["consultations"] += 1
    created["comments"] += 5
