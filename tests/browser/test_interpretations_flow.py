"""Interpretations and public opinion in a real browser with axe (WCAG 2.1 AA): the reviewer
is refused a policy without its interpretation, the editor drafts its 图解 (the video is
prepared beside it), the policy goes out with both, the public page shows them; a concern
registered 49 hours ago shows as overdue."""

from __future__ import annotations

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from gongkai.core.models import Role
from tests.browser.test_accessibility import assert_accessible
from tests.factories import staff
from tests.interpretations.factories import SECTIONS_FILLED, interpretation, policy, require_sync, submit

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def axe():
    return Axe()


def test_policy_goes_out_with_its_chart_and_video(new_context, axe, agency):
    require_sync(agency)
    editor = staff(Role.EDITOR, agency, "br-editor")
    reviewer = staff(Role.REVIEWER, agency, "br-reviewer")
    record = submit(policy(agency))

    desk = new_context(user=reviewer).new_page()
    desk.goto(f"/staff/catalogue/records/{record.pk}/")
    desk.get_by_role("button", name="批准发布").click()
    expect(desk.locator("main")).to_contain_text("三同步")
    expect(desk.get_by_test_id("sync-panel")).to_contain_text("登记例外")
    assert_accessible(axe, desk)

    page = new_context(user=editor).new_page()
    page.goto(f"/staff/interpretations/new/?policy={record.pk}")
    page.get_by_label("标题").fill("一图读懂：公证执业管理办法")
    page.get_by_label("解读形式").select_option("chart")
    page.get_by_label("音视频或图解地址").fill("https://example.org/chart.png")
    for name, value in SECTIONS_FILLED.items():
        page.locator(f"#id_{name}").fill(value)
    page.get_by_role("button", name="保存").click()
    page.get_by_test_id("prepare").click()
    expect(page.locator("main")).to_contain_text("文字说明")  # refused: no text alternative
    page.get_by_label("图解的文字说明").fill("图解分三部分：条件、流程、监督。")
    page.get_by_test_id("save").click()
    page.get_by_test_id("prepare").click()
    expect(page.get_by_test_id("interpretation-status")).to_have_text("已备妥")
    assert_accessible(axe, page)
    interpretation(record, form="video", prepared=True)

    desk.goto(f"/staff/catalogue/records/{record.pk}/")
    desk.get_by_role("button", name="批准发布").click()
    expect(desk.locator("main")).to_contain_text("已批准并发布")

    public = new_context().new_page()
    public.goto(f"/{agency.slug}/disclosure/records/{record.pk}/")
    panel = public.get_by_test_id("interpretations-panel")
    expect(panel).to_contain_text("图表图解")
    expect(panel).to_contain_text("视频")
    assert_accessible(axe, public)
    panel.get_by_role("link", name="一图读懂：公证执业管理办法").click()
    expect(public.get_by_test_id("interpreted-policy")).to_contain_text("公证执业管理办法")


def test_a_concern_registered_49_hours_ago_is_overdue(new_context, axe, agency):
    head = staff(Role.DEPARTMENT_HEAD, agency, "br-head")
    page = new_context(user=head).new_page()
    page.goto("/staff/opinion/new/")
    assert_accessible(axe, page)
    page.get_by_label("标题").fill("网友反映调解中心办事难")
    page.get_by_label("一般社会关切").check()
    when = (dt.datetime.now(dt.timezone(dt.timedelta(hours=8))) - dt.timedelta(hours=49))
    page.get_by_label("登记时间（北京时间）").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_test_id("register").click()
    expect(page.get_by_test_id("clocks")).to_contain_text("已超时")
    assert_accessible(axe, page)
    page.goto("/staff/opinion/?overdue=1")
    expect(page.get_by_test_id("concern-table")).to_contain_text("网友反映调解中心办事难")
    assert_accessible(axe, page)
