"""The legal-services directory and the standard catalogue in a real browser: a citizen on
a phone-sized window looks a lawyer up by licence number; a visitor follows a standard
catalogue item to the records behind it; axe finds nothing on these pages."""

from __future__ import annotations

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

from tests.browser.pages import PortalPage
from tests.browser.test_accessibility import PHONE, assert_accessible, describe, violations_of
from tests.factories import record_fields

pytestmark = pytest.mark.browser

LICENCE = "13101201811234567"


class DirectoryPage(PortalPage):
    """/<agency>/directory/: the search form and the phone-friendly list of entries."""

    def __init__(self, page: Page, slug: str):
        super().__init__(page)
        self.path = f"/{slug}/directory/"

    @property
    def entries(self) -> Locator:
        return self.page.get_by_test_id("directory-entry")

    def search_licence(self, number: str) -> None:
        self.page.get_by_label("执业（许可）证号", exact=True).fill(number)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="查询", exact=True).click()

    def open_entry(self, name: str) -> PortalPage:
        with self.page.expect_navigation():
            self.entries.get_by_role("link", name=name).click()
        return PortalPage(self.page)


class StandardsPage(PortalPage):
    def __init__(self, page: Page, slug: str):
        super().__init__(page)
        self.path = f"/{slug}/standards/"

    def open_item(self, name: str) -> PortalPage:
        with self.page.expect_navigation():
            self.page.get_by_role("link", name=name, exact=True).click()
        return PortalPage(self.page)


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture
def directory(portal_agency):
    from gongkai.directory import services

    firm = services.entity_create(actor=None, agency=portal_agency, data={
        "kind": "law_firm", "name": "上海申江律师事务所", "district": "黄浦区",
        "licence_number": "31310000425097688X", "address": "上海市黄浦区中山东一路1号",
        "phone": "021-63000000", "services": "民事诉讼;公司法务"})
    services.entity_create(actor=None, agency=portal_agency, data={
        "kind": "lawyer", "name": "张明", "district": "黄浦区", "licence_number": LICENCE,
        "parent_licence_number": firm.licence_number, "licence_valid_until": "2027-05-31"})
    for n in range(25):
        services.entity_create(actor=None, agency=portal_agency, data={
            "kind": "lawyer", "name": f"其他律师{n}", "district": "徐汇区",
            "licence_number": f"1310120190000{n:04d}"})
    return portal_agency


def test_citizen_looks_up_a_lawyer_by_licence_number_on_a_phone(new_context, axe, directory):
    page = new_context(viewport={"width": PHONE[0], "height": PHONE[1]}).new_page()
    listing = DirectoryPage(page, directory.slug)
    assert listing.open().status == 200
    assert listing.horizontal_overflow() <= 1
    found = violations_of(axe, page)
    assert not found, describe(found, page.url)
    listing.search_licence(LICENCE)
    expect(page.get_by_test_id("result-count")).to_have_text("共 1 条")
    expect(listing.entries).to_have_count(1)
    entry = listing.open_entry("张明")
    expect(entry.heading).to_have_text("张明")
    expect(page.get_by_test_id("licence-number")).to_have_text(LICENCE)
    expect(page.get_by_test_id("licence-status")).to_have_text("正常执业")
    expect(page.get_by_role("link", name="上海申江律师事务所")).to_be_visible()
    assert listing.horizontal_overflow() <= 1
    assert_accessible(axe, page)


def test_visitor_follows_a_standard_item_to_its_records(new_context, axe, directory):
    from gongkai.catalogue.services import (
        genre_get_or_create,
        record_approve,
        record_create,
        record_submit,
        topic_get_or_create,
    )
    from gongkai.standards import services

    lawyers = topic_get_or_create(code="lawyers", name="律师管理")
    genre_get_or_create(code="notice", name="通知")
    record = record_create(actor=None, agency=directory, **record_fields(
        title="关于准予张明律师执业的决定", topic=lawyers, document_number="",
        formed_on=dt.date.today()))
    record_submit(actor=None, record=record)
    record_approve(actor=None, record=record)
    item = services.item_save(actor=None, agency=directory, data={
        "serial": 1, "level1": "律师管理", "level2": "律师执业许可", "content": "许可决定",
        "time_limit": "20个工作日内", "subject": "市司法局", "channels": ["政府网站"],
        "levels": ["市级"]})
    services.link_add(actor=None, item=item, kind="catalogue_query", target="topic=lawyers",
                      label="律师执业许可决定")
    services.link_add(actor=None, item=item, kind="directory", target="lawyer")

    page = new_context().new_page()
    catalogue = StandardsPage(page, directory.slug)
    assert catalogue.open().status == 200
    assert_accessible(axe, page)
    page.set_viewport_size({"width": 1280, "height": 800})
    detail = catalogue.open_item("律师执业许可")
    expect(detail.heading).to_have_text("律师执业许可")
    expect(page.get_by_test_id("standard-columns")).to_contain_text("公开渠道和载体")
    assert_accessible(axe, page)
    page.set_viewport_size({"width": 1280, "height": 800})
    with page.expect_navigation():
        page.get_by_role("link", name="关于准予张明律师执业的决定").click()
    expect(PortalPage(page).heading).to_have_text("关于准予张明律师执业的决定")
    assert f"/records/{record.pk}/" in page.url


@pytest.mark.parametrize("path", ["/sfj/directory/lookup/", "/staff/directory/",
                                  "/staff/directory/import/", "/staff/directory/connectors/",
                                  "/staff/directory/connectors/sfj/notary/",
                                  "/staff/standards/", "/staff/standards/gaps/"])
def test_other_pages_have_no_wcag_violations(new_context, axe, directory, path):
    from gongkai.core.models import Role
    from tests.factories import staff

    user = staff(Role.AGENCY_ADMIN, directory, "browser-admin") if path.startswith(
        "/staff/") else None
    page = new_context(user=user).new_page()
    assert PortalPage(page).open(path).status == 200
    assert_accessible(axe, page)
