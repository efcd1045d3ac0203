"""The public catalogue in a real browser: axe-core on each of its page templates (normal
and elder mode, desktop and phone width) and a visitor filtering by topic to a record."""

from __future__ import annotations

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

from tests.browser.pages import PortalPage
from tests.browser.test_accessibility import MODES, assert_accessible
from tests.factories import record_fields

pytestmark = pytest.mark.browser


class CataloguePage(PortalPage):
    """/<agency>/disclosure/: the filter form, the result table, pagination, facets."""

    def __init__(self, page: Page, slug: str):
        super().__init__(page)
        self.path = f"/{slug}/disclosure/"

    @property
    def result_links(self) -> Locator:
        return self.page.locator("table.record-table td.record-title a")

    def filter_by_topic(self, name: str) -> None:
        select = self.page.get_by_label("主题分类", exact=True)
        option = select.locator("option", has_text=name)
        select.select_option(option.get_attribute("value"))
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="查询", exact=True).click()

    def open_record(self, title: str) -> RecordPage:
        with self.page.expect_navigation():
            self.result_links.filter(has_text=title).click()
        return RecordPage(self.page)


class RecordPage(PortalPage):
    def meta(self, label: str) -> Locator:
        return self.page.get_by_test_id("record-meta").locator(
            f"div:has(> dt:text-is('{label}')) > dd")


@pytest.fixture(scope="module")
def axe():
    return Axe()


def _publish(agency, **overrides):
    from gongkai.catalogue.services import record_approve, record_create, record_submit

    record = record_create(actor=None, agency=agency, **record_fields(**overrides))
    record_submit(actor=None, record=record)
    return record_approve(actor=None, record=record)


@pytest.fixture
def taxonomy(db):
    """The default topics and genres. Their data migration filled the tables, but the live
    server's transactional tests empty every table after each test."""
    from gongkai.catalogue import taxonomy as defaults
    from gongkai.catalogue.services import genre_get_or_create, topic_get_or_create

    for order, (code, name) in enumerate(defaults.TOPICS):
        topic_get_or_create(code=code, name=name, sort_order=order)
    for order, (code, name, normative) in enumerate(defaults.GENRES):
        genre_get_or_create(code=code, name=name, is_normative=normative, sort_order=order)


@pytest.fixture
def catalogue(portal_agency, taxonomy):
    """A filled catalogue: two topics, more than one page, an attachment, a related
    record, a correction (so there is an old version) and a withdrawn record."""
    from gongkai.catalogue.models import Genre, LinkKind, Topic, Validity
    from gongkai.catalogue.services import (
        record_approve,
        record_attach,
        record_create,
        record_link,
        record_submit,
        record_update,
        record_withdraw,
    )
    from gongkai.core.models import Department

    office = Department.objects.get(agency=portal_agency, name="办公室")
    lawyers = Topic.objects.get(code="lawyers")
    for n in range(21):
        _publish(portal_agency, title=f"关于做好第{n + 1}批公证机构年度考核工作的通知",
                 document_number=f"沪司发〔2023〕{n + 1}号", formed_on=dt.date(2023, 3, 1),
                 department=office)
    lawyer = _publish(portal_agency, title="关于律师事务所年度检查考核结果的公告",
                      document_number="沪司〔2024〕12号", topic=lawyers,
                      genre=Genre.objects.get(code="announcement"),
                      summary="公布本年度律师事务所检查考核结果。")
    seed = record_create(actor=None, agency=portal_agency, **record_fields(
        validity=Validity.VALID, body="局机关各处室:\n\n经局领导同意,现将工作要点印发给你们。"))
    record_attach(actor=None, record=seed, filename="2020年政务公开工作要点.txt",
                  data="上海市司法局2020年政务公开工作要点\n".encode())
    record_submit(actor=None, record=seed)
    record_approve(actor=None, record=seed)
    record_link(actor=None, source=seed, target=lawyer, kind=LinkKind.RELATED)
    record_update(actor=None, record=seed, summary="印发本局2020年政务公开工作要点(更正)。")
    record_submit(actor=None, record=seed)
    record_approve(actor=None, record=seed, comment="更正内容概述")
    gone = _publish(portal_agency, title="已撤回的通知", document_number="")
    record_withdraw(actor=None, record=gone, reason="内容有误,已另行发布")
    # The 依申请公开信息目录 (issue 14 #11): listed, metadata only.
    type(portal_agency).objects.filter(pk=portal_agency.pk).update(lists_on_request_entries=True)
    on_request = _publish(portal_agency, title="关于公证机构执业区域调整的请示",
                          document_number="沪司〔2022〕7号", disclosure_attribute="on_request",
                          withholding_reason="过程性信息", withholding_basis="条例第十六条")
    seed.refresh_from_db()
    return {"agency": portal_agency, "seed": seed, "lawyer": lawyer, "withdrawn": gone,
            "on_request": on_request}


def _pages(catalogue) -> list[tuple[str, int]]:
    slug, seed = catalogue["agency"].slug, catalogue["seed"]
    return [
        (f"/{slug}/disclosure/", 200),
        (f"/{slug}/disclosure/?topic=general&page=2", 200),
        (f"/{slug}/disclosure/?year=二〇二四&q=法律援助", 200),  # error state, nothing found
        (f"/{slug}/disclosure/records/{seed.pk}/", 200),
        (f"/{slug}/disclosure/records/{seed.pk}/versions/1/", 200),
        (f"/{slug}/disclosure/records/{catalogue['withdrawn'].pk}/", 410),
        (f"/{slug}/disclosure/on-request/", 200),
    ]


PAGE_IDS = ["index", "index-page-2", "index-errors", "record", "old-version", "withdrawn",
            "on-request"]


@pytest.mark.parametrize("elder", MODES)
@pytest.mark.parametrize("which", range(len(PAGE_IDS)), ids=PAGE_IDS)
def test_catalogue_pages_have_no_wcag_violations(new_context, axe, catalogue, which, elder):
    path, status = _pages(catalogue)[which]
    page = new_context(elder=elder).new_page()
    portal_page = PortalPage(page)
    response = portal_page.open(path)
    assert response is not None and response.status == status, path
    portal_page.expect_elder_mode(elder)
    assert_accessible(axe, page)


def test_filter_by_topic_with_the_form_then_open_the_record(new_context, catalogue):
    agency, lawyer = catalogue["agency"], catalogue["lawyer"]
    page = new_context().new_page()
    listing = CataloguePage(page, agency.slug)
    listing.open()
    expect(listing.heading).to_have_text("政府信息公开目录")
    expect(listing.main_nav.get_by_role("link", name="政府信息公开")).to_have_attribute(
        "aria-current", "page")
    expect(listing.result_links).to_have_count(20)

    listing.filter_by_topic("律师管理")
    assert "topic=lawyers" in page.url
    expect(listing.result_links).to_have_text(["关于律师事务所年度检查考核结果的公告"])
    expect(page.get_by_label("主题分类", exact=True)).to_have_value("lawyers")

    record = listing.open_record("关于律师事务所年度检查考核结果的公告")
    assert page.url.endswith(f"/{agency.slug}/disclosure/records/{lawyer.pk}/")
    expect(record.heading).to_have_text("关于律师事务所年度检查考核结果的公告")
    expect(record.meta("索取号")).to_have_text(lawyer.index_number)
    expect(record.meta("文件编号")).to_have_text("沪司〔2024〕12号")
    expect(record.meta("主题分类")).to_have_text("律师管理")
    expect(record.meta("发布机构")).to_have_text(agency.name)
    expect(record.meta("公开属性")).to_have_text("主动公开")
    # The seed notice links to this record; the way back is there too.
    expect(page.get_by_role("link", name="返回政府信息公开目录")).to_be_visible()


def test_search_by_document_number_typed_with_square_brackets(new_context, catalogue):
    page = new_context().new_page()
    listing = CataloguePage(page, catalogue["agency"].slug)
    listing.open()
    page.get_by_label("文件编号、索取号或标题").fill("沪司办[2020]6号")
    with page.expect_navigation():
        page.get_by_role("button", name="查询", exact=True).click()
    expect(listing.result_links).to_have_text([record_fields()["title"]])
    expect(page.locator(".table-wrap")).to_contain_text("沪司办〔2020〕6号")


@pytest.mark.parametrize("elder", MODES)
def test_catalogue_fits_a_phone_without_sideways_scrolling(new_context, catalogue, elder):
    page = new_context(elder=elder, viewport={"width": 375, "height": 667}).new_page()
    listing = CataloguePage(page, catalogue["agency"].slug)
    listing.open()
    assert listing.horizontal_overflow() == 0
    # Each row is stacked and labelled, so the index number is on screen, not off to the right.
    first_row = page.locator("table.record-table tbody tr").first
    cell = first_row.get_by_role("cell", name=f"索取号：{catalogue['seed'].index_number}")
    expect(cell).to_be_visible()
    box = cell.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 375


def test_a_visitor_applies_for_an_entry_of_the_on_request_catalogue(new_context, catalogue):
    """From the catalogue to the on-request list, then 申请公开: the form names the entry."""
    entry = catalogue["on_request"]
    page = new_context().new_page()
    listing = CataloguePage(page, catalogue["agency"].slug)
    listing.open(listing.path)
    with page.expect_navigation():
        page.get_by_test_id("on-request-link").click()
    row = page.get_by_test_id("on-request-entry")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(entry.index_number)
    with page.expect_navigation():
        row.get_by_role("link", name="申请公开：关于公证机构执业区域调整的请示").click()
    expect(page.get_by_label("文件编号（如知道）")).to_have_value("沪司〔2022〕7号")
    expect(page.locator("textarea[name=description]")).to_have_value(
        f"申请公开“关于公证机构执业区域调整的请示”（索取号：{entry.index_number}"
        "，文件编号：沪司〔2022〕7号）。")
