"""Browser fixtures: one Debian chromium per session, a fresh context for every test.

Playwright's own browsers are never downloaded: the tests drive the system chromium
(``CHROMIUM`` overrides its path; scripts/system-deps.sh installs it and a CJK font).
"""

from __future__ import annotations

import os

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


@pytest.fixture
def new_context(browser, live_server):
    """Make browser contexts aimed at the live server; all are closed after the test."""
    contexts = []

    def make(**options):
        options.setdefault("base_url", live_server.url)
        options.setdefault("locale", "zh-CN")
        context = browser.new_context(**options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture
def signed_in_context(new_context, live_server):
    """A context already carrying the session cookie of ``user`` (no login form round trip)."""
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.test import Client

    def make(user, **options):
        client = Client()
        client.force_login(user)
        context = new_context(**options)
        context.add_cookies([{
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "domain": urlsplit(live_server.url).hostname,
            "path": "/",
        }])
        return context

    return make


def elder_cookie(live_server) -> dict:
    """The cookie the elder-mode toggle sets, for tests that start in elder mode."""
    from urllib.parse import urlsplit

    from gongkai.portal.middleware import ELDER_COOKIE

    return {"name": ELDER_COOKIE, "value": "1", "domain": urlsplit(live_server.url).hostname,
            "path": "/"}
