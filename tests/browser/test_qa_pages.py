"""Q&A and the law library in a real browser: a visitor asks with the plain GET form,
reads the quoted answer, follows its source to the article's anchor on the law page, and
says it helped; axe-core on the answer and law pages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from gongkai.qa.models import AskedQuestion
from tests.browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def qa_ready(portal_agency):
    """The law excerpts only (no FAQs), so the answer is a law article."""
    from gongkai.laws.demo import FIXTURES
    from gongkai.laws.indexing import laws_index
    from gongkai.laws.services import laws_import
    from gongkai.qa.embeddings import laws_embed

    report = laws_import(FIXTURES, index_async=False)
    laws_index(report.law_ids)
    laws_embed(report.law_ids)
    return portal_agency


def test_ask_read_follow_source_and_give_feedback(new_context, qa_ready):
    page = new_context().new_page()
    page.goto("/sfj/qa/")
    page.get_by_label("您的问题").fill("政府信息公开申请一般多少个工作日内答复")
    with page.expect_navigation():
        page.get_by_role("button", name="提问").click()
    answer = page.get_by_test_id("qa-answer")
    expect(answer).to_contain_text("20个工作日")
    source = page.get_by_test_id("qa-source").get_by_role("link")
    expect(source).to_contain_text("第三十三条")
    axe = Axe()
    assert_accessible(axe, page)
    with page.expect_navigation():
        page.get_by_role("button", name="有帮助", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("感谢您的反馈")
    assert AskedQuestion.objects.get().helpful == 1

    with page.expect_navigation():
        page.get_by_test_id("qa-source").get_by_role("link").click()
    assert page.url.split("#")[1].startswith("a")
    anchor = page.url.split("#")[1]
    expect(page.locator(f"#{anchor}")).to_contain_text("第三十三条")
    assert_accessible(axe, page)


def test_question_box_fills_its_column_on_phone_and_desktop(new_context, qa_ready):
    """The box once measured about 165 px and cut the question off."""
    for width, height in ((390, 844), (1366, 768)):
        page = new_context(viewport={"width": width, "height": height}).new_page()
        page.goto("/sfj/qa/")
        box = page.get_by_label("您的问题").bounding_box()
        column = page.locator("main").bounding_box()
        assert box and column and box["width"] >= 0.6 * min(column["width"], 1100), (width, box)
        assert box["height"] >= 44
