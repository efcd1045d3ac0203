"""Walks a person takes (issue 15): a visitor on a 390 px phone, in standard and elder mode,
goes from the home page to every public section by its navigation link (and to search and
the Q&A by the home page's own controls) without sideways scrolling; a disclosure
officer's day on a desktop goes from the staff home to the queue, to a case, to a reply."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from gongkai.applications.models import Application
from gongkai.core.models import Role
from tests.factories import staff
from tests.security.world import applicant

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
def test_a_phone_reaches_every_public_section_from_the_home_page(new_context, portal_agency,
                                                                   elder):
    page = new_context(elder=elder, viewport=PHONE).new_page()
    home = f"/{portal_agency.slug}/"
    page.goto(home)
    nav = page.get_by_role("navigation", name="主导航")
    sections = [(a.inner_text().strip(), a.get_attribute("href"))
                for a in nav.get_by_role("link").all()]
    assert len(sections) >= 14, sections  # home, profile and every registered section
    walked, wide = [], []
    for name, href in sections[1:]:
        page.goto(home)
        nav.get_by_role("link", name=name, exact=True).click()
        expect(page).to_have_url(re.compile(re.escape(href) + "$"))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(nav.get_by_role("link", name=name, exact=True)).to_have_attribute(
            "aria-current", "page")
        walked.append(name)
        if not _fits(page):
            wide.append(href)
    # the home page's search box and the Q&A card
    page.goto(home)
    page.get_by_role("search").first.get_by_role("searchbox").fill("政务公开")
    page.get_by_role("search").first.get_by_role("button", name="搜索").click()
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    wide += [page.url] if not _fits(page) else []
    page.goto(home)
    page.get_by_role("link", name="智能问答", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("智能问答")
    wide += [page.url] if not _fits(page) else []
    assert not wide, f"sideways scrolling on a 390 px phone: {wide}"
    assert "政府信息公开" in walked and "机构概况" in walked


@pytest.mark.django_db(transaction=True)
def test_an_officers_day_home_queue_case_reply(new_context, portal_agency):
    from gongkai.applications import services as applications

    officer = staff(Role.DISCLOSURE_OFFICER, portal_agency, "day-officer")
    submitted = applications.submit_online(agency=portal_agency,
                                           idempotency_key=str(uuid.uuid4()), **applicant())
    case = submitted.application
    page = new_context(user=officer, viewport={"width": 1366, "height": 900}).new_page()

    # the staff home shows what needs the officer, with counts, and leads to the queue
    page.goto("/staff/")
    new = page.get_by_test_id("workspace-today").get_by_role("link", name=re.compile("新收待分办"))
    expect(new).to_contain_text("1")
    new.click()
    expect(page).to_have_url(re.compile(r"/staff/applications/\?queue=new"))
    row = page.get_by_role("row").filter(has_text=case.case_number)
    expect(row).to_be_visible()
    row.get_by_role("link", name=case.case_number).click()

    # the case page offers only what the state allows; the officer replies
    expect(page.get_by_test_id("case-status")).to_be_visible()
    reply = page.locator("section", has=page.get_by_role("heading", name="答复", exact=True))
    reply.get_by_label("答复类型").select_option(value="disclosed:provided")
    reply.get_by_label("提供的信息（文件）").set_input_files(files=[{
        "name": "2020年政务公开工作要点.txt", "mimeType": "text/plain",
        "buffer": "工作要点全文".encode()}])
    reply.get_by_role("button", name="答复并生成答复书").click()
    expect(page.get_by_test_id("case-status")).to_have_text("已答复")
    assert Application.objects.get(pk=case.pk).status == "replied"
