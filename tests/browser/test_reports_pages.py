"""The annual report's pages in a real browser with axe (WCAG 2.1 AA): the editor of a
draft with figures from real cases, the evaluation dashboard and the public list."""

from __future__ import annotations

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from gongkai.core.models import Role
from tests.browser.test_accessibility import assert_accessible
from tests.factories import staff
from tests.reports.conftest import make_case, save_cases

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_report_editor_dashboard_and_public_list_are_accessible(new_context, axe, agency, elder):
    save_cases([make_case(agency, received=dt.date(2025, 3, 3), closed=dt.date(2025, 3, 20),
                          reply_type="disclosed", reason="provided"),
                make_case(agency, received=dt.date(2025, 12, 29))])
    officer = staff(Role.DISCLOSURE_OFFICER, agency, "report-officer")
    head = staff(Role.AGENCY_ADMIN, agency, "report-admin")

    page = new_context(user=officer, elder=elder).new_page()
    page.goto("/staff/reports/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(axe, page)
    page.get_by_label("年度", exact=True).fill("2025")
    page.get_by_role("button", name="打开").click()
    expect(page).to_have_url(f"/staff/reports/{agency.pk}/2025/")
    expect(page.locator("main")).to_contain_text("申请人情况")
    assert_accessible(axe, page)

    page = new_context(user=head, elder=elder).new_page()
    page.goto("/staff/reports/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(axe, page)

    public = new_context(elder=elder).new_page()
    response = public.goto(f"/{agency.slug}/reports/")
    assert response is not None and response.status == 200
    assert_accessible(axe, public)
