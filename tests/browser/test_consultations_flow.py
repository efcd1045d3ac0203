"""A consultation end to end in a real browser on a phone-sized window: a citizen comments
on one article without an account and keeps the tracking code; staff publish it, group and
answer in bulk after the period closes, generate, review and publish the adoption report;
the citizen finds the answer with the tracking code. Public pages are checked with axe
(WCAG 2.1 AA) at desktop and phone widths.

Fixed dates: opened Monday 2026-03-02 for 7 working days (closes 2026-03-11), the report
on 2026-03-13.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from gongkai.consultations import services
from gongkai.core.models import Role
from tests.browser.test_accessibility import assert_accessible
from tests.consultations.factories import DRAFT_TEXT
from tests.factories import staff

pytestmark = pytest.mark.browser

SHANGHAI = ZoneInfo("Asia/Shanghai")
PHONE = {"width": 375, "height": 667}


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


@pytest.mark.django_db(transaction=True)
def test_comment_moderate_bulk_answer_report_and_tracking(new_context, portal_agency):
    axe = Axe()
    editor = staff(Role.EDITOR, portal_agency, "flow-editor")
    head = staff(Role.DEPARTMENT_HEAD, portal_agency, "flow-head")
    slug = portal_agency.slug
    with time_machine.travel(at(dt.date(2026, 3, 2)), tick=True) as clock:
        c = services.consultation_create(actor=editor, agency=portal_agency, kind="normative",
                                         title="公共法律服务办法(征求意见稿)", text=DRAFT_TEXT,
                                         explanation="起草说明。", contact="电话:021-12345678")
        c = services.consultation_open(actor=editor, consultation=c,
                                       closes_on=dt.date(2026, 3, 11))

        # The citizen, on a phone, comments on 第三条 without an account.
        citizen = new_context(viewport=PHONE).new_page()
        citizen.goto(f"/{slug}/consultations/{c.pk}/")
        expect(citizen.get_by_test_id("status")).to_contain_text("还剩 10 天")
        assert_accessible(axe, citizen)
        citizen.set_viewport_size(PHONE)
        citizen.get_by_role("link", name="对第三条提出意见").click()
        assert_accessible(axe, citizen)
        citizen.set_viewport_size(PHONE)
        citizen.get_by_label("意见内容").fill("建议第三条写明<b>投诉</b>的答复期限。")
        citizen.get_by_label("公开显示的名称").fill("手机用户")
        citizen.get_by_test_id("submit-comment").click()
        code = citizen.get_by_test_id("tracking-code").inner_text().strip()
        assert code.startswith("YJ-2026-")

        # Staff publish it.
        editor_page = new_context(user=editor).new_page()
        editor_page.goto(f"/staff/consultations/{c.pk}/")
        editor_page.locator("input[form=bulk-moderate]").first.check()
        editor_page.get_by_test_id("bulk-moderate").click()
        expect(editor_page.locator(".messages")).to_contain_text("已审核1条意见")

        # After the period: closed by the schedule, answered in bulk, reported.
        clock.move_to(at(dt.date(2026, 3, 13)))
        assert services.tick()["closed"] == 1
        editor_page = new_context(user=editor).new_page()  # a new day, a new session
        editor_page.goto(f"/staff/consultations/{c.pk}/")
        editor_page.locator("input[form=bulk-answer]").first.check()
        editor_page.get_by_label("处理结果", exact=True).first.select_option("partly")
        editor_page.locator("#b-answer").fill("部分采纳:增加15个工作日的答复期限。")
        editor_page.get_by_test_id("bulk-answer").click()
        expect(editor_page.locator(".messages")).to_contain_text("已答复1条意见")
        editor_page.get_by_test_id("report-generate").click()
        expect(editor_page.get_by_test_id("report-body")).to_contain_text("部分采纳")

        head_page = new_context(user=head).new_page()
        head_page.goto(f"/staff/consultations/{c.pk}/")
        head_page.get_by_test_id("report-review").click()
        head_page.get_by_test_id("report-publish").click()
        expect(head_page.locator(".messages")).to_contain_text("意见采纳情况已发布")

        # The citizen finds the answer with the tracking code.
        citizen = new_context(viewport=PHONE).new_page()
        citizen.goto(f"/{slug}/consultations/track/")
        citizen.get_by_label("意见查询码").fill(code.lower())
        citizen.get_by_test_id("track-submit").click()
        expect(citizen.get_by_test_id("answer")).to_contain_text("部分采纳:增加15个工作日")
        assert_accessible(axe, citizen)
        citizen.goto(f"/{slug}/consultations/{c.pk}/")
        expect(citizen.get_by_test_id("comments")).to_contain_text("<b>投诉</b>")
        citizen.get_by_test_id("report-link").click()
        expect(citizen.get_by_test_id("totals")).to_contain_text("采纳率 100.0%")
        assert_accessible(axe, citizen)


@pytest.mark.django_db(transaction=True)
def test_directory_decision_and_attendance_pages_are_accessible(new_context, portal_agency):
    from gongkai.consultations import attendance

    axe = Axe()
    editor = staff(Role.EDITOR, portal_agency, "dir-editor")
    slug = portal_agency.slug
    with time_machine.travel(at(dt.date(2026, 3, 2)), tick=True):
        decision = services.decision_create(actor=editor, agency=portal_agency, year=2026,
                                            title="公共法律服务体系建设规划",
                                            stages={"expert_review": dt.date(2026, 4, 1)})
        services.decision_stage_update(actor=editor, decision=decision,
                                       stage="public_participation", done_on=dt.date(2026, 3, 1))
        call = attendance.call_create(actor=editor, decision=decision, meeting="局长办公会议",
                                      meeting_on=dt.date(2026, 3, 20), seats=2,
                                      apply_until=dt.date(2026, 3, 10))
        page = new_context(viewport=PHONE).new_page()
        page.goto(f"/{slug}/consultations/decisions/")
        expect(page.get_by_test_id("decisions")).to_contain_text("公众参与")
        assert_accessible(axe, page)
        page.get_by_role("link", name="公共法律服务体系建设规划").click()
        expect(page.get_by_test_id("stages")).to_contain_text("2026-03-01 完成")
        page.get_by_role("link", name="报名列席").click()
        assert_accessible(axe, page)
        page.get_by_label("姓名").fill("浏览器测试")
        page.get_by_label("市民代表").check()
        page.get_by_label("联系电话或电子邮箱").fill("13800000000")
        page.get_by_label("报名理由").fill("关心此事")
        page.get_by_role("button", name="提交报名").click()
        expect(page.get_by_test_id("attendance-applied")).to_contain_text("LX-2026-")
        assert call.applications.count() == 1
