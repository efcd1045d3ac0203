"""Accessibility sample (ADR 0031): axe-core run in the real browser over a sample of each
agency's public pages — its home page and the first page of every declared column — by the
scheduled job, as the browser tests do for the pages they know. Violations of impact
"serious" or "critical" (WCAG 2.1 A/AA rules) are findings; minor ones are left to the
browser tests and the editors.

The browser is optional at run time: Playwright, axe-playwright-python (the ``browser``
extra) and Debian's chromium. Without them the run records why it did not happen instead of
failing. Pages are served to the browser by a loopback server inside the job (the same
application, asked with the public host name), or read at ``base_url`` when given."""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.core.links import site_url
from gongkai.self_inspection.columns import columns_for

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
              "resultTypes": ["violations"]}
IMPACTS = ("serious", "critical")
log = logging.getLogger("gongkai.self_inspection")
PAGE_TIMEOUT_MS = 15_000


def chromium_path() -> str:
    return os.environ.get("CHROMIUM") or getattr(settings, "GONGKAI_CHROMIUM", "") \
        or shutil.which("chromium") or "/usr/bin/chromium"


def unavailable() -> str:
    """Why the sample cannot run here ('' when it can)."""
    try:
        import axe_playwright_python  # noqa: F401
        import playwright  # noqa: F401
    except ImportError:
        return "未安装浏览器检查组件（pip install 'gongkai[browser]'）"
    if not os.path.exists(chromium_path()):
        return "未找到 Chromium 浏览器（apt install chromium）"
    return ""


def sample_pages(agency: Any, size: int | None = None) -> list[str]:
    size = size or int(getattr(settings, "GONGKAI_SELF_INSPECTION_AXE_PAGES", 10))
    pages = [reverse("portal:agency_home", kwargs={"agency": agency.slug})]
    pages += [c["url"] for c in columns_for(agency) if c.get("url")]
    return list(dict.fromkeys(pages))[:size]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


class _ThreadingServer(WSGIServer):
    daemon_threads = True

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(target=self._handle, args=(request, client_address),
                                  daemon=True)
        thread.start()

    def _handle(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:  # noqa: BLE001 - one page's failure is that page's finding
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)


@contextmanager
def loopback_site() -> Iterator[str]:
    """The application on a loopback port for the browser, each request asked with the
    public host name and scheme (ALLOWED_HOSTS, secure redirects) as the crawl does."""
    from django.core.wsgi import get_wsgi_application

    parts = urlsplit(site_url())
    inner = get_wsgi_application()  # WhiteNoise's middleware serves the pages' static files

    def app(environ: dict[str, Any], start_response: Any) -> Any:
        environ["HTTP_HOST"] = parts.netloc or "localhost"
        if parts.scheme == "https":
            environ["wsgi.url_scheme"] = "https"
            environ["HTTP_X_FORWARDED_PROTO"] = "https"
        return inner(environ, start_response)

    server = make_server("127.0.0.1", 0, app, server_class=_ThreadingServer,
                         handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


class PageNotLoaded(Exception):
    pass


def _violations(axe: Any, page: Any, url: str) -> list[dict[str, Any]]:
    response = page.goto(url, wait_until="load", timeout=PAGE_TIMEOUT_MS)
    if response is None or response.status >= 400:
        raise PageNotLoaded(f"HTTP {getattr(response, 'status', '无响应')}")
    found = axe.run(page, options=WCAG_21_AA).response["violations"]
    return [v for v in found if v.get("impact") in IMPACTS]


def _browse(base: str, paths: list[str]) -> tuple[int, list[tuple[str, str, str]]]:
    """Open each page in chromium and run axe: (pages checked, [(path, rule or
    "page-load", detail)]). No database access here: it runs in a thread of its own."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    checked = 0
    found: list[tuple[str, str, str]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(),
                                             args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_context(locale="zh-CN").new_page()
            axe = Axe()
            for path in paths:
                try:
                    broken = _violations(axe, page, base + path)
                except (PlaywrightError, PageNotLoaded) as exc:
                    found.append((path, "page-load", f"页面未能在浏览器中打开：{exc}"))
                    continue
                checked += 1
                for v in broken:
                    nodes = [" ".join(n["target"]) if isinstance(n["target"], list)
                             else str(n["target"]) for n in v["nodes"][:3]]
                    found.append((path, v["id"],
                                  f"[{v['impact']}] {v['help']}：{'、'.join(nodes)}"))
        finally:
            browser.close()
    return checked, found


def scan(agency: Any, *, pages: list[str] | None = None, base_url: str | None = None) -> Any:
    """Run the sample and store its findings (replacing the agency's previous ones).

    The browser is driven from a thread of its own: Playwright's synchronous API refuses
    to start where an event loop already runs (another Playwright session, an async
    caller), and the job must not depend on who calls it."""
    from gongkai.self_inspection.models import AxeRun, CrawlFinding, FindingKind

    started = time.monotonic()
    reason = unavailable()
    findings: list[CrawlFinding] = []
    checked = 0
    if not reason:
        paths = pages if pages is not None else sample_pages(agency)
        now = timezone.now()
        with (loopback_site() if base_url is None else _given(base_url)) as base, \
                ThreadPoolExecutor(max_workers=1) as pool:
            checked, found = pool.submit(_browse, base, paths).result()
        findings = [CrawlFinding(agency=agency, kind=FindingKind.ACCESSIBILITY,
                                 page_url=path[:500], target=target, detail=detail[:300],
                                 found_at=now) for path, target, detail in found]
    with transaction.atomic():
        if not reason:
            CrawlFinding.objects.filter(agency=agency, kind=FindingKind.ACCESSIBILITY).delete()
            CrawlFinding.objects.bulk_create(findings)
        run, _ = AxeRun.objects.update_or_create(agency=agency, defaults={
            "finished_at": timezone.now(), "pages": checked, "violations": len(findings),
            "note": f"未运行：{reason}" if reason else ""})
    log.info("accessibility sample of %s: %d pages, %d findings, %.1f s", agency.slug,
             checked, len(findings), time.monotonic() - started)
    return run


@contextmanager
def _given(base_url: str) -> Iterator[str]:
    yield base_url.rstrip("/")
