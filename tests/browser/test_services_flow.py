"""A citizen on a phone finds the legal-aid guide through the scenario guide ("我要申请法律
援助"), answers the questions one page at a time (plain GET forms, no script needed),
downloads the blank application form, and opens the full guide; axe on every page."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def services_demo(portal_agency):
    from gongkai.laws.demo import FIXTURES
    from gongkai.laws.services import laws_import
    from gongkai.services.demo import load_services_demo

    laws_import(FIXTURES, index_async=True)
    load_services_demo()
    return portal_agency


def _no_overflow(page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_citizen_finds_legal_aid_guide_and_downloads_the_form(new_context, services_demo):
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                       accept_downloads=True).new_page()
    axe = Axe()
    page.goto("/sfj/services/")
    assert_accessible(axe, page)
    _no_overflow(page)
    with page.expect_navigation():
        page.get_by_role("link", name="我要申请法律援助").click()
    expect(page.locator("main h1")).to_have_text("我要申请法律援助")
    assert_accessible(axe, page)
    for answer in ("请求支付劳动报酬或者工伤赔偿", "其他情况", "本人申请"):
        page.get_by_label(answer).check()
        with page.expect_navigation():
            page.get_by_role("button", name="下一步").click()
        _no_overflow(page)
    result = page.get_by_test_id("result")
    expect(result).to_contain_text("申请法律援助")
    expect(result).to_contain_text("经济困难状况说明表")
    expect(result).not_to_contain_text("代理人身份证明")
    assert_accessible(axe, page)
    with page.expect_download() as download:
        result.get_by_role("link", name="下载空白表格：法律援助申请表.docx").click()
    saved = download.value
    assert saved.suggested_filename == "法律援助申请表.docx"
    with open(saved.path(), "rb") as handle:
        assert handle.read(2) == b"PK"
    with page.expect_navigation():
        result.get_by_role("link", name="查看完整办事指南").click()
    expect(page.locator("main h1")).to_have_text("申请法律援助")
    expect(page.get_by_test_id("last-updated")).to_be_visible()
    expect(page.get_by_test_id("limits")).to_contain_text("个工作日")
    expect(page.locator("figure.flow svg")).to_be_visible()
    assert_accessible(axe, page)
    _no_overflow(page)
