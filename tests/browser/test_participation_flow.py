"""Participation in a real browser at phone size, with axe (WCAG 2.1 AA): a survey answered
without any script and its published chart with its data table; an open-day registration
that moves up from the waitlist when someone cancels, then is checked in at the door."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from gongkai.participation import services
from gongkai.participation.models import Registration, RegistrationStatus, Survey
from tests.browser.test_accessibility import assert_accessible
from tests.participation.factories import survey_with_questions

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 667}


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.django_db(transaction=True)
def test_survey_answered_on_a_phone_and_published_chart_has_its_table(new_context, axe, agency,
                                                                      editor):
    survey = survey_with_questions(agency, editor)
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    page.goto(f"/{agency.slug}/participation/surveys/{survey.number}/")
    expect(page.get_by_text("如第1题选择“是”，请回答本题；否则请跳过。")).to_be_visible()
    page.get_by_role("group", name="1. 您是否乘坐公交出行?").get_by_label("是", exact=True).check()
    page.get_by_label("2路").check()
    page.get_by_role("group", name="总体满意度").get_by_label("4").check()
    page.get_by_role("group", name="准点").get_by_label("满意", exact=True).check()
    page.get_by_label("其他建议").fill("希望增加夜班车。")
    page.get_by_role("button", name="提交答卷").click()
    expect(page.get_by_test_id("survey-thanks")).to_be_visible()

    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    survey.refresh_from_db()
    ids = [q.pk for q in survey.questions.all() if q.kind != "text"]
    services.survey_results_publish(actor=editor, survey=survey, question_ids=ids)

    public = new_context(viewport=PHONE).new_page()
    public.goto(f"/{agency.slug}/participation/surveys/{survey.number}/results/")
    first = public.get_by_test_id("result-1")
    expect(first.get_by_role("img", name="1. 您是否乘坐公交出行?")).to_be_visible()
    table = first.get_by_test_id("data-table-1")
    expect(table.get_by_role("row", name="是 1 100.0%")).to_be_visible()
    assert_accessible(axe, public)
    public.goto(f"/{agency.slug}/participation/surveys/{survey.number}/")
    assert_accessible(axe, public)


@pytest.mark.django_db(transaction=True)
def test_open_day_waitlist_moves_up_on_cancel_and_is_checked_in(new_context, axe, agency, editor):
    # A fixed morning (ticking), so "the day of the event" never straddles midnight.
    with time_machine.travel(dt.datetime(2026, 6, 1, 1, 0, tzinfo=dt.UTC), tick=True):
        starts = timezone.now() + dt.timedelta(hours=2)
        od = services.open_day_create(actor=editor, agency=agency, theme="走进调解中心",
                                      starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
                                      place="调解中心", capacity=1)
        services.open_day_publish(actor=editor, open_day=od, now=starts - dt.timedelta(days=20))
        url = f"/{agency.slug}/participation/open-days/{od.number}/"

        first = new_context(viewport=PHONE).new_page()
        first.goto(url)
        assert_accessible(axe, first)
        first.get_by_label("姓名").fill("周一")
        first.get_by_label("手机号码").fill("13800000011")
        first.get_by_role("button", name="提交报名").click()
        expect(first.get_by_test_id("registered-confirmed")).to_be_visible()
        code_first = first.get_by_test_id("checkin-code").inner_text()
        expect(first.get_by_test_id("checkin-qr")).to_be_visible()

        second = new_context(viewport=PHONE).new_page()
        second.goto(url)
        second.get_by_label("姓名").fill("吴二")
        second.get_by_label("手机号码").fill("13800000012")
        second.get_by_role("button", name="提交报名").click()
        expect(second.get_by_test_id("registered-waitlisted")).to_contain_text("候补")
        code_second = second.get_by_test_id("checkin-code").inner_text()
        assert_accessible(axe, second)

        first.get_by_role("link", name="取消报名").click()
        first.get_by_label("签到码").fill(code_first)
        first.get_by_role("button", name="确认取消报名").click()
        expect(first.get_by_test_id("cancel-done")).to_be_visible()
        assert Registration.objects.get(name="吴二").status == RegistrationStatus.CONFIRMED

    with time_machine.travel(starts + dt.timedelta(minutes=5), tick=True):
        door = new_context(viewport=PHONE, user=editor).new_page()
        door.goto(f"/staff/participation/checkin/?code={code_second}")
        expect(door.get_by_label("签到码")).to_have_value(code_second)
        door.get_by_role("button", name="核验签到码").click()
        expect(door.get_by_test_id("checkin-ok")).to_contain_text("吴二")
        door.get_by_label("签到码").fill(code_second)
        door.get_by_role("button", name="核验签到码").click()
        expect(door.get_by_test_id("checkin-refused")).to_contain_text("已于")
        door.get_by_label("签到码").fill(code_first)
        door.get_by_role("button", name="核验签到码").click()
        expect(door.get_by_test_id("checkin-refused")).to_contain_text("已取消")
        assert_accessible(axe, door)
