"""Factories for suggestions and proposals. ``ProposalFactory`` builds rows directly (for
figures over many cases); the step helpers go through the services like the pages do."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import factory

from gongkai.proposals import services
from gongkai.proposals.models import Proposal, ProposalKind, ProposalReply
from tests.factories import AgencyFactory

_number = itertools.count(1)


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    agency = factory.SubFactory(AgencyFactory)
    kind = ProposalKind.DEPUTY_SUGGESTION
    year = 2020
    serial = factory.Sequence(lambda n: n + 1)
    number = factory.Sequence(lambda n: f"{n + 1:04d}")
    session = "市十五届人大三次会议"
    proposers = "张代表、李代表"
    subject = factory.Sequence(lambda n: f"关于加强公共法律服务的建议{n}")
    registered_on = dt.date(2020, 1, 20)


class ProposalReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalReply

    proposal = factory.SubFactory(ProposalFactory)
    round = 1
    due_on = dt.date(2020, 4, 30)
    replied_on = dt.date(2020, 4, 20)
    outcome = "A"
    text = "答复正文。"
    publish_by = dt.date(2020, 5, 22)


def register(agency: Any, actor: Any = None, *, on: dt.date = dt.date(2020, 1, 20),
             **fields: Any) -> Proposal:
    n = next(_number)
    values = {"kind": ProposalKind.DEPUTY_SUGGESTION, "number": f"T{n:04d}",
              "session": "市十五届人大三次会议", "proposers": "张代表、李代表",
              "subject": f"关于优化律师执业环境的建议{n}", "text": "建议内容。", **fields}
    return services.proposal_register(actor=actor, agency=agency, registered_on=on, **values)


REPLY_TEXT = ("张代表：\n您提出的关于优化律师执业环境的建议收悉，现答复如下。我局已会同有关部门……\n"
              "联系人：王某某\n联系电话：021-53881234\n"
              "如有意见请致电13812345678或发邮件至 office@sfj.example.gov.cn。")
