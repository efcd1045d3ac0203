"""Demo applications for the bureau (上海市司法局, 002420455M): closed cases over 2024–2026
covering every reply type and sub-reason of the annual report, with corrections,
consultations, extensions, fees, reviews and 审核 of refusals (reply_review); and open
cases relative to today in every state (one draft waiting for 审核, one returned), so
that the queues, the status page and the annual report have something real.

Everything goes through the services (so clocks, events, notices and audit are real).
Applicants are fictitious and marked 演示; ID numbers carry valid check digits but a
demo birth date pattern. Deterministic for a given day and idempotent: each case has an
idempotency key ``demo-…`` and is written in one transaction, so a second run (or a run
after an interruption) adds nothing twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.applications import identity, reply_review, reply_types, services
from gongkai.applications.models import Application, ReviewKind, ReviewOutcome
from gongkai.core.demo_registry import register_demo_loader
from gongkai.workdays.calendar import add_working_days

AGENCY_CODE = "002420455M"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["建国", "秀英", "海燕", "志强", "丽华", "文博", "雨欣", "子涵", "国平", "美玲", "晓东",
         "佳怡", "振华", "静怡", "明杰", "慧敏", "永康", "雅琴", "浩然", "桂兰"]
ORGANISATIONS = [
    ("commercial", "上海演示商贸有限公司"), ("research", "演示法治研究院"),
    ("public_interest", "演示公益法律援助中心"), ("legal_service", "上海演示律师事务所"),
    ("other", "演示业主委员会"),
]
TOPICS = [
    "2023年度律师事务所年度检查考核结果", "本市公证机构执业区域划分的依据文件",
    "《上海市司法局行政处罚裁量基准》制定过程中的征求意见汇总",
    "2024年人民调解员培训经费使用情况", "某司法鉴定机构受到行政处罚的决定书",
    "市司法局2023年政府信息公开工作年度报告统计口径说明", "法律援助经济困难标准的调整依据",
    "12348热线2024年来电统计数据", "律师执业证书注销公告所依据的文件",
    "沪司规〔2021〕3号文件的起草说明", "司法所规范化建设验收标准",
    "行政复议案件受理情况月度统计", "社区矫正对象教育帮扶经费标准",
    "公证员执业年度考核办法", "某律师事务所投诉处理结果", "仲裁委员会组成人员名单",
    "法治政府建设年度报告附件", "行政执法人员持证情况统计", "司法行政系统2024年部门预算说明",
    "律师调解工作室设立条件", "人民陪审员选任名单", "法律职业资格考试考点安排",
]
SHARED_TOPIC = "2024年度本市律师行业投诉处理情况统计"  # asked by two applicants → Art. 44


def _person_id(n: int) -> str:
    first17 = f"310104{1960 + n % 40:04d}{1 + n % 12:02d}{1 + n % 28:02d}{n % 900 + 100:03d}"
    return first17 + identity.resident_id_check_char(first17)


def _credit_code(n: int) -> str:
    first17 = f"91310000MA1K{n % 100000:05d}"
    return first17 + identity.credit_code_check_char(first17)


def _applicant(n: int) -> dict[str, Any]:
    if n % 4 == 3:
        category, name = ORGANISATIONS[(n // 4) % len(ORGANISATIONS)]
        return {"applicant_type": "organisation", "organisation_category": category,
                "applicant_name": f"{name}(演示)", "credit_code": _credit_code(n),
                "contact_name": f"{SURNAMES[n % len(SURNAMES)]}经理(演示)",
                "phone": f"021-6{n % 1000:03d}{n % 10000:04d}", "address": "上海市演示路88号",
                "receipt_method": "post", "email": ""}
    name = SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 7) % len(GIVEN)]
    return {"applicant_type": "natural_person", "applicant_name": f"{name}(演示)",
            "id_type": "resident_id", "id_number": _person_id(n),
            "phone": f"138{n % 10000:04d}{(n * 37) % 10000:04d}",
            "email": f"demo{n}@example.com", "address": f"上海市演示路{n + 1}号",
            "receipt_method": "email" if n % 2 == 0 else "post"}


def _working(day: dt.date, n: int) -> dt.date:
    return add_working_days(day, n).date


@dataclass
class Script:
    key: str
    received_on: dt.date
    channel: str
    applicant: int
    description: str
    steps: list[Callable[[Application, Any, Any], None]] = field(default_factory=list)


def _correct(days: int = 2, answer_after: int | None = 5) -> Callable[..., None]:
    def step(case: Application, officer: Any, head: Any) -> None:
        asked = _working(case.received_on, days)
        services.request_correction(actor=officer, application=case, requested_on=asked,
                                    what_to_correct="请写明所需信息的名称、文号或形成时间。")
        if answer_after is not None:
            services.receive_correction(actor=officer, application=case,
                                        received_on=_working(asked, answer_after),
                                        corrected_description=case.description + "(已补正)")
    return step


def _consult(after: int = 4, length: int | None = 8, kind: str = "third_party") -> Callable[..., None]:
    def step(case: Application, officer: Any, head: Any) -> None:
        case.refresh_from_db()
        start = _working(case.clock_start_on, after)
        services.third_party_consultation_start(actor=officer, application=case, kind=kind,
                                    party_name="演示科技有限公司" if kind == "third_party"
                                    else "上海市演示局", started_on=start)
        if length is not None:
            services.third_party_consultation_end(actor=officer, application=case,
                                      ended_on=_working(start, length), consented=False,
                                      response="涉及商业信息,不同意公开。")
    return step


def _extend(days: int = 15, approve: bool | None = True) -> Callable[..., None]:
    def step(case: Application, officer: Any, head: Any) -> None:
        services.extension_request(actor=officer, application=case, working_days=days,
                                   reason="所需信息涉及多个处室,需要汇总核实。")
        if approve is True:
            case.refresh_from_db()
            services.extension_approve(actor=head, application=case, note="同意延期。",
                                       decided_on=min(case.due_on, timezone.localdate()))
        elif approve is False:
            services.extension_deny(actor=head, application=case, note="请按期答复。")
    return step


def _assign(case: Application, officer: Any, head: Any) -> None:
    services.assign(actor=officer, application=case, assignee=officer,
                    department=case.agency.departments.filter(name="办公室").first())


def _reply(reply_type: str, sub: str = "", *, late: bool = False) -> Callable[..., None]:
    def step(case: Application, officer: Any, head: Any) -> None:
        case.refresh_from_db()
        facts = [_working(case.clock_start_on, 12)]
        facts += [c.ended_on for c in case.third_party_consultations.all() if c.ended_on]
        facts += [e.decided_on for e in case.extensions.all() if e.decided_on]
        if hasattr(case, "fee") and case.fee.paid_on:
            facts.append(case.fee.paid_on)
        day = _working(case.due_on, 3) if late else min(max(facts), case.due_on)
        day = min(day, timezone.localdate())
        withheld = []
        text = ""
        if reply_type == reply_types.PARTIALLY_DISCLOSED:
            withheld = [{"description": "涉及第三方商业信息的部分", "reason": "third_party"}]
            text = "提供除第三方商业信息以外的部分。"
        elif reply_type == reply_types.DISCLOSED:
            text = ("该信息已主动公开,可在本机关政府信息公开目录查阅。" if sub == "already_public"
                    else "现将所申请的信息提供给您,详见附件。")
        files = [("答复附件.txt", f"{case.case_number} 演示附件".encode())] \
            if reply_type in services.DISCLOSED_REPLY_TYPES and sub != "already_public" else []
        if reply_review.needs_review(case.agency_id, reply_type):
            # 审核: the officer's draft, approved by the department head on the reply day.
            services.reply_submit_for_review(actor=officer, application=case, reply_type=reply_type,
                                             reply_type_reason=sub, reply_text=text, files=files,
                                             withheld=withheld)
            services.reply_review_approve(actor=head, application=case, replied_on=day,
                                          comment="同意按此答复。")
            return
        services.reply(actor=officer, application=case, reply_type=reply_type, reply_type_reason=sub,
                       reply_text=text, replied_on=day, files=files, withheld=withheld)
    return step


def _draft_for_review(returned: bool = False) -> Callable[..., None]:
    """A refusal drafted and waiting for the head (or returned once with comments)."""
    def step(case: Application, officer: Any, head: Any) -> None:
        services.reply_submit_for_review(
            actor=officer, application=case, reply_type=reply_types.WITHHELD, reply_type_reason="third_party",
            reply_text="所申请信息涉及第三方商业秘密,第三方不同意公开。")
        if returned:
            services.reply_review_return(actor=head, application=case,
                                         comment="请写明征求第三方意见的情况及其答复日期。")
    return step


def _fee(pages: int, paid: bool | None) -> Callable[..., None]:
    def step(case: Application, officer: Any, head: Any) -> None:
        case.refresh_from_db()
        issued = _working(case.clock_start_on, 3)
        fee = services.fee_issue(actor=officer, application=case, method="per_volume",
                                 quantity=pages, issued_on=issued)
        if paid is True:
            services.fee_paid(actor=officer, application=case, paid_on=_working(issued, 6))
        elif paid is False:
            services.fee_deemed_withdrawn(actor=officer, application=case,
                                          on=_working(fee.pay_by, 1))
    return step


def _deemed_no_correction(case: Application, officer: Any, head: Any) -> None:
    case.refresh_from_db()
    services.correction_deemed_withdrawn(actor=officer, application=case,
                                         on=_working(case.correction.reply_by, 1))


def _withdraw(case: Application, officer: Any, head: Any) -> None:
    services.withdraw(actor=officer, application=case, reason="申请人来电表示撤回申请。",
                      on=_working(case.received_on, 4))


def _archive(case: Application, officer: Any, head: Any) -> None:
    case.refresh_from_db()
    closed = case.closed_on or case.received_on
    services.archive(actor=officer, application=case, archived_at=timezone.make_aware(
        dt.datetime.combine(_working(closed, 5), dt.time(16))))


def _review(kind: str, result: str) -> Callable[..., None]:
    def step(case: Application, officer: Any, head: Any) -> None:
        case.refresh_from_db()
        filed = (case.closed_on or case.received_on) + dt.timedelta(days=30)
        decided = filed + dt.timedelta(days=60) if result != ReviewOutcome.PENDING else None
        if filed > timezone.localdate() or (decided and decided > timezone.localdate()):
            return
        services.review_record(actor=officer, application=case, kind=kind, filed_on=filed,
                               body="上海市人民政府(演示)" if kind == ReviewKind.RECONSIDERATION
                               else "上海市演示区人民法院", outcome=result, decided_on=decided)
    return step


CHANNELS = ["online", "post", "in_person", "online", "ordinary_mail", "fax", "online"]


def closed_scripts() -> list[Script]:
    """One closed case per reply type row of table 三, spread over 2024–2026."""
    pairs: list[tuple[str, str]] = []
    for item in reply_types.REPLY_TYPES:
        if not item.reasons:
            pairs.append((item.code, ""))
        pairs.extend((item.code, s.code) for s in item.reasons)
    scripts = []
    start = dt.date(2024, 1, 8)
    for i, (reply_type, sub) in enumerate(pairs):
        received = _working(start + dt.timedelta(days=37 * i), 0)
        script = Script(f"demo-closed-{i:02d}", received, CHANNELS[i % len(CHANNELS)], i,
                        f"请公开{TOPICS[i % len(TOPICS)]}。")
        script.steps.append(_assign)
        if (reply_type, sub) == (reply_types.OTHER, "no_correction"):
            script.steps += [_correct(answer_after=None), _deemed_no_correction]
        elif (reply_type, sub) == (reply_types.OTHER, "fee_unpaid"):
            script.steps += [_fee(260, paid=False)]
        elif (reply_type, sub) == (reply_types.OTHER, "other"):
            script.steps += [_withdraw]
        else:
            if i % 4 == 1:
                script.steps.append(_correct())
            if i % 5 == 2 or reply_type == reply_types.PARTIALLY_DISCLOSED:
                script.steps.append(_consult(kind="other_agency" if i % 2 else "third_party"))
            if i % 6 == 3:
                script.steps.append(_extend())
            if i == 7:
                script.steps.append(_fee(120, paid=True))
            script.steps.append(_reply(reply_type, sub, late=(i == 11)))
        if i % 3 == 0 and received < dt.date(2026, 3, 1):
            script.steps.append(_archive)
        if (reply_type, sub) == (reply_types.WITHHELD, "third_party"):
            script.steps.append(_review(ReviewKind.RECONSIDERATION, ReviewOutcome.UPHELD))
        if (reply_type, sub) == (reply_types.UNAVAILABLE, "not_held"):
            script.steps.append(_review(ReviewKind.LITIGATION_DIRECT, ReviewOutcome.PENDING))
        if (reply_type, sub) == (reply_types.NOT_PROCESSED, "repeated"):
            script.steps.append(_review(ReviewKind.RECONSIDERATION, ReviewOutcome.CORRECTED))
        scripts.append(script)
    # The same information from two applicants, both disclosed: an Art. 44 proposal.
    for j, day in enumerate([dt.date(2025, 3, 3), dt.date(2025, 4, 7)]):
        scripts.append(Script(f"demo-shared-{j}", day, "online", 40 + j, f"请公开{SHARED_TOPIC}。",
                              [_assign, _reply(reply_types.DISCLOSED, "provided")]))
    return scripts


def open_scripts(today: dt.date) -> list[Script]:
    """Open cases relative to today: one per queue (new, due soon, overdue, waiting)."""

    def ago(working_days: int) -> dt.date:
        day = today
        for _ in range(working_days):
            day -= dt.timedelta(days=1)
            while day.weekday() >= 5:
                day -= dt.timedelta(days=1)
        return day

    t = TOPICS
    return [
        Script("demo-open-new-1", ago(0), "online", 60, f"请公开{t[0]}。"),
        Script("demo-open-new-2", ago(1), "post", 61, f"请公开{t[5]}。"),
        Script("demo-open-progress", ago(6), "in_person", 62, f"请公开{t[8]}。", [_assign]),
        Script("demo-open-due-soon", ago(17), "online", 63, f"请公开{t[12]}。", [_assign]),
        Script("demo-open-overdue", ago(24), "fax", 67, f"请公开{t[14]}。", [_assign]),
        Script("demo-open-correction", ago(4), "online", 64, "请公开有关文件。",
               [_assign, _correct(days=1, answer_after=None)]),
        Script("demo-open-consultation", ago(9), "post", 65, f"请公开{t[4]}。",
               [_assign, _consult(after=3, length=None)]),
        Script("demo-open-fee", ago(8), "online", 66, f"请公开{t[16]}全部附件。",
               [_assign, _fee(140, paid=None)]),
        Script("demo-open-extension-pending", ago(15), "ordinary_mail", 68, f"请公开{t[19]}。",
               [_assign, _extend(10, approve=None)]),
        Script("demo-open-extended", ago(12), "online", 69, f"请公开{t[20]}。",
               [_assign, _extend(20, approve=True)]),
        Script("demo-open-reply-review", ago(14), "online", 70, f"请公开{t[2]}。",
               [_assign, _draft_for_review()]),
        Script("demo-open-review-returned", ago(13), "post", 71, f"请公开{t[6]}。",
               [_assign, _draft_for_review(returned=True)]),
    ]


def _run(script: Script, agency: Any, officer: Any, head: Any) -> bool:
    if Application.objects.filter(agency=agency, idempotency_key=script.key).exists():
        return False
    fields = {**_applicant(script.applicant), "description": script.description,
              "delivery_form": ["electronic", "paper", "inspection"][script.applicant % 3]}
    with transaction.atomic():
        result = services.register(actor=officer, agency=agency, channel=script.channel,
                                   received_on=script.received_on, idempotency_key=script.key,
                                   **fields)
        for step in script.steps:
            step(result.application, officer, head)
    return True


def load_applications_demo(**options: Any) -> dict[str, int]:
    """Registered demo loader: applications for the bureau (needs the core demo users)."""
    from gongkai.core.demo import DemoRefusedError
    from gongkai.core.models import Agency, User

    if not settings.GONGKAI_DEMO_ALLOWED:
        raise DemoRefusedError("demo data is refused when GONGKAI_ENV=production")
    agency = Agency.objects.filter(organisation_code=AGENCY_CODE).first()
    officer = User.objects.filter(username="officer").first()
    head = User.objects.filter(username="head").first()
    if agency is None or officer is None or head is None:
        return {"applications": 0}
    today = timezone.localdate()
    created = 0
    for script in [*closed_scripts(), *open_scripts(today)]:
        if script.received_on > today:
            continue
        created += _run(script, agency, officer, head)
    return {"applications": created}


register_demo_loader("applications", load_applications_demo)
