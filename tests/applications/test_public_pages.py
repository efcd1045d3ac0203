"""The public application pages with the Django test client: form, acknowledgement shown
once, double submits, bad input, the 先查一查 suggestions, the status page and its actions.

Online applications are received on submission (Art. 31); submitted on Thursday
2020-04-23 the reply is due on 2020-05-22 (disclosure-law.md's worked example).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from gongkai.applications import jobs, services
from gongkai.applications.models import Application, Notice
from tests.applications.conftest import VALID_ID

pytestmark = pytest.mark.django_db

SUBMIT_AT = dt.datetime(2020, 4, 23, 10, 0)


def form_data(**overrides):
    data = {
        "applicant_type": "natural_person", "applicant_name": "公开测试王五",
        "id_type": "resident_id", "id_number": VALID_ID, "phone": "13912345678",
        "email": "wangwu@example.com", "address": "上海市测试路8号", "postcode": "200030",
        "description": "请提供本局2019年法律援助经费使用情况", "document_number": "",
        "purpose": "", "delivery_form": "electronic", "receipt_method": "email",
        "idempotency_key": "key-0001", "website": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def frozen():
    with time_machine.travel(SUBMIT_AT, tick=False):
        yield


def submit(client, agency, **overrides):
    return client.post(reverse("applications:apply", kwargs={"agency": agency.slug}),
                       form_data(**overrides))


def test_guide_and_form_render_with_csrf_and_idempotency_key(client, agency):
    index = client.get(reverse("applications:index", kwargs={"agency": agency.slug}))
    assert index.status_code == 200
    assert "依申请公开" in index.content.decode()
    page = client.get(reverse("applications:apply", kwargs={"agency": agency.slug}))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in html
    key = re.search(r'name="idempotency_key" value="([^"]+)"', html)
    assert key and len(key.group(1)) >= 20
    assert "先查一查已公开信息" in html


def test_portal_nav_links_to_applications(client, agency):
    home = client.get(reverse("portal:agency_home", kwargs={"agency": agency.slug}))
    assert reverse("applications:index", kwargs={"agency": agency.slug}) in home.content.decode()


def test_submit_shows_case_number_and_code_once(client, agency, frozen):
    response = submit(client, agency)
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.received_on == dt.date(2020, 4, 23)
    assert application.due_on == dt.date(2020, 5, 22)
    receipt = client.get(response["Location"])
    html = receipt.content.decode()
    code = re.search(r'data-testid="access-code">([^<]+)<', html).group(1)
    assert application.case_number in html and "2020-05-22" in html
    assert application.check_access_code(code)
    assert receipt["Cache-Control"] == "no-store"
    # Shown once: the second visit no longer has it.
    again = client.get(response["Location"])
    assert again.status_code == 302 and code not in again.content.decode()


def test_double_submit_makes_one_case(client, agency, frozen):
    first = submit(client, agency)
    second = submit(client, agency)
    assert first.status_code == second.status_code == 302
    assert Application.objects.count() == 1
    page = client.get(second["Location"]).content.decode()
    assert "没有重复登记" in page


def test_same_key_other_content_is_refused(client, agency, frozen):
    submit(client, agency)
    response = submit(client, agency, description="完全不同的另一项信息")
    assert response.status_code == 400
    assert "已经提交过" in response.content.decode()
    assert Application.objects.count() == 1


@pytest.mark.parametrize(("overrides", "message"), [
    ({"id_number": VALID_ID[:-1] + ("1" if VALID_ID[-1] != "1" else "2")}, "校验位不正确"),
    ({"id_number": "12345"}, "18位"),
    ({"applicant_name": ""}, "请填写申请人姓名。"),
    ({"description": ""}, "请描述所需的政府信息"),
    ({"receipt_method": "post", "address": ""}, "请填写通信地址"),
    ({"receipt_method": "email", "email": ""}, "请填写电子邮箱"),
    ({"applicant_type": "organisation", "credit_code": "91110000802100433A",
      "organisation_category": "commercial", "contact_name": "联系人"}, "校验位不正确"),
])
def test_bad_input_is_explained_and_nothing_is_written(client, agency, frozen, overrides, message):
    response = submit(client, agency, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Application.objects.count() == 0


def test_honeypot_creates_nothing(client, agency, frozen):
    response = submit(client, agency, website="http://spam.example")
    assert response.status_code == 400
    assert Application.objects.count() == 0


def test_submissions_are_rate_limited(client, agency, settings, frozen):
    settings.RATELIMIT_ENABLE = True
    settings.GONGKAI_RATELIMIT_RATES = {"applications.submit": "3/h"}
    statuses = [submit(client, agency, description="", idempotency_key=f"k{n}").status_code
                for n in range(4)]
    assert statuses == [400, 400, 400, 429]


def test_suggest_button_lists_published_records_without_javascript(client, agency, frozen):
    from gongkai.catalogue.services import record_approve, record_create, record_submit
    from tests.factories import record_fields

    record = record_create(actor=None, agency=agency, **record_fields(
        title="2019年法律援助经费使用情况", document_number="沪司发〔2020〕9号"))
    record_submit(actor=None, record=record)
    record_approve(actor=None, record=record)
    response = client.post(reverse("applications:apply", kwargs={"agency": agency.slug}),
                           form_data(description="法律援助经费", suggest="1"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "2019年法律援助经费使用情况" in html
    assert reverse("catalogue:record", kwargs={"agency": agency.slug, "pk": record.pk}) in html
    assert 'value="key-0001"' in html  # the same form comes back, key included
    assert Application.objects.count() == 0
    data = client.get(reverse("applications:suggest", kwargs={"agency": agency.slug}),
                      {"q": "法律援助经费"}).json()
    assert [r["title"] for r in data["results"]] == ["2019年法律援助经费使用情况"]


def _code_from_receipt(client, response) -> str:
    html = client.get(response["Location"]).content.decode()
    return re.search(r'data-testid="access-code">([^<]+)<', html).group(1)


def test_status_lookup_gives_no_hint_whether_a_case_exists(agency, frozen):
    from django.test import Client

    owner = Client()
    response = submit(owner, agency)
    _code_from_receipt(owner, response)
    number = Application.objects.get().case_number
    url = reverse("applications:status", kwargs={"agency": agency.slug})
    wrong_code = Client().post(url, {"case_number": number, "access_code": "WRONGCODE2"})
    unknown = Client().post(url, {"case_number": "YSQ-2020-999999", "access_code": "WRONGCODE2"})
    assert wrong_code.status_code == unknown.status_code == 400

    def strip(html: bytes) -> str:
        text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html.decode())
        return text.replace(number, "X").replace("YSQ-2020-999999", "X")

    assert strip(wrong_code.content) == strip(unknown.content)


def test_status_page_shows_step_due_date_and_clock(client, agency, frozen):
    from django.test import Client

    code = _code_from_receipt(client, submit(client, agency))
    application = Application.objects.get()
    visitor = Client()
    status_url = reverse("applications:case_status",
                         kwargs={"agency": agency.slug, "case_number": application.case_number})
    assert visitor.get(status_url).status_code == 302  # not proved in this session
    found = visitor.post(reverse("applications:status", kwargs={"agency": agency.slug}),
                         {"case_number": application.case_number.lower(), "access_code": code})
    assert found.status_code == 302 and found["Location"] == status_url
    page = visitor.get(status_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "2020-05-22" in html
    assert "2020-04-23收到申请(网上申请)" in html
    assert "20个工作日 → 2020-05-22" in html
    assert "已用 0 个工作日，剩余 20 个工作日" in html
    assert page["Cache-Control"] == "no-store"


def test_applicant_withdraws_with_the_code_and_downloads_letters(client, agency, frozen):
    code = _code_from_receipt(client, submit(client, agency))
    application = Application.objects.get()
    for notice in Notice.objects.all():
        jobs.render_notice(notice.pk)
    status_url = reverse("applications:case_status",
                         kwargs={"agency": agency.slug, "case_number": application.case_number})
    html = client.get(status_url).content.decode()
    notice = Notice.objects.get(kind="acknowledgement")
    download = reverse("applications:case_notice", kwargs={
        "agency": agency.slug, "case_number": application.case_number, "pk": notice.pk})
    assert download in html
    pdf = client.get(download)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")

    withdraw_url = reverse("applications:case_withdraw", kwargs={
        "agency": agency.slug, "case_number": application.case_number})
    refused = client.post(withdraw_url, {"withdraw-access_code": "NOTTHECODE",
                                         "withdraw-confirm": "on"})
    assert refused.status_code == 400 and "查询码不正确" in refused.content.decode()
    assert client.post(withdraw_url, {"withdraw-access_code": code,
                                      "withdraw-confirm": "on"}).status_code == 302
    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert "已撤回" in client.get(status_url).content.decode()


def test_downloads_need_the_proved_session(client, agency, frozen):
    from django.test import Client

    submit(client, agency)
    application = Application.objects.get()
    notice = Notice.objects.get()
    jobs.render_notice(notice.pk)
    url = reverse("applications:case_notice", kwargs={
        "agency": agency.slug, "case_number": application.case_number, "pk": notice.pk})
    assert client.get(url).status_code == 200
    assert Client().get(url).status_code == 404


def _prove(client, agency, application, code):
    client.post(reverse("applications:status", kwargs={"agency": agency.slug}),
                {"case_number": application.case_number, "access_code": code})
    return reverse("applications:case_status",
                   kwargs={"agency": agency.slug, "case_number": application.case_number})


def test_applicant_supplies_the_correction_online(client, agency, officer):
    with time_machine.travel(SUBMIT_AT, tick=False):
        code = _code_from_receipt(client, submit(client, agency))
        application = Application.objects.get()
        services.request_correction(actor=officer, application=application,
                                            what_to_correct="请写明年度")
    with time_machine.travel(dt.datetime(2020, 4, 28, 10), tick=False):
        status_url = _prove(client, agency, application, code)
        html = client.get(status_url).content.decode()
        assert "请写明年度" in html and "提交补正" in html
        url = reverse("applications:case_correct", kwargs={
            "agency": agency.slug, "case_number": application.case_number})
        refused = client.post(url, {"corrected_description": "2019年度", "access_code": "BAD"})
        assert refused.status_code == 400 and "查询码不正确" in refused.content.decode()
        empty = client.post(url, {"corrected_description": "", "access_code": code})
        assert empty.status_code == 400
        done = client.post(url, {"corrected_description": "2019年度", "access_code": code})
        assert done.status_code == 302
        application.refresh_from_db()
        assert application.status == "in_progress"
        assert application.due_on == dt.date(2020, 5, 28)
        assert "2020-04-28收到补正,重新起算" in client.get(status_url).content.decode()


def test_applicant_reports_the_fee_paid(client, agency, officer):
    with time_machine.travel(SUBMIT_AT, tick=False):
        code = _code_from_receipt(client, submit(client, agency))
        application = Application.objects.get()
        fee = services.fee_issue(actor=officer, application=application, method="per_volume",
                                 quantity=40)
        status_url = _prove(client, agency, application, code)
        html = client.get(status_url).content.decode()
        assert f"应缴金额 {fee.amount:.2f} 元" in html and "我已缴费" in html
        url = reverse("applications:case_fee", kwargs={
            "agency": agency.slug, "case_number": application.case_number})
        assert client.post(url, {"fee-access_code": code, "fee-confirm": "on"}).status_code == 302
    assert application.events.filter(verb="fee_payment_reported").exists()


def test_sitemap_lists_guide_and_form_but_no_case(client, agency, frozen):
    submit(client, agency)
    number = Application.objects.get().case_number
    text = client.get(reverse("portal:sitemap")).content.decode()
    assert reverse("applications:apply", kwargs={"agency": agency.slug}) + "</loc>" in text
    assert number not in text and "/status/" not in text
