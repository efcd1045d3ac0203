"""The self-inspection's accessibility sample in the real browser (ADR 0031): a page with a
planted violation is found with its rule, a clean one gives nothing; over the agency's own
pages, served by the job's loopback server, the sample reads them and stores its run."""

from __future__ import annotations

import http.server
import threading

import pytest

from gongkai.self_inspection import a11y
from gongkai.self_inspection.checks import inspect
from gongkai.self_inspection.models import AxeRun, CrawlFinding

pytestmark = pytest.mark.browser

PAGES = {
    "/bad.html": '<!doctype html><html lang="zh-CN"><head><title>坏页面</title></head><body>'
                 '<main><h1>坏页面</h1><img src="/x.png"></main></body></html>',
    "/good.html": '<!doctype html><html lang="zh-CN"><head><title>好页面</title></head><body>'
                  '<main><h1>好页面</h1><img src="/x.png" alt="机构标识"></main></body></html>',
}


class _Pages(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 - http.server's name
        body = PAGES.get(self.path, "").encode()
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def outside_site():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.django_db
def test_a_planted_violation_is_found_and_a_clean_page_gives_none(agency, outside_site):
    assert a11y.unavailable() == ""
    run = a11y.scan(agency, pages=["/bad.html", "/good.html", "/gone.html"],
                    base_url=outside_site)
    assert (run.pages, run.note) == (2, "")
    found = list(CrawlFinding.objects.filter(agency=agency, kind="accessibility")
                 .order_by("page_url"))
    assert [(f.page_url, f.target) for f in found] == [("/bad.html", "image-alt"),
                                                       ("/gone.html", "page-load")]
    assert found[1].detail.startswith("页面未能在浏览器中打开")
    assert "[critical]" in found[0].detail
    deduction = {d["key"]: d for d in inspect(agency)["deductions"]}["accessibility"]
    assert deduction["points"] == 2 and deduction["items"][0]["url"] == "/bad.html"


@pytest.mark.django_db(transaction=True)
def test_the_agencys_own_pages_through_the_loopback_server(agency, settings):
    settings.GONGKAI_SELF_INSPECTION_AXE_PAGES = 2
    pages = a11y.sample_pages(agency)
    assert pages[0] == f"/{agency.slug}/" and len(pages) == 2
    run = a11y.scan(agency)
    assert run.pages == 2 and run.note == ""
    stored = AxeRun.objects.get(agency=agency)
    assert stored.pages == 2
    # The portal's pages pass axe in the browser tests; here too, none failed to load.
    assert not CrawlFinding.objects.filter(agency=agency, target="page-load").exists()


@pytest.mark.django_db
def test_without_a_browser_the_run_says_why(agency, monkeypatch):
    monkeypatch.setattr(a11y, "chromium_path", lambda: "/nonexistent/chromium")
    run = a11y.scan(agency, pages=["/bad.html"])
    assert run.pages == 0 and run.note == "未运行：未找到 Chromium 浏览器（apt install chromium）"
