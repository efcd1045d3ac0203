"""The crawl and the link checker: findings on real pages, and every bad outside answer
(unreachable, redirect loop, huge page, a host that never answers) bounded and recorded.
The outside hosts are a loopback http.server in a thread."""

from __future__ import annotations

import http.server
import socket
import threading
import time

import pytest

from gongkai.self_inspection import linkcheck
from gongkai.self_inspection.crawl import crawl
from gongkai.self_inspection.models import CrawlFinding, SensitiveWord
from tests.factories import record_fields


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass

    def do_GET(self):  # noqa: N802 - http.server's name
        if self.path == "/ok":
            self._send(200, b"<html>ok</html>")
        elif self.path == "/missing":
            self._send(404, b"no")
        elif self.path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", "/loop-b" if self.path == "/loop-a" else "/loop-a")
            self.end_headers()
        elif self.path == "/huge":
            self.send_response(200)
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"x" * 65536)
            except OSError:
                pass
        elif self.path == "/slow":
            time.sleep(3)  # longer than the test's timeout; the server thread ends later
            try:
                self._send(200, b"late")
            except OSError:  # the checker gave up and closed the connection, as it should
                pass

    def _send(self, status, body):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _check(url, **limits):
    return linkcheck.check_external(url, allowed_hosts={"127.0.0.1"},
                                    pacer=linkcheck.HostPacer(0), **limits)


def test_outside_answers_are_bounded_and_recorded(server):
    assert _check(f"{server}/ok").ok
    assert _check(f"{server}/missing").error == "HTTP 404"
    assert _check(f"{server}/loop-a").error == "重定向循环"
    huge = _check(f"{server}/huge", max_bytes=200_000)
    assert not huge.ok and "超过200000字节" in huge.error and huge.size < 400_000
    started = time.monotonic()
    slow = _check(f"{server}/slow", timeout=0.5, total=0.8)
    assert slow.error == "响应超时" and time.monotonic() - started < 2.5


def test_an_unreachable_or_unlisted_host(server):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    down = _check(f"http://127.0.0.1:{port}/")
    assert not down.ok and down.error.startswith("无法访问")
    assert linkcheck.check_external(f"{server}/ok", allowed_hosts=set()) is None  # off


def test_the_pacer_spaces_requests_to_one_host():
    waited = []
    pacer = linkcheck.HostPacer(1.0, sleep=waited.append)
    pacer.wait("a.example")
    pacer.wait("b.example")
    pacer.wait("a.example")
    assert len(waited) == 1 and 0.9 < waited[0] <= 1.0


def test_crawl_finds_broken_links_words_and_personal_data(agency, settings, server):
    from gongkai.catalogue.models import RecordVersion
    from gongkai.catalogue.services import record_approve, record_create, record_submit

    settings.GONGKAI_SELF_INSPECTION_EXTERNAL_HOSTS = []
    record = record_create(actor=None, agency=agency, **record_fields(title="南汇区法律服务通知"))
    record_submit(actor=None, record=record)
    record_approve(actor=None, record=record)
    # A leak that got past review: an identity number in the published text.
    RecordVersion.objects.filter(record=record).update(
        body="联系人身份证号码110101199003074477。")
    SensitiveWord.objects.create(word="南汇区", correction="浦东新区", serious=True)
    page = f"/sfj/disclosure/records/{record.pk}/"
    done = crawl(agency, limit=4, first=[page, "/sfj/disclosure/records/999999/"])
    assert done["pages"] >= 2
    found = {(f.kind, f.page_url) for f in CrawlFinding.objects.filter(agency=agency)}
    assert ("serious_wording", page) in found
    assert ("personal_data", page) in found
    leak = CrawlFinding.objects.get(agency=agency, kind="personal_data", page_url=page)
    assert "110101199003074477" not in leak.target  # masked
    # A second crawl replaces the findings, it does not add to them.
    crawl(agency, limit=2, first=[page])
    assert CrawlFinding.objects.filter(agency=agency, kind="personal_data").count() == 1


def test_a_broken_internal_link_is_reported_on_the_page_holding_it(agency, monkeypatch):
    real = linkcheck.parse_page

    def with_bad_link(html):
        links, text = real(html)
        return [*links, "/sfj/disclosure/records/424242/", "/no-such-place/"], text

    monkeypatch.setattr(linkcheck, "parse_page", with_bad_link)
    assert crawl(agency, limit=5)["truncated"]
    broken = CrawlFinding.objects.filter(agency=agency, kind="broken_link")
    assert {f.target for f in broken} >= {"/sfj/disclosure/records/424242/", "/no-such-place/"}
    assert all(f.page_url.startswith("/sfj/") for f in broken)


def test_the_editor_of_a_page_hears_once_of_its_broken_internal_link(agency, editor, monkeypatch):
    from gongkai.catalogue.services import record_approve, record_create, record_submit
    from gongkai.notifications.models import Notification

    title = "关于公共法律服务热线的通知"
    record = record_create(actor=editor, agency=agency, **record_fields(title=title))
    record_submit(actor=editor, record=record)
    record_approve(actor=None, record=record)
    page = f"/sfj/disclosure/records/{record.pk}/"
    real = linkcheck.parse_page

    def bad_link_in_the_record(html):  # the record's own page: its title is the heading
        links, text = real(html)
        own = title in html.partition("<h1")[2].partition("</h1>")[0]
        return ([*links, "/sfj/disclosure/records/424242/"] if own else links), text

    monkeypatch.setattr(linkcheck, "parse_page", bad_link_in_the_record)
    done = crawl(agency, limit=3, first=[page])
    told = Notification.objects.filter(kind="self_inspection.broken_link",
                                       body__contains="/sfj/disclosure/records/424242/")
    assert done["told"] >= 1
    assert {n.user for n in told} == {editor}
    assert told.values("event_key").distinct().count() == 1
    assert page in told.first().body
    before = told.count()
    assert crawl(agency, limit=3, first=[page])["told"] == 0  # the next night: not again
    assert told.count() == before


def test_the_cap_on_notices_counts_only_new_ones(agency, editor, monkeypatch):
    from gongkai.catalogue.services import record_approve, record_create, record_submit
    from gongkai.notifications.models import Notification
    from gongkai.self_inspection import crawl as crawl_module

    title = "关于法律援助值班律师的通知"
    record = record_create(actor=editor, agency=agency, **record_fields(title=title))
    record_submit(actor=editor, record=record)
    record_approve(actor=None, record=record)
    page = f"/sfj/disclosure/records/{record.pk}/"
    real = linkcheck.parse_page
    bad = ["/sfj/disclosure/records/424242/", "/sfj/disclosure/records/434343/"]

    def two_bad_links_in_the_record(html):
        links, text = real(html)
        own = title in html.partition("<h1")[2].partition("</h1>")[0]
        return ([*links, *bad] if own else links), text

    monkeypatch.setattr(linkcheck, "parse_page", two_bad_links_in_the_record)
    monkeypatch.setattr(crawl_module, "MAX_TOLD", 1)

    def links_told():
        return {target for target in bad if Notification.objects.filter(
            kind="self_inspection.broken_link", user=editor, body__contains=target).exists()}

    crawl(agency, limit=3, first=[page])
    assert len(links_told()) == 1  # the cap
    crawl(agency, limit=3, first=[page])
    assert links_told() == set(bad)  # the next night: the other one, not the first again
    assert crawl(agency, limit=3, first=[page])["told"] == 0
