"""The self-inspection dashboard in a real browser with axe (WCAG 2.1 AA): the office opens
its agency's dashboard, sees the veto and the deduction, and follows a finding straight to
the page that holds it."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from gongkai.core.models import Role
from gongkai.self_inspection.models import CrawlFinding
from tests.browser.test_accessibility import assert_accessible
from tests.factories import staff

pytestmark = pytest.mark.browser


def test_the_office_follows_a_finding_to_its_page(new_context, agency):
    officer = staff(Role.DISCLOSURE_OFFICER, agency, "b-si-officer")
    CrawlFinding.objects.create(agency=agency, kind="broken_link", page_url="/sfj/disclosure/",
                                target="/sfj/disclosure/records/424242/", detail="HTTP 404",
                                found_at=timezone.now())
    page = new_context(user=officer).new_page()
    page.goto("/staff/inspection/agencies/sfj/", timeout=30_000)  # a live inspection
    expect(page.get_by_test_id("verdict")).to_contain_text("单项否决")
    expect(page.get_by_test_id("veto-home_stale")).to_be_visible()
    assert_accessible(Axe(), page)
    finding = page.get_by_test_id("deduction-broken_links")
    expect(finding).to_contain_text("扣1分")
    finding.get_by_role("link", name="/sfj/disclosure/").click()
    expect(page).to_have_url(re.compile(r".*/sfj/disclosure/$"))
