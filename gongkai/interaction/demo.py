"""Demo messages for the bureau (上海市司法局, 002420455M) and the Xuhui bureau: mailbox
messages and 12345/12348 work orders over 2025–2026 in every state — answered and closed
ones across both years (some late, rated, published with consent), and open ones relative
to today (new, routed, due soon, overdue, waiting for the writer, in review, reopened,
dismissed), so that the inbox, the status page, the public list and the figures have
something real.

Writers are fictitious (姓名 ends in 演示, phone numbers 1380000xxxx). Everything goes
through the services with ``actor=None`` (the system); dates in the past are then set on
the rows (a demo cannot wait for the clock). Deterministic for a given day and idempotent:
each mailbox message has the idempotency key ``demo-…`` and each order the number
``DEMO-…``, and each is written in one transaction.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.core.models import Agency, Department, Membership, Role, User
from gongkai.core.services import membership_grant, user_create
from gongkai.interaction import hotline, services
from gongkai.interaction.models import Message, MessageEvent, Publication

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
TOPICS = {
    "consult": ["律师执业证遗失如何补办", "公证机构的办公时间咨询", "法律援助申请条件咨询",
                "人民调解协议的效力问题", "司法鉴定机构名录查询", "法律职业资格证书领取时间"],
    "complaint": ["投诉律师未按约定出庭", "投诉公证处窗口服务态度", "投诉调解员久拖不办",
                  "投诉法律服务所乱收费", "投诉司法鉴定意见出具过慢"],
    "suggestion": ["建议增设夜间公证服务窗口", "建议公开法律援助办理进度", "建议社区增加普法讲座",
                   "建议简化律师执业变更手续", "建议网站增加无障碍阅读功能"],
    "help": ["求助追讨拖欠工资的法律途径", "求助老人遗嘱公证上门服务", "求助邻里纠纷调解",
             "求助残疾人法律援助", "求助外来务工人员维权"],
}
REPLIES = [
    "您好，您反映的问题已转相关处室核实。根据有关规定，{topic}的办理流程和所需材料已在本局网站"
    "“办事服务”栏目公布，您也可以拨打12348法律服务热线咨询。感谢您的来信。",
    "您好，经核查，您反映的情况属实，我局已督促相关机构整改，并将整改情况告知您。感谢您的监督。",
    "您好，您的建议很有价值，我局将在今后工作中研究采纳。感谢您对司法行政工作的关心和支持。",
]
SERVICES = [("法律咨询", "12348"), ("噪音扰民", "12345"), ("劳动纠纷", "12345"),
            ("律师服务投诉", "12348"), ("公证咨询", "12348"), ("物业纠纷调解", "12345")]

MAILBOX_PER_AGENCY = {"sfj": 150, "xhsfj": 30}
ORDERS_PER_AGENCY = {"sfj": 75, "xhsfj": 15}


def _fields(rng: random.Random, n: int) -> dict[str, Any]:
    kind = ("consult", "complaint", "suggestion", "help")[n % 4]
    topic = rng.choice(TOPICS[kind])
    subject = f"{topic}（{n}）"
    while len(subject) < 10:
        subject += "的问题"
    return {"type": kind, "subject": subject[:25],
            "text": f"{topic}。我是一名市民，想了解具体办理要求和时限，请予答复。（演示来信第{n}号）",
            "name": f"{SURNAMES[n % len(SURNAMES)]}演示", "phone": f"1380000{n:04d}",
            "email": f"demo{n}@example.org" if n % 3 == 0 else "",
            "publish_consent": n % 3 != 2}


def _backdate(message: Message, received: dt.datetime, answered: dt.datetime | None,
              *, closed: bool = False) -> None:
    """Put the history on the days it would have happened."""
    values: dict[str, Any] = {}
    if answered is not None:
        values.update(answered_at=answered,
                      answered_in_time=timezone.localtime(answered).date() <= message.due_on)
        if message.rated_at:
            values["rated_at"] = answered + dt.timedelta(days=1)
        if message.published_at:
            values["published_at"] = answered + dt.timedelta(days=1)
        if closed or message.closed_at:
            values["closed_at"] = answered + dt.timedelta(days=1)
        if message.routed_at:
            values["routed_at"] = received + dt.timedelta(hours=3)
    if values:
        Message.objects.filter(pk=message.pk).update(**values)
    for index, event in enumerate(message.events.order_by("id")):
        late = answered is not None and event.verb not in ("submit", "hotline_import", "route")
        base = answered if late and answered else received
        MessageEvent.objects.filter(pk=event.pk).update(
            created_at=base + dt.timedelta(minutes=10 * index))


def _life(message: Message, rng: random.Random, n: int, today: dt.date,
          department: Department | None, assignee: Any) -> None:
    """Take one message through a deterministic part of its life."""
    received = message.received_at
    age = (today - timezone.localtime(received).date()).days
    if age > 20:  # an old message: answered (sometimes late), most rated and published
        services.message_route(actor=None, message=message, department=department,
                               assignee=assignee)
        if n % 29 == 0 and not message.is_hotline:
            services.message_dismiss(actor=None, message=message, reason="来信内容与本机关职责无关（演示）")
            Message.objects.filter(pk=message.pk).update(closed_at=received + dt.timedelta(days=2))
            return
        message = services.message_answer(actor=None, message=message,
                                          reply=REPLIES[n % len(REPLIES)].format(topic=message.subject))
        late = n % 11 == 0
        answered = received + dt.timedelta(days=(rng.randint(8, 20) if late else rng.randint(0, 3)),
                                            hours=rng.randint(1, 6))
        if message.publication == Publication.PENDING:
            if n % 7 == 0:
                message = services.publication_decide(message=message, approve=False)
            else:
                message = services.publication_decide(message=message, approve=True)
        if not message.is_hotline and n % 5 != 4:
            rating = ("satisfied", "satisfied", "mostly", "dissatisfied")[n % 4]
            message = services.message_rate(message=message, rating=rating)
        if message.status == "answered":
            message = services.message_close(actor=None, message=message, comment="期满办结（演示）")
        _backdate(message, received, answered, closed=True)
        return
    # Recent: the open states, relative to today.
    state = n % 8
    if state == 0:
        return  # new
    services.message_route(actor=None, message=message, department=department, assignee=assignee)
    if state == 2 and not message.is_hotline:
        services.message_ask(actor=None, message=message, question="请补充您所咨询事项的具体时间和地点。")
    elif state == 3:
        services._draft(actor=assignee, message=message, reply="（演示）答复草稿，待处室负责人审核。")
    elif state == 4:
        # Answered; a writer who consented has not confirmed the published text yet.
        services.message_answer(actor=None, message=message, reply="（演示）已答复，请查看。")
    elif state == 5 and not message.is_hotline:
        first = services.message_answer(actor=None, message=message, reply="（演示）首次答复。")
        services.message_rate(message=first, rating="dissatisfied")
        services.message_reopen(message=first, reason="答复没有说明办理时限（演示）")
    elif state == 6 and not message.is_hotline:
        services.message_mark_complex(actor=None, message=message, reason="涉及多个处室（演示）")


def _hotline_account(agency: Agency) -> None:
    """The 12345 hotline's machine account of the agency (no password, no token: an
    administrator issues one with ``gongkai token create hotline-12345-<slug>``)."""
    username = f"hotline-12345-{agency.slug}"
    if Membership.objects.filter(user__username=username, agency=agency,
                                 role=Role.HOTLINE_INTEGRATION).exists():
        return
    with transaction.atomic():
        user = User.objects.filter(username=username).first() or user_create(
            actor=None, username=username, password=None, display_name="12345热线对接（演示）",
            is_staff=False)
        membership_grant(actor=None, user=user, role=Role.HOTLINE_INTEGRATION, agency=agency)


def load_interaction_demo(records: Any = None, *, messages: int | None = None) -> dict[str, int]:
    """``records`` (synthetic catalogue records asked of ``gongkai demo``) does not apply
    here. ``messages``: mailbox messages for the bureau (default 150; orders are half as
    many, the Xuhui bureau a fifth) — a smaller demo for tests."""
    today = timezone.localdate()
    scale = messages / MAILBOX_PER_AGENCY["sfj"] if messages else 1.0
    counts = {"messages": 0, "hotline_orders": 0}
    for slug, full in MAILBOX_PER_AGENCY.items():
        per = max(1, round(full * scale))
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None:
            continue
        _hotline_account(agency)
        departments = list(Department.objects.filter(agency=agency))
        assignee = User.objects.filter(memberships__agency=agency,
                                       memberships__role="disclosure_officer").first()
        rng = random.Random(f"interaction-{slug}")
        start = dt.datetime(2025, 1, 6, 9, tzinfo=timezone.get_current_timezone())
        span = (timezone.localtime() - start).total_seconds()
        for n in range(per):
            fields = _fields(rng, n)
            recent = n % 5 == 0
            if recent:
                received = timezone.localtime() - dt.timedelta(days=rng.randint(0, 9), hours=1)
            else:
                received = start + dt.timedelta(seconds=span * n / per)
            key = f"demo-{slug}-{n}"
            if Message.objects.filter(agency=agency, idempotency_key=key).exists():
                continue
            with transaction.atomic():
                message = services.message_submit(agency=agency, idempotency_key=key,
                                                  now=received, **fields).message
                _life(message, rng, n, today, departments[n % len(departments)] if departments
                      else None, assignee)
            counts["messages"] += 1
        rows = []
        orders = max(1, round(ORDERS_PER_AGENCY[slug] * scale))
        for n in range(orders):
            name, line = SERVICES[n % len(SERVICES)]
            recent = n % 5 == 0
            requested = (timezone.localtime() - dt.timedelta(days=rng.randint(0, 9)) if recent
                         else start + dt.timedelta(seconds=span * n / orders))
            rows.append({"service_request_id": f"DEMO-{slug}-{line}-{n:05d}", "service_name": name,
                         "description": f"市民来电反映{name}问题，请予处理。（演示工单第{n}号）",
                         "requested_datetime": requested.isoformat(), "hotline": line,
                         "agency": slug, "name": f"{SURNAMES[n % 20]}演示",
                         "phone": f"1380001{n:04d}", "type": "help"})
        for index, row in enumerate(rows):
            if Message.objects.filter(external_id=row["service_request_id"]).exists():
                continue
            with transaction.atomic():
                result = hotline.import_orders(actor=None, rows=[row], source="demo")
                for message in result.created:
                    _life(message, rng, index, today,
                          departments[index % len(departments)] if departments else None, assignee)
            counts["hotline_orders"] += len(result.created)
    return counts
