"""The public portal in a real browser: home page, elder mode, keyboard, phones."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from gongkai.portal.sections import sections
from tests.browser.pages import HomePage, ProfilePage

pytestmark = pytest.mark.browser

SHOTS_DIR = Path(os.environ.get("GONGKAI_SHOTS_DIR", "/tmp/gk-shots"))
MOBILE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True,
          "device_scale_factor": 2}


def test_home_page_shows_agency_with_navigation_and_footer(page, portal_agency, other_agency):
    home = HomePage(page)
    response = home.open()

    assert response.status == 200
    expect(page).to_have_title(portal_agency.name)
    expect(home.heading).to_have_text(portal_agency.name)
    expect(home.header.locator(".brand-name")).to_have_text(portal_agency.name)
    # Every section an app registered, in the planned order, between 首页 and 机构概况.
    registered = [str(section.title) for section in sections()]
    assert registered[:2] == ["政府信息公开", "依申请公开"] and "法律法规库" in registered
    expect(home.main_nav.get_by_role("link")).to_have_text(["首页", *registered, "机构概况"])
    expect(home.main_nav.get_by_role("link", name="首页")).to_have_attribute(
        "href", f"/{portal_agency.slug}/")
    expect(home.main_nav.get_by_role("link", name="首页")).to_have_attribute("aria-current", "page")
    for text in ["主办单位", portal_agency.site_code, portal_agency.icp_number,
                 portal_agency.police_number]:
        expect(home.footer).to_contain_text(text)
    expect(home.footer.get_by_role("link", name="无障碍声明")).to_be_visible()
    expect(home.section("联系我们")).to_contain_text(portal_agency.phone)
    expect(home.section("本平台其他机构").get_by_role("link", name=other_agency.name)).to_have_attribute(
        "href", f"/{other_agency.slug}/")


def test_main_navigation_leads_to_the_profile(page, portal_agency):
    home = HomePage(page)
    home.open()
    home.follow_nav_link("机构概况")

    profile = ProfilePage(page, portal_agency.slug)
    assert page.url.endswith(profile.path)
    expect(profile.heading).to_have_text("机构概况")
    expect(profile.main_nav.get_by_role("link", name="机构概况")).to_have_attribute(
        "aria-current", "page")
    expect(page.get_by_role("main")).to_contain_text(portal_agency.organisation_code)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, portal_agency):
    home = HomePage(page)
    home.open()

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到主要内容")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "focused skip link is off-screen"
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_elder_mode_enlarges_text_persists_and_turns_off(page, portal_agency):
    home = HomePage(page)
    home.open()
    home.expect_elder_mode(False)
    normal_size = home.body_font_size()
    expect(home.elder_toggle).to_have_text("长辈版")

    response = home.toggle_elder_mode()

    assert response.status == 302
    assert page.url.endswith("/")
    home.expect_elder_mode(True)
    expect(home.elder_toggle).to_have_text("退出长辈版")
    elder_size = home.body_font_size()
    assert elder_size >= normal_size * 1.2, (normal_size, elder_size)

    home.follow_nav_link("机构概况")
    profile = ProfilePage(page, portal_agency.slug)
    assert page.url.endswith(profile.path)
    profile.expect_elder_mode(True)
    assert profile.body_font_size() == elder_size

    profile.toggle_elder_mode()
    assert page.url.endswith(profile.path), "the toggle should return to the same page"
    profile.expect_elder_mode(False)
    expect(profile.elder_toggle).to_have_text("长辈版")
    assert profile.body_font_size() == normal_size
    home.open()
    home.expect_elder_mode(False)


def test_elder_mode_works_without_javascript(new_context, portal_agency):
    page = new_context(java_script_enabled=False).new_page()
    home = HomePage(page)
    home.open()
    home.expect_elder_mode(False)
    normal_size = home.body_font_size()

    response = home.toggle_elder_mode()

    assert response.status == 302
    home.expect_elder_mode(True)
    assert home.body_font_size() > normal_size
    ProfilePage(page, portal_agency.slug).open()
    home.expect_elder_mode(True)
    home.toggle_elder_mode()
    home.expect_elder_mode(False)


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_phone_sized_home_page_has_no_horizontal_scroll(new_context, portal_agency, elder):
    page = new_context(elder=elder, **MOBILE).new_page()
    home = HomePage(page)
    home.open()
    home.expect_elder_mode(elder)

    assert page.evaluate("window.innerWidth") == 375
    overflow = home.horizontal_overflow()
    assert overflow <= 0, f"page is {overflow}px wider than a 375px phone screen"
    expect(home.elder_toggle).to_be_in_viewport()
    expect(home.heading).to_be_in_viewport()


def test_screenshots_of_home_render_chinese_in_a_cjk_font(new_context, portal_agency):
    """Saves home.png and home-elder.png for a human to look at, and checks no tofu."""
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    for elder, name in [(False, "home.png"), (True, "home-elder.png")]:
        page = new_context(elder=elder, viewport={"width": 1280, "height": 800}).new_page()
        home = HomePage(page)
        home.open()
        home.expect_elder_mode(elder)
        page.evaluate("document.fonts.ready")
        page.screenshot(path=SHOTS_DIR / name, full_page=True)
        assert (SHOTS_DIR / name).stat().st_size > 10_000

        fonts = _platform_fonts(page, "main h1")
        assert any("CJK" in f["familyName"] for f in fonts), fonts


def _platform_fonts(page, selector: str) -> list[dict]:
    """The fonts chromium really drew the element's text with (DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
