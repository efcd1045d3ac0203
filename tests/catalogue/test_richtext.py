"""Formatted record bodies (issue 15, ADR 0032): what the rich-text editor posts is cleaned
against the allow-list before it is stored and again when it is shown; the plain-text body
is always derived from it, so search, the scan and the PDF keep reading text."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.catalogue import publication, richtext
from gongkai.catalogue.models import Record
from gongkai.catalogue.services import (
    record_approve,
    record_create,
    record_redact,
    record_submit,
    record_update,
)
from tests.catalogue.test_staff_views import form_data, url
from tests.factories import record_fields

HOSTILE = ('<h2>一、工作目标</h2><p onclick="steal()">全面推进<strong>政务公开</strong>'
           '<script>alert(1)</script><a href="javascript:alert(2)">链接</a>'
           '<a href="https://www.gov.cn/">中国政府网</a></p><img src=x onerror="alert(3)">'
           '<style>body{display:none}</style><ul><li>第一项</li><li>第二项</li></ul>'
           '<table><tr><th>事项</th><th>时限</th></tr><tr><td>答复</td><td>20个工作日</td></tr>'
           '</table>')


def test_clean_keeps_document_formatting_and_drops_anything_that_runs():
    cleaned = richtext.clean(HOSTILE)
    for kept in ("<h2>一、工作目标</h2>", "<strong>政务公开</strong>", "<li>第一项</li>",
                 "<th>事项</th>", "<td>20个工作日</td>", 'href="https://www.gov.cn/"'):
        assert kept in cleaned
    for dropped in ("onclick", "<script", "alert(1)", "javascript:", "<img", "onerror",
                    "<style", "display:none"):
        assert dropped not in cleaned
    assert richtext.clean("<p> </p><script>x()</script>") == ""


def test_text_of_keeps_one_paragraph_a_line():
    text = richtext.text_of(richtext.clean(HOSTILE))
    assert text.splitlines() == ["一、工作目标", "全面推进政务公开链接中国政府网", "第一项", "第二项",
                                 "事项\t时限", "答复\t20个工作日"]
    assert richtext.text_of("<p>甲&amp;乙&lt;丙&gt;</p>") == "甲&乙<丙>"


def test_is_markup_tells_the_editor_from_plain_text():
    assert richtext.is_markup("<p>正文</p>")
    assert not richtext.is_markup("第一条 为了规范 a<b 与 c>d 的比较")


@pytest.mark.django_db
def test_the_service_cleans_the_formatting_and_derives_the_text(editor, agency):
    record = record_create(actor=editor, agency=agency, **record_fields(body_html=HOSTILE))
    assert "<script" not in record.body_html and "<strong>政务公开</strong>" in record.body_html
    assert record.body.startswith("一、工作目标\n全面推进政务公开")
    # a plain body given alone replaces the formatting, so the two never disagree
    record = record_update(actor=editor, record=record, body="改为纯文本。")
    record.refresh_from_db()
    assert record.body == "改为纯文本。" and record.body_html == ""


@pytest.mark.django_db
def test_a_published_formatted_body_shows_formatted_and_is_vouched_for(
        client, editor, reviewer, agency):
    record = record_create(actor=editor, agency=agency, **record_fields(body_html=HOSTILE))
    record_submit(actor=editor, record=record)
    record_approve(actor=reviewer, record=record)
    record.refresh_from_db()
    version = record.current_version
    assert version.body_html == record.body_html
    page = client.get(reverse("catalogue:record", kwargs={"agency": agency.slug,
                                                          "pk": record.pk})).content.decode()
    body = page.split('class="record-body">')[1].split("</div>")[0]
    assert "<strong>政务公开</strong>" in body and "<td>20个工作日</td>" in body
    assert "alert(" not in page and "onclick" not in page
    content = publication.version_content(version, record.index_number)
    assert content["body_html"] == version.body_html
    # a text-only version's content has no body_html key: entries logged before bodies could
    # be formatted hash exactly as they did
    version.body_html = ""
    assert "body_html" not in publication.version_content(version, record.index_number)


@pytest.mark.django_db
def test_a_row_written_around_the_service_is_still_cleaned_when_shown(editor, agency):
    record = record_create(actor=editor, agency=agency, **record_fields())
    Record.objects.filter(pk=record.pk).update(body_html='<p>正文<script>alert(1)</script></p>')
    record.refresh_from_db()
    from gongkai.catalogue.templatetags.catalogue_tags import record_body
    assert str(record_body(record)) == "<p>正文</p>"


@pytest.mark.django_db
def test_redaction_reaches_the_formatted_body(editor, reviewer, agency):
    record = record_create(actor=editor, agency=agency, **record_fields(
        body_html="<p>联系人<strong>张三</strong>，手机13812345678。</p>"))
    record_submit(actor=editor, record=record)
    record_redact(actor=reviewer, record=record, text="13812345678", reason="个人信息")
    record.refresh_from_db()
    assert "13812345678" not in record.body_html and "<strong>张三</strong>" in record.body_html
    assert "13812345678" not in record.body
    # text that runs across formatting: the redaction holds, the formatting goes
    record_redact(actor=reviewer, record=record, text="人张三", reason="个人信息")
    record.refresh_from_db()
    assert record.body_html == "" and "张三" not in record.body and "■■■" in record.body


@pytest.mark.django_db
def test_the_editor_form_takes_markup_from_the_editor_and_text_without_it(
        client, editor, agency):
    client.force_login(editor)
    client.post(url("catalogue_record_new"), form_data(agency, body=HOSTILE))
    formatted = Record.objects.get()
    assert "<h2>一、工作目标</h2>" in formatted.body_html and "<script" not in formatted.body_html
    assert formatted.body.startswith("一、工作目标")
    # without the editor's script the textarea posts text, kept as text
    client.post(url("catalogue_record", pk=formatted.pk), form_data(body="第一段。\n\n第二段。"))
    formatted.refresh_from_db()
    assert formatted.body == "第一段。\n\n第二段。" and formatted.body_html == ""
    # the editor starts from the formatted body when there is one
    record_update(actor=editor, record=formatted, body_html="<p><em>强调</em></p>")
    page = client.get(url("catalogue_record", pk=formatted.pk)).content.decode()
    assert "&lt;p&gt;&lt;em&gt;强调&lt;/em&gt;&lt;/p&gt;" in page.split('name="body"')[1][:300]
    # the preview shows the formatting, cleaned, without saving
    response = client.post(url("catalogue_record", pk=formatted.pk),
                           form_data(action="preview", body=HOSTILE))
    preview = response.content.decode().split('data-testid="record-preview"')[1]
    assert "<strong>政务公开</strong>" in preview and "alert(" not in preview


@pytest.mark.django_db
def test_the_api_takes_a_formatted_body_and_cleans_it(client, editor):
    client.force_login(editor)
    payload = {"agency": "sfj", "title": "关于调整法律援助经济困难标准的通知",
               "formed_on": "2024-03-01", "topic": "legal-aid", "genre": "notice",
               "body_html": HOSTILE}
    created = client.post("/api/v1/records", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    record = Record.objects.get(pk=created.json()["id"])
    assert "<table>" in record.body_html and "<script" not in record.body_html
    assert record.body.startswith("一、工作目标")
    patched = client.patch(f"/api/v1/records/{record.pk}", {"body": "纯文本。"},
                           content_type="application/json")
    assert patched.status_code == 200, patched.content
    record.refresh_from_db()
    assert record.body == "纯文本。" and record.body_html == ""
