"""Suggestions and proposals, and work plans, in a real browser with axe (WCAG 2.1 AA):
an officer answers and publishes a reply, the public sees it without contact details; the
work plan's public progress page on a phone-sized window."""

from __future__ import annotations

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from gongkai.core.models import Role
from gongkai.proposals import services as proposals
from gongkai.workplans import services as workplans
from tests.browser.test_accessibility import assert_accessible
from tests.factories import DepartmentFactory, staff

pytestmark = pytest.mark.browser
D = dt.date


@pytest.fixture(scope="module")
def axe():
    return Axe()


def test_a_reply_is_answered_published_and_visible(new_context, axe, agency):
    officer = staff(Role.DISCLOSURE_OFFICER, agency, "b-officer")
    lead = DepartmentFactory(agency=agency, name="律师工作管理处")
    proposal = proposals.proposal_register(
        actor=officer, agency=agency, kind="deputy_suggestion", number="0201",
        session="市十六届人大四次会议", proposers="张代表", subject="关于便利律师阅卷的建议",
        registered_on=D(2026, 6, 1))
    proposals.proposal_assign(actor=officer, proposal=proposal, lead_department=lead,
                              assigned_on=D(2026, 6, 2))

    page = new_context(user=officer).new_page()
    page.goto(f"/staff/proposals/{proposal.pk}/")
    expect(page.get_by_test_id("due-on")).to_contain_text("2026-09-02")
    assert_accessible(axe, page)
    form = page.get_by_test_id("form-reply")
    form.get_by_label("答复全文").fill("您的建议收悉，已全面落实。联系电话：13812345678")
    form.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("form-errors")).to_contain_text("办理结果")  # refused
    assert_accessible(axe, page)
    form = page.get_by_test_id("form-reply")
    form.get_by_label("办理结果").select_option("A")
    form.get_by_label("答复全文").fill("您的建议收悉，已全面落实。联系电话：13812345678")
    form.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("status")).to_contain_text("已答复")
    publish = page.get_by_test_id("form-publish")
    publish.get_by_label("已核对公开文本（联系方式将自动删除）").check()
    publish.get_by_role("button", name="提交").click()
    expect(page.locator("main")).to_contain_text("已保存")
    expect(page.locator("main")).not_to_contain_text("未公开")

    public = new_context().new_page()
    public.goto(f"/{agency.slug}/proposals/")
    public.get_by_role("link", name="关于便利律师阅卷的建议").click()
    expect(public.get_by_test_id("outcome")).to_contain_text("A 已解决")
    expect(public.get_by_test_id("reply-text")).to_contain_text("已全面落实")
    expect(public.get_by_test_id("reply-text")).not_to_contain_text("13812345678")
    assert_accessible(axe, public)


def test_work_plan_progress_on_a_phone(new_context, axe, agency):
    office = staff(Role.AGENCY_ADMIN, agency, "b-office")
    lead = DepartmentFactory(agency=agency, name="办公室")
    plan = workplans.plan_create(actor=office, agency=agency, year=2026,
                                 title="2026年政务公开工作要点")
    for number in (1, 2):
        point = workplans.point_add(actor=office, plan=plan, number=number,
                                    title=f"第{number}项要点", chapter="一、推进结果公开")
        workplans.task_add(actor=office, point=point, lead_department=lead,
                           deadline=D(2026, 6, 30), measures="措施")
    plan = workplans.plan_publish(actor=office, plan=plan, published_on=D(2026, 3, 1))
    workplans.progress_publish(actor=office, point=plan.points.get(number=1), status="done",
                               percent=100, progress="已按期完成", published_on=D(2026, 6, 20))

    page = new_context(viewport={"width": 375, "height": 740}, is_mobile=True).new_page()
    response = page.goto(f"/{agency.slug}/workplans/2026/")
    assert response is not None and response.status == 200
    expect(page.get_by_test_id("progress-1")).to_contain_text("已按期完成")
    expect(page.get_by_test_id("point-2")).to_contain_text("进展尚未公开")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert_accessible(axe, page)

    staff_page = new_context(user=office).new_page()
    staff_page.goto(f"/staff/workplans/{plan.pk}/")
    expect(staff_page.get_by_test_id("form-progress")).to_be_visible()
    assert_accessible(axe, staff_page)
    staff_page.goto(f"/staff/workplans/departments/{lead.pk}/")
    expect(staff_page.locator("main")).to_contain_text("第2项要点")
    assert_accessible(axe, staff_page)
