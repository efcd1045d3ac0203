"""axe-core on every page template, in normal and elder mode, at desktop and phone width.

Zero WCAG 2.1 A/AA violations are allowed.

The accessibility statement (/accessibility/) promises WCAG 2.1 AA and GB/T 37668-2019 and
that automated tests check every public page template before each release: this is that
check. Rules are never switched off and no element is excluded; fix the page instead.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.pages import LoginPage, PortalPage

pytestmark = pytest.mark.browser

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
DESKTOP, PHONE = (1280, 800), (375, 667)
MODES = [pytest.param(False, id="normal"), pytest.param(True, id="elder")]

# (id, path, expected HTTP status); every template a member of the public can reach.
PUBLIC_PAGES = [
    ("home", "/", 200),
    ("agency-home", "/xhsfj/", 200),
    ("profile", "/sfj/profile/", 200),
    ("profile-no-departments", "/xhsfj/profile/", 200),
    ("agencies", "/agencies/", 200),
    ("accessibility", "/accessibility/", 200),
    ("not-found", "/nosuchbureau/", 404),
    ("staff-login", "/staff/login/", 200),
]
STAFF_PAGES = [
    ("workspace", "/staff/", 200),
    ("audit", "/staff/audit/", 200),
    ("calendar", "/staff/calendar/2024/", 200),
    ("tokens", "/staff/tokens/", 200),
    ("patterns", "/staff/patterns/", 200),  # the design system page
    ("jobs", "/staff/jobs/", 200),
    ("application-queue", "/staff/applications/?sort=-due", 200),  # sortable, bulk 分办
    ("record-editor", "/staff/catalogue/records/new/", 200),  # required marks, preview
]


@pytest.fixture(scope="module")
def axe():
    return Axe()


def violations_of(axe: Axe, page) -> list[dict]:
    return axe.run(page, options=WCAG_21_AA).response["violations"]


def describe(violations: list[dict], url: str) -> str:
    """One line per rule broken: id, impact, how many elements, the first few selectors."""
    lines = [f"{len(violations)} axe violation(s) on {url}:"]
    for v in violations:
        targets = [" >>> ".join(node["target"]) for node in v["nodes"][:3]]
        more = f" (+{len(v['nodes']) - 3} more)" if len(v["nodes"]) > 3 else ""
        lines.append(f"  - {v['id']} [{v['impact']}] {v['help']}: {', '.join(targets)}{more}")
    return "\n".join(lines)


def assert_accessible(axe: Axe, page) -> None:
    """Check at desktop width, then at phone width (tables scroll, header and nav wrap)."""
    for width, height in [DESKTOP, PHONE]:
        page.set_viewport_size({"width": width, "height": height})
        found = violations_of(axe, page)
        assert not found, describe(found, f"{page.url} at {width}x{height}")


def open_page(page, path: str, status: int) -> PortalPage:
    portal_page = PortalPage(page)
    response = portal_page.open(path)
    assert response is not None and response.status == status, (path, response and response.status)
    return portal_page


@pytest.mark.parametrize("elder", MODES)
@pytest.mark.parametrize(("path", "status"), [pytest.param(p, s, id=i) for i, p, s in PUBLIC_PAGES])
def test_public_page_has_no_wcag_violations(new_context, axe, portal_agency, path, status,
                                            elder):
    page = new_context(elder=elder).new_page()
    open_page(page, path, status).expect_elder_mode(elder)
    assert_accessible(axe, page)


@pytest.mark.parametrize("elder", MODES)
def test_empty_platform_home_has_no_wcag_violations(new_context, axe, db, elder):
    page = new_context(elder=elder).new_page()
    portal_page = open_page(page, "/", 200)
    portal_page.expect_elder_mode(elder)
    assert "平台尚未配置机构" in portal_page.heading.inner_text()
    assert_accessible(axe, page)


@pytest.mark.parametrize("elder", MODES)
def test_login_error_state_has_no_wcag_violations(new_context, axe, editor, elder):
    page = new_context(elder=elder).new_page()
    login = LoginPage(page)
    login.open()
    login.sign_in("editor1", "wrong-password")
    assert page.get_by_role("alert").count() == 1
    assert_accessible(axe, page)


@pytest.fixture
def staff_data(portal_agency, platform_admin):
    """Rows in every staff table, so axe sees filled tables, badges and row buttons."""
    from django.utils import timezone

    from gongkai.core.services import api_token_create
    from gongkai.jobs.models import JobRun, JobStatus

    api_token_create(actor=platform_admin, user=platform_admin, name="数据报送")
    from gongkai.applications import services as applications
    from tests.applications.conftest import person

    applications.register(actor=platform_admin, agency=portal_agency, channel="in_person",
                          received_on=timezone.localdate(), **person())
    now = timezone.now()
    JobRun.objects.create(name="audit.verify_daily", key="2024-05-06",
                          status=JobStatus.SUCCEEDED, attempts=1, result={"ok": True},
                          finished_at=now)
    JobRun.objects.create(name="audit.verify_daily", key="2024-05-07", status=JobStatus.FAILED,
                          attempts=3, error="Traceback (most recent call last):\n  boom",
                          finished_at=now)
    return platform_admin


@pytest.mark.parametrize("elder", MODES)
@pytest.mark.parametrize(("path", "status"), [pytest.param(p, s, id=i) for i, p, s in STAFF_PAGES])
def test_staff_page_has_no_wcag_violations(new_context, axe, staff_data, path, status, elder):
    page = new_context(elder=elder, user=staff_data).new_page()
    portal_page = open_page(page, path, status)
    assert "/staff/login/" not in page.url
    portal_page.expect_elder_mode(elder)
    assert page.get_by_test_id("logout").count() == 1, "not signed in"
    assert_accessible(axe, page)


def test_new_token_notice_has_no_wcag_violations(new_context, axe, staff_data):
    page = new_context(user=staff_data).new_page()
    open_page(page, "/staff/tokens/", 200)
    page.get_by_label("用途说明").fill("年报导出")
    with page.expect_navigation():
        page.get_by_role("button", name="创建令牌").click()
    assert page.get_by_test_id("new-token").inner_text().startswith("gk_")
    assert_accessible(axe, page)
