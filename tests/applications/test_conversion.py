"""On-request → proactive conversion (Art. 44, issue 14/5): the draft is made from what
the applicants were given (the record provided, or the reply's files), through the
catalogue's own services, and requests are matched by meaning, not only identical wording."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.applications import services
from gongkai.applications.identity import resident_id_check_char
from gongkai.applications.models import ConversionProposal
from gongkai.catalogue.models import Record
from gongkai.catalogue.services import record_approve, record_attach, record_create, record_submit
from tests.applications.conftest import person
from tests.factories import record_fields

pytestmark = pytest.mark.django_db

D = dt.date
RECEIVED = D(2024, 5, 6)


def _id(n: int) -> str:
    base = f"1101011990030700{n}"
    return base + resident_id_check_char(base)


def _apply(officer, agency, at, n, description, on=RECEIVED):
    with at(on):
        return services.register(actor=officer, agency=agency, channel="in_person", received_on=on,
                                 **person(applicant_name=f"演示申请人{n}", id_number=_id(n),
                                          description=description)).application


def test_similar_wording_is_the_same_information(agency, officer, at):
    first = _apply(officer, agency, at, 1, "请公开2019年法律援助经费使用情况")
    second = _apply(officer, agency, at, 2, "申请获取2019年度法律援助经费的使用情况")
    other_year = _apply(officer, agency, at, 3, "申请获取2020年度法律援助经费的使用情况")
    assert first.information_key != second.information_key
    with at(D(2024, 5, 7)):
        for case in (first, other_year, second):
            services.reply(actor=officer, application=case, reply_type="disclosed",
                           reply_type_reason="provided", reply_text="见附件")
    proposal = ConversionProposal.objects.get()
    assert set(proposal.applications.values_list("pk", flat=True)) == {first.pk, second.pk}


def test_draft_comes_from_the_record_provided(agency, officer, editor, at):
    source = record_create(actor=None, agency=agency, **record_fields(
        title="上海市司法局2019年法律援助经费使用情况", body="2019年法律援助经费共计1200万元。",
        document_number="沪司发〔2020〕19号", formed_on=D(2020, 3, 2)))
    record_attach(actor=None, record=source, filename="经费明细.txt", data="明细内容".encode())
    record_submit(actor=None, record=source)
    source = record_approve(actor=None, record=source)
    cases = [_apply(officer, agency, at, n, text) for n, text in (
        (1, "请公开2019年法律援助经费使用情况"), (2, "申请获取2019年度法律援助经费的使用情况"))]
    with at(D(2024, 5, 7)):
        for case in cases:
            services.reply(actor=officer, application=case, reply_type="disclosed",
                           reply_type_reason="already_public", records=[source])
    proposal = ConversionProposal.objects.get()
    record = services.conversion_complete(actor=editor, proposal=proposal)
    record = Record.objects.get(pk=record.pk)
    assert record.status == "draft" and record.pk != source.pk
    assert record.title == "上海市司法局2019年法律援助经费使用情况"
    assert record.body == "2019年法律援助经费共计1200万元。"
    assert record.document_number == "沪司发〔2020〕19号"
    assert record.formed_on == D(2020, 3, 2)
    assert record.topic_id == source.topic_id and record.genre_id == source.genre_id
    assert [a.original_name for a in record.attachments.all()] == ["经费明细.txt"]
    assert record.events.filter(verb="create").exists()  # the catalogue's own service


def test_draft_comes_from_the_reply_files(agency, officer, editor, at):
    cases = [_apply(officer, agency, at, n, "请公开2019年度法律援助案件统计表") for n in (1, 2)]
    with at(D(2024, 5, 7)):
        for case in cases:
            services.reply(actor=officer, application=case, reply_type="disclosed",
                           reply_type_reason="provided",
                           files=[("2019年度法律援助案件统计表.txt", "共办理案件3.2万件。".encode())])
    proposal = ConversionProposal.objects.get()
    fields = record_fields()
    record = services.conversion_complete(actor=editor, proposal=proposal, topic=fields["topic"],
                                          genre=fields["genre"])
    record = Record.objects.get(pk=record.pk)
    assert record.title == "2019年度法律援助案件统计表"
    assert "共办理案件3.2万件。" in record.body
    assert record.formed_on == D(2024, 5, 7)  # at the latest the day it was first provided
    assert record.formed_on != D.today()
    assert [a.original_name for a in record.attachments.all()] == ["2019年度法律援助案件统计表.txt"]
