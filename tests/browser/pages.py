"""Page objects for the browser tests: one class per page, holding its locators and actions.

Tests speak in user terms (``home.toggle_elder_mode()``, ``login.sign_in(...)``); only this
module knows the markup, so a template change is fixed in one place.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, Response, expect

ELDER_CLASS = re.compile(r"(^|\s)elder(\s|$)")


class PortalPage:
    """What every page built on base.html has: header, elder-mode toggle, nav, footer."""

    path = "/"

    def __init__(self, page: Page):
        self.page = page

    # Locators
    @property
    def html(self) -> Locator:
        return self.page.locator("html")

    @property
    def heading(self) -> Locator:
        return self.page.locator("main h1")

    @property
    def header(self) -> Locator:
        return self.page.get_by_role("banner")

    @property
    def main_nav(self) -> Locator:
        return self.page.get_by_role("navigation", name="主导航")

    @property
    def footer(self) -> Locator:
        return self.page.get_by_role("contentinfo")

    @property
    def elder_toggle(self) -> Locator:
        return self.page.get_by_test_id("elder-toggle")

    # Actions
    def open(self, path: str | None = None) -> Response | None:
        return self.page.goto(path or self.path)

    def toggle_elder_mode(self) -> Response:
        """Submit the toggle's form; return the POST's own response (a redirect)."""
        with self.page.expect_response(
            lambda r: "/preferences/elder-mode/" in r.url and r.request.method == "POST"
        ) as posted:
            self.elder_toggle.click()
        self.page.wait_for_load_state("load")
        return posted.value

    def follow_nav_link(self, name: str) -> None:
        with self.page.expect_navigation():
            self.main_nav.get_by_role("link", name=name, exact=True).click()

    # Facts
    def expect_elder_mode(self, on: bool) -> None:
        if on:
            expect(self.html).to_have_class(ELDER_CLASS)
        else:
            expect(self.html).not_to_have_class(ELDER_CLASS)

    def body_font_size(self) -> float:
        size = self.page.locator("body").evaluate("el => getComputedStyle(el).fontSize")
        return float(size.removesuffix("px"))

    def horizontal_overflow(self) -> int:
        """How many CSS pixels the document is wider than the viewport (0 when it fits)."""
        return self.page.evaluate(
            "() => document.documentElement.scrollWidth - window.innerWidth"
        )


class HomePage(PortalPage):
    """An agency's home page: ``/`` shows the default agency, ``/<slug>/`` any agency."""

    def __init__(self, page: Page, slug: str | None = None):
        super().__init__(page)
        self.path = f"/{slug}/" if slug else "/"

    def section(self, title: str) -> Locator:
        return self.page.get_by_role("region", name=title)


class ProfilePage(PortalPage):
    def __init__(self, page: Page, slug: str):
        super().__init__(page)
        self.path = f"/{slug}/profile/"


class LoginPage(PortalPage):
    path = "/staff/login/"

    @property
    def username(self) -> Locator:
        return self.page.get_by_label("用户名")

    @property
    def password(self) -> Locator:
        return self.page.get_by_label("密码")

    @property
    def submit(self) -> Locator:
        return self.page.get_by_role("button", name="登录", exact=True)

    def sign_in(self, username: str, password: str) -> WorkspacePage:
        self.username.fill(username)
        self.password.fill(password)
        with self.page.expect_navigation():
            self.submit.click()
        return WorkspacePage(self.page)


class WorkspacePage(PortalPage):
    path = "/staff/"

    @property
    def roles_table(self) -> Locator:
        return self.page.get_by_role("region", name="我的角色").get_by_role("table")

    @property
    def logout_button(self) -> Locator:
        return self.page.get_by_test_id("logout")

    def log_out(self) -> None:
        with self.page.expect_navigation():
            self.logout_button.click()
