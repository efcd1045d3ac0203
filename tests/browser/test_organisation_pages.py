"""Issue 22's organisation pages in a real browser with axe (WCAG 2.1 AA): an evaluator
grades the departments and is refused on the staff side; the public reads the published
evaluation results and the leadership group's published decisions."""

from __future__ import annotations

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from gongkai.leadership import services as leadership
from gongkai.social_evaluation import services as evaluation
from tests.browser.test_accessibility import assert_accessible
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.browser
D = dt.date


def test_evaluator_grades_and_the_public_reads_results(new_context, agency):
    axe = Axe()
    departments = [DepartmentFactory(agency=agency, name=n) for n in ("办公室", "法治调研处")]
    rnd = evaluation.round_create(actor=None, agency=agency, title="2026年度社会评议",
                                  year=2026, period_start=D(2026, 1, 1),
                                  period_end=D(2026, 12, 31), criteria=["总体情况"],
                                  departments=departments)
    invited, _ = evaluation.evaluator_invite(actor=None, round=rnd, username="b-evaluator",
                                             name="王代表", category="deputy")
    evaluation.round_open(actor=None, round=rnd)
    group = leadership.group_create(actor=None, agency=agency, name="政务公开工作领导小组")
    leadership.member_appoint(actor=None, group=group, name="陈明", post="局长",
                              role="leader", started_on=D(2025, 1, 1))
    meeting = leadership.meeting_record(actor=None, group=group, title="第一次全体会议",
                                        held_on=D(2026, 2, 20), decisions=["审议通过工作要点"])
    leadership.decisions_publish(actor=None, meeting=meeting)

    page = new_context(user=invited.user).new_page()
    page.goto(f"/accounts/evaluation/{rnd.pk}/")
    assert_accessible(axe, page)
    for label in page.locator("select").all():
        label.select_option("80")
    page.get_by_role("button", name="提交评议").click()
    expect(page.locator("main")).to_contain_text("您已提交评议")
    assert page.goto("/staff/").status == 403

    evaluation.round_close(actor=None, round=rnd)
    evaluation.round_publish(actor=None, round=rnd)
    public = new_context().new_page()
    public.goto(f"/{agency.slug}/evaluation/")
    public.get_by_role("link", name="2026年度社会评议").click()
    expect(public.locator("main")).to_contain_text("80.0")
    expect(public.locator("main")).not_to_contain_text("王代表")
    assert_accessible(axe, public)
    public.goto(f"/{agency.slug}/leadership/")
    expect(public.locator("main")).to_contain_text("审议通过工作要点")
    assert_accessible(axe, public)
