"""A random inspection in a real browser, from plan to published verifiable draw to results:
the editor makes a plan and publishes its commitment; the public sees the commitment; on
the day the public value exists the editor draws; a result is recorded and published; the
public page shows it and its DRAW.json recomputes. axe (WCAG 2.1 AA) on every page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from gongkai.core.models import Role
from gongkai.inspections import services, verifier
from gongkai.inspections.models import Plan
from tests.browser.test_accessibility import assert_accessible
from tests.factories import staff
from tests.inspections.helpers import ITEMS, entities_csv, inspectors_csv

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def axe():
    return Axe()


def test_plan_commitment_draw_results_and_verification(new_context, axe, agency):
    services.items_import(actor=None, agency=agency, data=ITEMS.encode("utf-8"))
    services.pool_import(actor=None, agency=agency, kind="entity", data=entities_csv(30))
    services.pool_import(actor=None, agency=agency, kind="inspector", data=inspectors_csv(4))
    editor = staff(Role.EDITOR, agency, "draw-editor")
    today = timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)

    page = new_context(user=editor).new_page()
    page.goto("/staff/inspections/plans/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("新建抽查计划")
    assert_accessible(axe, page)
    page.get_by_label("计划名称").fill("律师事务所随机抽查（浏览器测试）")
    page.get_by_label("律师事务所执业情况检查", exact=False).check()
    page.get_by_label("抽查比例（%）").fill("10")
    page.get_by_label("检查开始日期").fill(today.isoformat())
    page.get_by_label("检查结束日期").fill((today + dt.timedelta(days=60)).isoformat())
    page.get_by_label("公开随机值来源（事先指定）").fill("次日上证综合指数收盘点数")
    page.get_by_label("公开随机值产生日期").fill(tomorrow.isoformat())
    page.get_by_role("button", name="保存计划").click()
    expect(page.get_by_test_id("plan-status")).to_have_text("草稿")
    plan = Plan.objects.get()

    page.get_by_role("button", name="公布承诺值").click()
    expect(page.get_by_test_id("plan-status")).to_have_text("已公布承诺")
    assert_accessible(axe, page)
    plan.refresh_from_db()

    public = new_context().new_page()
    public.goto(f"/{agency.slug}/inspections/plans/{plan.pk}/")
    expect(public.get_by_test_id("commitment")).to_have_text(plan.commitment)
    assert plan.seed not in public.content()
    assert_accessible(axe, public)

    # The next day the public value exists: the draw.
    with time_machine.travel(dt.datetime.combine(tomorrow, dt.time(10), tzinfo=dt.UTC)):
        page = new_context(user=editor).new_page()  # a session of that day
        page.goto(f"/staff/inspections/plans/{plan.pk}/")
        page.get_by_label("公开随机值").fill("3341.96")
        page.get_by_role("button", name="抽取").click()
        expect(page.get_by_test_id("plan-status")).to_have_text("已抽取")
        expect(page.get_by_test_id("staff-inspections").locator("tbody tr")).to_have_count(3)
        assert_accessible(axe, page)
        page.get_by_label("检查日期").first.fill(tomorrow.isoformat())
        page.get_by_label("检查结果").first.select_option(label="发现问题，已责令整改")
        page.get_by_label("结果说明").first.fill("收费公示不全，已整改")
        page.get_by_role("button", name="记录结果").first.click()
        expect(page.get_by_role("status")).to_contain_text("已记录检查结果")
        page.get_by_role("button", name="公开已记录的检查结果").click()
        expect(page.get_by_role("status")).to_contain_text("已公开检查结果")

        public.reload()
        expect(public.get_by_test_id("public-value")).to_have_text("3341.96")
        expect(public.get_by_test_id("result")).to_contain_text("收费公示不全，已整改")
        assert_accessible(axe, public)
        document = public.request.get(
            f"/{agency.slug}/inspections/plans/{plan.pk}/draw.json").json()
    assert verifier.verify(document) == []
    assert len(document["result"]) == 3
    index = new_context().new_page()
    index.goto(f"/{agency.slug}/enforcement/")
    assert_accessible(axe, index)
    index.get_by_role("link", name="“双随机、一公开”抽查").click()
    expect(index.get_by_test_id("plans")).to_contain_text("律师事务所随机抽查（浏览器测试）")
    assert_accessible(axe, index)
