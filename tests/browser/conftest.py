"""Browser fixtures: one Debian chromium per session, a fresh context for every test.

Playwright's own browsers are never downloaded: the tests drive the system chromium
(``CHROMIUM`` overrides its path; scripts/system-deps.sh installs it and a CJK font).
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEFAULT_TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            args=CHROMIUM_ARGS,
            headless=True,
        )
        yield chromium
        chromium.close()


def _cookie(live_server, name: str, value: str) -> dict:
    return {"name": name, "value": value, "domain": urlsplit(live_server.url).hostname,
            "path": "/"}


@pytest.fixture
def new_context(browser, live_server):
    """Make browser contexts aimed at the live server; all are closed after the test.

    ``elder=True`` starts with the cookie the elder-mode toggle sets; ``user=`` starts
    signed in as that person (a real session, without the login form round trip).
    """
    from django.conf import settings
    from django.test import Client

    from gongkai.portal.middleware import ELDER_COOKIE

    contexts = []

    def make(*, elder: bool = False, user=None, **options):
        options.setdefault("base_url", live_server.url)
        options.setdefault("locale", "zh-CN")
        context = browser.new_context(**options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        cookies = []
        if elder:
            cookies.append(_cookie(live_server, ELDER_COOKIE, "1"))
        if user is not None:
            client = Client()
            client.force_login(user)
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            cookies.append(_cookie(live_server, settings.SESSION_COOKIE_NAME, session))
        if cookies:
            context.add_cookies(cookies)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture
def portal_agency(agency, other_agency):
    """The default agency filled in as a real one is: description, departments, footer ids.

    Written through the services, so the audit trail has entries for the staff pages too.
    """
    from gongkai.core.services import agency_update, department_create

    agency = agency_update(
        actor=None, agency=agency,
        description="负责全市司法行政工作。\n统筹推进法治政府建设。",
        address="上海市徐汇区肇嘉浜路 1 号", postcode="200030", phone="021-12345678",
        email="gongkai@sfj.example.gov.cn", office_hours="工作日 9:00-17:00",
        site_code="3100000099", icp_number="沪ICP备00000000号",
        police_number="沪公网安备31000000000000号",
    )
    department_create(actor=None, agency=agency, name="办公室", duties="负责机关日常运转。")
    department_create(actor=None, agency=agency, name="法治调研处", duties="负责法治调研。")
    return agency
