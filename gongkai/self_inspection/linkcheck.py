"""Checking one link, with limits that keep every check bounded.

Internal links (relative, or absolute to ``GONGKAI_SITE_URL``) are requested in-process
through Django's test ``Client``: no network, no server to run, and the answer is what the
public would get from this code and this database. External links are requested only when
``GONGKAI_SELF_INSPECTION_EXTERNAL_HOSTS`` allows the host (empty by default: the platform
never calls out unless an administrator says so), one request at a time with:

- a connect/read timeout per socket operation and a total deadline per link, so a host that
  accepts and never answers, or drips bytes, costs at most the deadline;
- a byte limit: a huge page is read up to the limit, then recorded as too large;
- a redirect limit, followed by hand, so a loop ends as a finding;
- at least ``LINK_HOST_INTERVAL_SECONDS`` between two requests to the same host.

Every outcome is a ``LinkResult``; nothing here raises for a bad page.
"""

from __future__ import annotations

import http.client
import ssl
import threading
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from gongkai.self_inspection import rules


@dataclass
class LinkResult:
    url: str
    ok: bool
    status: int = 0
    error: str = ""
    final_url: str = ""
    size: int = 0
    seconds: float = 0.0
    body: bytes = b""


class _Links(HTMLParser):
    """The links of a page (a/area/link href, img/script/iframe src) and the text inside
    ``<main>`` (the whole body when there is none), without scripts and styles."""

    ATTRS = {"a": "href", "area": "href", "link": "href", "img": "src", "script": "src",
             "iframe": "src"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self._main_depth = 0
        self._skip = 0
        self.main_text: list[str] = []
        self.all_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = self.ATTRS.get(tag)
        if wanted:
            for name, value in attrs:
                if name == wanted and value:
                    self.links.append(value.strip())
        if tag == "main":
            self._main_depth += 1
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "main" and self._main_depth:
            self._main_depth -= 1
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.all_text.append(data)
        if self._main_depth:
            self.main_text.append(data)


def parse_page(html: str) -> tuple[list[str], str]:
    """(links as written, the text a reader sees in the main part)."""
    parser = _Links()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001, S110 - a broken page still gives what was read
        pass
    text = parser.main_text or parser.all_text
    return parser.links, " ".join(t.strip() for t in text if t.strip())


SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "#")


def classify(link: str, page_path: str, site: str) -> tuple[str, str]:
    """("internal", path) / ("external", absolute URL) / ("skip", "")."""
    link = link.strip()
    if not link or link.lower().startswith(SKIPPED_SCHEMES):
        return "skip", ""
    absolute = urljoin(site + page_path, link)
    parts, home = urlsplit(absolute), urlsplit(site)
    if parts.scheme not in ("http", "https"):
        return "skip", ""
    if parts.netloc == home.netloc:
        path = parts.path or "/"
        return "internal", path + (f"?{parts.query}" if parts.query else "")
    return "external", absolute.split("#", 1)[0]


def check_internal(client: Any, path: str, *, max_redirects: int = rules.LINK_MAX_REDIRECTS,
                   max_bytes: int = rules.LINK_MAX_BYTES) -> LinkResult:
    """Request ``path`` in-process, following redirects by hand."""
    start = time.monotonic()
    seen: set[str] = set()
    current = path
    for _ in range(max_redirects + 1):
        if current in seen:
            return LinkResult(path, False, error="重定向循环", final_url=current,
                              seconds=time.monotonic() - start)
        seen.add(current)
        try:
            response = client.get(current)
        except Exception as exc:  # noqa: BLE001 - a page that crashes is a finding
            return LinkResult(path, False, 500, f"页面出错：{type(exc).__name__}",
                              current, seconds=time.monotonic() - start)
        if response.status_code in (301, 302, 303, 307, 308):
            location = response.get("Location", "")
            current = urlsplit(urljoin(current, location))._replace(scheme="", netloc="") \
                .geturl() or "/"
            continue
        body = b"" if getattr(response, "streaming", False) else response.content
        ok = response.status_code < 400
        return LinkResult(path, ok, response.status_code, "" if ok else
                          f"HTTP {response.status_code}", current, len(body),
                          time.monotonic() - start, body[:max_bytes])
    return LinkResult(path, False, error=f"重定向超过{max_redirects}次", final_url=current,
                      seconds=time.monotonic() - start)


class HostPacer:
    """At most one request per host every ``interval`` seconds (thread-safe)."""

    def __init__(self, interval: float = rules.LINK_HOST_INTERVAL_SECONDS,
                 sleep: Any = time.sleep) -> None:
        self.interval, self.sleep = interval, sleep
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str) -> None:
        with self._lock:
            now = time.monotonic()
            ready = self._last.get(host, 0.0) + self.interval
            self._last[host] = max(now, ready)
        if ready > now:
            self.sleep(ready - now)


def _one_request(url: str, timeout: float, deadline: float,
                 max_bytes: int) -> tuple[int, str, int, bool]:
    """(status, Location, bytes read, too large) for one GET, no redirect followed."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    left = max(0.1, min(timeout, deadline - time.monotonic()))
    if parts.scheme == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            parts.hostname or "", port, timeout=left, context=ssl.create_default_context())
    else:
        conn = http.client.HTTPConnection(parts.hostname or "", port, timeout=left)
    try:
        conn.request("GET", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""),
                     headers={"User-Agent": "gongkai-self-inspection/1", "Accept": "*/*"})
        response = conn.getresponse()
        size = 0
        while True:
            if time.monotonic() > deadline:
                raise TimeoutError
            if conn.sock is not None:
                conn.sock.settimeout(max(0.1, min(timeout, deadline - time.monotonic())))
            chunk = response.read1(65536) if hasattr(response, "read1") else response.read(65536)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                return response.status, "", size, True
        return response.status, response.getheader("Location", "") or "", size, False
    finally:
        conn.close()


def check_external(url: str, *, allowed_hosts: frozenset[str] | set[str],
                   pacer: HostPacer | None = None,
                   timeout: float = rules.LINK_TIMEOUT_SECONDS,
                   total: float = rules.LINK_TOTAL_SECONDS,
                   max_bytes: int = rules.LINK_MAX_BYTES,
                   max_redirects: int = rules.LINK_MAX_REDIRECTS) -> LinkResult | None:
    """None when the host is not allowed (the link is not checked at all)."""
    host = (urlsplit(url).hostname or "").lower()
    if host not in allowed_hosts:
        return None
    pacer = pacer or HostPacer()
    start = time.monotonic()
    deadline = start + total
    current, seen = url, set()
    for _ in range(max_redirects + 1):
        if current in seen:
            return LinkResult(url, False, error="重定向循环", final_url=current,
                              seconds=time.monotonic() - start)
        seen.add(current)
        current_host = (urlsplit(current).hostname or "").lower()
        if current_host not in allowed_hosts:
            # A redirect out of the allowed hosts: the link answers; we do not follow.
            return LinkResult(url, True, 0, "", current, seconds=time.monotonic() - start)
        pacer.wait(current_host)
        try:
            status, location, size, too_large = _one_request(current, timeout, deadline,
                                                             max_bytes)
        except TimeoutError:
            return LinkResult(url, False, error="响应超时", final_url=current,
                              seconds=time.monotonic() - start)
        except (OSError, http.client.HTTPException, ValueError) as exc:
            return LinkResult(url, False, error=f"无法访问：{type(exc).__name__}",
                              final_url=current, seconds=time.monotonic() - start)
        if too_large:
            return LinkResult(url, False, status, f"页面超过{max_bytes}字节", current, size,
                              time.monotonic() - start)
        if status in (301, 302, 303, 307, 308) and location:
            current = urljoin(current, location)
            continue
        ok = status < 400
        return LinkResult(url, ok, status, "" if ok else f"HTTP {status}", current, size,
                          time.monotonic() - start)
    return LinkResult(url, False, error=f"重定向超过{max_redirects}次", final_url=current,
                      seconds=time.monotonic() - start)
