"""Letters: every notice states its facts and the legal basis; every reply type cites its
article and, where the law requires it, tells the applicant of reconsideration (60 days,
行政复议法) and litigation (6 months, 行政诉讼法); editable templates are sandboxed."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.applications import letters, reply_types, services
from gongkai.applications.models import Notice, NoticeKind

pytestmark = pytest.mark.django_db

RECEIVED = dt.date(2020, 4, 23)  # Thursday; 20 working days → 2020-05-22
REPLY_DAY = dt.date(2020, 5, 6)
REMEDIES = ("60日内", "《中华人民共和国行政复议法》", "6个月内", "《中华人民共和国行政诉讼法》")


def _notice(application, kind: str) -> Notice:
    return application.notices.filter(kind=kind).latest("id")


def _reply(make_case, send_reply, officer, at, reply_type: str, sub: str = "", **kwargs):
    application = make_case(RECEIVED)
    with at(REPLY_DAY):
        application = send_reply(actor=officer, application=application, reply_type=reply_type,
                                 reply_type_reason=sub, **kwargs)
    return letters.render_notice_html(_notice(application, NoticeKind.REPLY_LETTER))


def _cases():
    for reply_type in reply_types.REPLY_TYPES:
        if reply_type.code == reply_types.PARTIALLY_DISCLOSED:
            yield pytest.param(reply_type.code, "", id=reply_type.code)
        for sub in reply_type.reasons:
            yield pytest.param(reply_type.code, sub.code, id=f"{reply_type.code}-{sub.code}")


@pytest.mark.parametrize(("reply_type", "sub"), list(_cases()))
def test_reply_letter_cites_basis_and_remedies(make_case, send_reply, officer, at, reply_type, sub):
    extra: dict = {"reply_text": "请于工作日到本机关查阅。"}
    if reply_type == reply_types.PARTIALLY_DISCLOSED:
        extra["withheld"] = [{"description": "第3页个人联系方式", "reason": "third_party"}]
        extra["files"] = [("可公开部分.txt", "可以公开的内容".encode())]
    html = _reply(make_case, send_reply, officer, at, reply_type, sub, **extra)
    assert reply_types.legal_basis(reply_type, sub) in html
    assert "演示张三" in html  # the letter is addressed to the applicant
    assert "2020年4月23日" in html
    if reply_types.tells_remedies(reply_type, sub):
        for phrase in REMEDIES:
            assert phrase in html, phrase
    else:
        assert "行政复议法" not in html
    title = "政府信息公开申请答复书" if reply_type in (reply_types.DISCLOSED,
                                             reply_types.PARTIALLY_DISCLOSED) else "政府信息公开申请告知书"
    assert f"<h1>{title}</h1>" in html


def test_partial_disclosure_lists_withheld_parts_with_grounds(make_case, send_reply, officer, at):
    html = _reply(make_case, send_reply, officer, at, reply_types.PARTIALLY_DISCLOSED,
                  withheld=[{"description": "第3页个人联系方式", "reason": "third_party"},
                            {"description": "内部讨论记录", "reason": "process_information"}],
                  files=[("可公开部分.txt", b"ok")])
    assert "第3页个人联系方式" in html and "《中华人民共和国政府信息公开条例》第十五条" in html
    assert "内部讨论记录" in html and "第十六条第二款" in html
    assert "第三十七条" in html and "可公开部分.txt" in html


def test_notice_letters_state_their_facts(make_case, officer, head, at):
    application = make_case(RECEIVED)
    ack = letters.render_notice_html(_notice(application, NoticeKind.ACKNOWLEDGEMENT))
    assert "2020年5月22日" in ack and "第三十一条" in ack and application.case_number in ack
    with at(dt.date(2020, 4, 27)):
        services.request_correction(actor=officer, application=application,
                                    what_to_correct="请写明所需文件的年份")
    correction = letters.render_notice_html(_notice(application, NoticeKind.CORRECTION_REQUEST))
    assert "请写明所需文件的年份" in correction and "第三十条" in correction
    assert "视为放弃申请" in correction
    with at(dt.date(2020, 4, 28)):
        application = services.receive_correction(actor=officer, application=application,
                                                  received_on=dt.date(2020, 4, 28))
        services.third_party_consultation_start(actor=officer, application=application, kind="third_party",
                                    party_name="演示科技有限公司")
    consultation = letters.render_notice_html(
        _notice(application, NoticeKind.THIRD_PARTY_CONSULTATION_LETTER))
    assert "演示科技有限公司" in consultation and "第三十二条" in consultation
    assert "15个工作日" in consultation
    with at(dt.date(2020, 5, 8)):
        application = services.third_party_consultation_end(actor=officer, application=application,
                                                consented=False).application
        services.extension_request(actor=officer, application=application, working_days=20,
                                   reason="涉及档案调取")
        services.extension_approve(actor=head, application=application)
    application.refresh_from_db()
    extension = letters.render_notice_html(_notice(application, NoticeKind.EXTENSION_NOTICE))
    assert "涉及档案调取" in extension and "延长20个工作日" in extension
    assert "第三十三条第二款" in extension
    due = application.due_on
    assert f"{due.year}年{due.month}月{due.day}日" in extension


def test_fee_notice_states_amount_and_deadline(make_case, officer, at):
    application = make_case(RECEIVED)
    with at(dt.date(2020, 4, 24)):
        fee = services.fee_issue(actor=officer, application=application, method="per_volume",
                                 quantity=120)
    html = letters.render_notice_html(_notice(application, NoticeKind.FEE_NOTICE))
    assert f"{fee.amount:.2f}" in html and "国办函〔2020〕109号" in html
    assert f"{fee.pay_by.year}年{fee.pay_by.month}月{fee.pay_by.day}日" in html


def test_agency_template_overrides_default_and_is_sandboxed(make_case, officer, agency,
                                                             agency_admin, at):
    services.letter_template_save(
        actor=agency_admin, agency=agency, kind=NoticeKind.ACKNOWLEDGEMENT, title="受理通知",
        body="<p>{{ applicant_name }}您好,编号{{ case_number }}。{{ settings.SECRET_KEY }}"
             "{{ application.id_number }}{{ notice.application.phone }}</p>")
    application = make_case(RECEIVED, applicant_name="<b>张三</b>")
    html = letters.render_notice_html(_notice(application, NoticeKind.ACKNOWLEDGEMENT))
    assert "<h1>受理通知</h1>" in html
    assert f"编号{application.case_number}" in html
    assert "&lt;b&gt;张三&lt;/b&gt;" in html and "<b>张三</b>" not in html
    assert application.id_number not in html and application.phone not in html


@pytest.mark.parametrize("body", [
    "{% include 'applications/letter_page.html' %}",
    "{% load static %}{% static 'x' %}",
    "{% if %}",
    "{% extends 'base.html' %}",
])
def test_sandbox_refuses_what_templates_may_not_do(body):
    with pytest.raises(letters.LetterTemplateError):
        letters.render_body(body, {"case_number": "X"})


def test_a_stored_template_with_the_old_variable_names_still_renders(agency):
    """Bodies saved before the rename to reply_type say {{ outcome }} / {{ sub_reason }}."""
    context = letters.sample_context(agency, NoticeKind.REPLY_LETTER, reply_types.WITHHELD)
    html = letters.render_body("[{{ outcome }}|{{ sub_reason }}|{{ outcome_label }}]", context)
    assert html == f"[withheld|{context['reply_type_reason']}|不予公开]"
    assert context["reply_type_reason"]


def test_every_default_template_renders_with_sample_data(agency):
    for kind, _label in NoticeKind.choices:
        reply_type_codes = ([o.code for o in reply_types.REPLY_TYPES] if kind == NoticeKind.REPLY_LETTER
                            else [""])
        for code in reply_type_codes:
            title, body, custom = letters.template_for(agency.pk, kind, code)
            assert not custom
            html = letters.preview(agency=agency, kind=kind, reply_type=code, title=title, body=body)
            assert agency.name in html and title in html


def test_pdf_is_signed(make_case, at):
    application = make_case(RECEIVED)
    notice = _notice(application, NoticeKind.ACKNOWLEDGEMENT)
    pdf = letters.render_notice_pdf(notice)
    assert pdf.startswith(b"%PDF") and b"/ByteRange" in pdf


SITE = "https://gk.example.gov.cn"


def test_reply_letter_cites_the_record_by_absolute_address(make_case, send_reply, officer, at, agency,
                                                           settings):
    """Issue 14/6: the letter said "可在/sfj/disclosure/records/261/查阅" (a bare path); a
    letter is read on paper or as a PDF, so it carries the configured site address."""
    from gongkai.catalogue.services import record_approve, record_create, record_submit
    from tests.factories import record_fields

    settings.GONGKAI_SITE_URL = SITE
    record = record_create(actor=None, agency=agency, **record_fields(title="2019年法律援助经费使用情况"))
    record_submit(actor=None, record=record)
    record = record_approve(actor=None, record=record)
    html = _reply(make_case, send_reply, officer, at, reply_types.DISCLOSED, "already_public",
                  records=[record])
    assert f"可在{SITE}/{agency.slug}/" in html and f"/{record.pk}/查阅" in html
    assert f"可在/{agency.slug}/" not in html


def test_acknowledgement_and_email_carry_the_status_page_address(make_case, agency, settings, mailoutbox):
    from gongkai.applications.jobs import render_notice

    settings.GONGKAI_SITE_URL = SITE + "/"
    application = make_case(RECEIVED)
    notice = _notice(application, NoticeKind.ACKNOWLEDGEMENT)
    status = f"{SITE}/{agency.slug}/"
    html = letters.render_notice_html(notice)
    assert status in html and "/status/" in html.split(status, 1)[1][:60]
    render_notice(notice.pk)
    assert mailoutbox and f"{SITE}/{agency.slug}/" in mailoutbox[-1].body


def test_absolute_url():
    from django.test import override_settings

    from gongkai.core.links import absolute_url

    with override_settings(GONGKAI_SITE_URL="https://a.example/"):
        assert absolute_url("/sfj/x/") == "https://a.example/sfj/x/"
        assert absolute_url("sfj/x/") == "https://a.example/sfj/x/"
        assert absolute_url("https://b.example/y") == "https://b.example/y"
    with override_settings(GONGKAI_SITE_URL=""):
        assert absolute_url("/x") == "http://localhost:8000/x"
