"""The mailbox end to end in a real browser, the citizen on a phone-sized window: they
write to the bureau, an officer answers in the staff inbox, the citizen opens the status
page with the tracking code and access code, approves the text to be published and rates
the reply; the published exchange then appears on the public list without the writer's
name, phone or e-mail. Every page on the way is checked with axe (WCAG 2.1 AA)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from gongkai.core.models import Role
from tests.browser.test_accessibility import assert_accessible
from tests.factories import staff

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
NAME, PHONE_NUMBER, EMAIL = "浏览器测试钱九", "13655556666", "qianjiu@example.org"
SUBJECT = "律师事务所年检结果何时公布"


@pytest.mark.django_db(transaction=True)
def test_write_answer_rate_publish(new_context, portal_agency):
    axe = Axe()
    officer = staff(Role.DISCLOSURE_OFFICER, portal_agency, "mail-officer")
    slug = portal_agency.slug

    # The citizen writes on a phone, without an account.
    citizen = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    citizen.goto(f"/{slug}/interaction/")
    citizen.get_by_test_id("write-link").click()
    assert_accessible(axe, citizen)
    citizen.set_viewport_size(PHONE)
    citizen.get_by_label("咨询", exact=True).check()
    citizen.locator("#id_subject").fill(SUBJECT)
    citizen.locator("#id_text").fill(f"我是{NAME}，电话{PHONE_NUMBER}。请问2025年度律师事务所年度检查考核结果何时公布？")
    citizen.locator("#id_name").fill(NAME)
    citizen.locator("#id_phone").fill(PHONE_NUMBER)
    citizen.locator("#id_email").fill(EMAIL)
    citizen.locator("#id_publish_consent").check()
    citizen.get_by_test_id("send").click()
    case_number = citizen.get_by_test_id("case-number").inner_text()
    code = citizen.get_by_test_id("access-code").inner_text()
    assert case_number.startswith("XX-") and len(code) == 10
    assert_accessible(axe, citizen)

    # The officer answers from the inbox.
    desk = new_context(user=officer).new_page()
    desk.goto("/staff/interaction/")
    expect(desk.get_by_test_id("count-new")).to_have_text("1")
    assert_accessible(axe, desk)
    desk.get_by_role("link", name=case_number).click()
    expect(desk.get_by_test_id("status")).to_have_text("已收到")
    assert_accessible(axe, desk)
    desk.locator("#id_reply").fill(f"{NAME}您好：2025年度考核结果将于每年6月底前在本局网站公布。")
    desk.get_by_test_id("answer").click()
    expect(desk.get_by_test_id("status")).to_have_text("已答复")

    # The citizen looks it up, approves the published text, rates the reply.
    citizen = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    citizen.goto(f"/{slug}/interaction/status/")
    citizen.get_by_label("信件编号").fill(case_number)
    citizen.get_by_label("查询码").fill(code)
    citizen.get_by_role("button", name="查询").click()
    expect(citizen.get_by_test_id("reply")).to_contain_text("6月底前")
    preview = citizen.get_by_test_id("preview")
    expect(preview).to_contain_text("6月底前")
    for personal in (NAME, PHONE_NUMBER, EMAIL):
        expect(preview).not_to_contain_text(personal)
    assert_accessible(axe, citizen)
    citizen.set_viewport_size(PHONE)
    citizen.get_by_test_id("approve-publication").click()
    expect(citizen.get_by_test_id("publication-state")).to_be_visible()
    citizen.get_by_label("满意", exact=True).check()
    citizen.get_by_test_id("rate").click()
    expect(citizen.get_by_test_id("rating")).to_have_text("满意")
    expect(citizen.get_by_test_id("status")).to_have_text("已办结")

    # Anyone sees the exchange, with its times and without personal data.
    public = new_context(viewport=PHONE).new_page()
    public.goto(f"/{slug}/interaction/")
    expect(public.get_by_test_id("in-time-share")).to_have_text("100.0%")
    public.get_by_role("link", name=SUBJECT).click()
    expect(public.get_by_test_id("published-reply")).to_contain_text("6月底前")
    body = public.locator("main").inner_text()
    for personal in (NAME, PHONE_NUMBER, EMAIL):
        assert personal not in body
    assert_accessible(axe, public)


@pytest.mark.django_db(transaction=True)
def test_staff_pages_are_accessible(new_context, portal_agency):
    """The administrator's pages: inbox with a hotline order, figures with the year's
    summary, templates, limits, hotline import with a per-row result."""
    from gongkai.interaction import hotline

    axe = Axe()
    admin = staff(Role.AGENCY_ADMIN, portal_agency, "mail-admin")
    hotline.import_orders(actor=admin, rows=[{
        "service_request_id": "AXE-1", "description": "路灯不亮", "agency": portal_agency.slug,
        "requested_datetime": "2026-03-02T09:00:00+08:00"}])
    page = new_context(user=admin).new_page()
    for path in ("/staff/interaction/?queue=open", "/staff/interaction/figures/?year=2026",
                 "/staff/interaction/templates/", "/staff/interaction/limits/",
                 "/staff/interaction/hotline/"):
        page.goto(path)
        expect(page.locator("main h1")).to_be_visible()
        assert_accessible(axe, page)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.locator("#id_file").set_input_files(files=[{
        "name": "orders.csv", "mimeType": "text/csv",
        "buffer": "service_request_id,description,requested_datetime\nAXE-2,井盖缺失,2026-03-02 09:00\n"
                  "AXE-3,,2026-03-02 09:00\n".encode()}])
    page.get_by_role("button", name="导入").click()
    expect(page.get_by_test_id("import-result")).to_contain_text("新导入 1 条")
    assert_accessible(axe, page)
