"""The online application form's messages (issue 14, defect 9) and its receipt method
(issue 13): precise Chinese messages from the one validation in the service, each shown
once; required marks that follow the applicant type and receipt method; 先查一查 without
JavaScript judges nothing; an applicant who chose no receipt method is not refused for an
address they were never asked for."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from gongkai.applications.models import Application
from tests.applications.conftest import VALID_ID

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2020, 4, 23, 10, 0), tick=False):
        yield


def data(**overrides):
    fields = {
        "applicant_type": "natural_person", "applicant_name": "公开测试王五",
        "id_type": "resident_id", "id_number": VALID_ID, "phone": "13912345678",
        "email": "wangwu@example.com", "address": "", "postcode": "",
        "description": "请提供本局2019年法律援助经费使用情况", "document_number": "",
        "purpose": "", "delivery_form": "electronic", "receipt_method": "email",
        "idempotency_key": "key-forms", "website": "",
    }
    fields.update(overrides)
    return {k: v for k, v in fields.items() if v is not None}


def post(client, agency, **overrides):
    return client.post(reverse("applications:apply", kwargs={"agency": agency.slug}),
                       data(**overrides))


def text(response) -> str:
    return response.content.decode()


def errors_of(html: str) -> list[str]:
    """Every error message on the page (the field alerts and the form-wide list)."""
    return re.findall(r'<ul class="errorlist[^"]*"[^>]*>\s*<li>([^<]+)</li>', html)


def marked(html: str, field: str) -> bool:
    """Whether the field's label (or legend) carries the required mark."""
    label = re.search(rf'<label for="a-{field}">(.*?)</label>', html, re.S)
    return bool(label) and "required-mark" in label.group(1)


def test_required_fields_have_precise_messages_not_djangos_generic_one(client, agency):
    response = post(client, agency, applicant_name="", description="")
    html = text(response)
    assert response.status_code == 400
    assert "这个字段是必填项" not in html
    assert "请填写申请人姓名。" in html
    assert "请描述所需的政府信息" in html
    organisation = text(post(client, agency, applicant_type="organisation", applicant_name="",
                             organisation_category="", credit_code="", contact_name="",
                             id_number=""))
    for message in ("请填写法人或其他组织的名称。", "请选择组织类别。", "请填写统一社会信用代码。",
                    "请填写联系人姓名。"):
        assert message in organisation
    assert "这个字段是必填项" not in organisation
    assert not Application.objects.exists()


def test_each_message_is_shown_once(client, agency):
    html = text(post(client, agency, description="", applicant_name="", id_number="12345"))
    messages = errors_of(html)
    assert messages, html
    assert len(messages) == len(set(messages)), messages
    for message in messages:
        assert html.count(message) == 1, message
    # The description has one message, not the form's and the service's both.
    assert html.count("请描述所需的政府信息") == 1
    # The summary at the top links to the fields instead of repeating their messages.
    summary = re.search(r'data-testid="form-errors">(.*?)</div>', html, re.S).group(1)
    assert 'href="#a-description"' in summary and "请描述" not in summary


def test_required_marks_follow_the_applicant_type_and_receipt_method(client, agency):
    empty = text(client.get(reverse("applications:apply", kwargs={"agency": agency.slug})))
    # A natural person (the default) must give an ID number; nothing says how to receive yet.
    assert marked(empty, "id_number") and marked(empty, "applicant_name")
    assert marked(empty, "description")
    assert not marked(empty, "credit_code") and not marked(empty, "email")
    assert not marked(empty, "address")
    by_email = text(post(client, agency, receipt_method="email", email="", description=""))
    assert marked(by_email, "email") and marked(by_email, "id_number")
    assert not marked(by_email, "address")
    by_post = text(post(client, agency, applicant_type="organisation", receipt_method="post",
                        description=""))
    assert marked(by_post, "address") and marked(by_post, "credit_code")
    assert marked(by_post, "contact_name")
    assert not marked(by_post, "email") and not marked(by_post, "id_number")


def test_suggest_button_without_javascript_flags_nothing(client, agency):
    response = post(client, agency, applicant_name="", id_number="", phone="", email="",
                    description="法律援助经费", suggest="1")
    html = text(response)
    assert response.status_code == 200
    assert errors_of(html) == []
    assert 'data-testid="form-errors"' not in html and 'role="alert"' not in html
    assert "法律援助经费" in html  # what was typed comes back
    assert 'value="key-forms"' in html
    assert not Application.objects.exists()


def test_no_receipt_method_chosen_defaults_to_email_when_given(client, agency):
    response = post(client, agency, receipt_method=None, address="")
    assert response.status_code == 302, errors_of(text(response))
    assert Application.objects.get().receipt_method == "email"


def test_no_receipt_method_and_no_email_or_address_names_what_is_missing(client, agency):
    html = text(post(client, agency, receipt_method=None, email="", address=""))
    assert "选择邮寄获取时,请填写通信地址" not in html
    assert "没有填写电子邮箱或通信地址" in html
    assert not Application.objects.exists()


def test_receipt_method_is_asked_with_no_choice_made_for_the_applicant(client, agency):
    html = text(client.get(reverse("applications:apply", kwargs={"agency": agency.slug})))
    radios = re.findall(r'<input type="radio" name="receipt_method"[^>]*>', html)
    assert len(radios) == 3
    assert not any("checked" in r for r in radios)
