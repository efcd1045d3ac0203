"""The search page in a real browser: the header box leads to it, results are marked and
filterable without JavaScript, and axe finds no WCAG 2.1 AA violation (normal and elder
mode, desktop and phone width)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.test_accessibility import MODES, assert_accessible
from tests.browser.test_catalogue_pages import taxonomy  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def searchable(portal_agency, taxonomy):  # noqa: F811
    import datetime as dt

    from gongkai.catalogue import services
    from gongkai.catalogue.models import Genre, Topic

    topic = Topic.objects.get(name="法律援助")
    for i, genre in enumerate(Genre.objects.order_by("pk")[:3]):
        record = services.record_create(
            actor=None, agency=portal_agency, title=f"关于法律援助工作的{genre.name}({i + 1})",
            summary="法律援助", body="申请法律援助的条件和程序。<script>alert(1)</script>",
            formed_on=dt.date(2023, 3, 1 + i), topic=topic, genre=genre)
        services.record_submit(actor=None, record=record)
        services.record_approve(actor=None, record=record)
    return portal_agency


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("elder", MODES)
def test_search_from_the_header_filter_and_check_accessibility(new_context, searchable, elder):
    page = new_context(elder=elder).new_page()
    page.goto("/sfj/")
    page.get_by_role("search").first.get_by_label("站内搜索").fill("法律援助")
    page.get_by_role("search").first.get_by_role("button", name="搜索").click()
    expect(page).to_have_url(re.compile(r"/sfj/search/\?q=%E6%B3%95%E5%BE%8B%E6%8F%B4%E5%8A%A9$"))
    expect(page.get_by_test_id("result-count")).to_have_text("找到 3 条结果")
    assert page.locator(".search-hit mark").count() >= 3
    assert page.locator("script:has-text('alert(1)')").count() == 0
    genre = page.locator(".catalogue-facets a").filter(has_text="(1)").first
    genre.click()
    expect(page.get_by_test_id("result-count")).to_have_text("找到 1 条结果")
    assert_accessible(Axe(), page)
