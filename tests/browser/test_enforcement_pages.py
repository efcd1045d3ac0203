"""Enforcement publicity pages in a real browser with axe (WCAG 2.1 AA): the staff form with
its error summary, a decision recorded and published, the public list and decision with the
party masked."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from gongkai.core.models import Role
from tests.browser.test_accessibility import assert_accessible
from tests.factories import staff

pytestmark = pytest.mark.browser


def test_record_publish_and_read_a_decision(new_context, agency):
    axe = Axe()
    editor = staff(Role.EDITOR, agency, "enforcement-editor")
    page = new_context(user=editor).new_page()
    page.goto("/staff/enforcement/new/")
    page.get_by_label("决定文书号").fill("沪司罚决〔2025〕8号")
    page.get_by_label("决定日期").fill("2099-01-01")
    page.get_by_label("当事人名称或姓名").fill("张伟")
    page.get_by_label("主要事实").fill("张伟收取规定外费用。")
    page.get_by_label("执法依据").fill("《中华人民共和国律师法》第四十八条")
    page.get_by_label("决定内容").fill("给予张伟警告。")
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_test_id("form-errors")).to_contain_text("决定日期")
    assert_accessible(axe, page)
    page.get_by_label("决定日期").fill("2025-09-26")
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_test_id("status")).to_have_text("待公开")
    page.get_by_role("button", name="公开").click()
    expect(page.get_by_test_id("status")).to_have_text("已公开")
    assert_accessible(axe, page)

    public = new_context().new_page()
    public.goto(f"/{agency.slug}/enforcement/decisions/")
    expect(public.get_by_test_id("decisions")).to_contain_text("张某")
    assert "张伟" not in public.content()
    assert_accessible(axe, public)
    public.get_by_role("link", name="沪司罚决〔2025〕8号").click()
    expect(public.get_by_test_id("decision")).to_contain_text("给予张某警告。")
    assert_accessible(axe, public)
