"""Can the public reach the configured address (``GONGKAI_SITE_URL``) over IPv6 and over
HTTPS? Checked from the worker, daily, with bounded time: an AAAA record and a TCP
connection over IPv6; a TLS handshake that verifies the certificate against the system's
trust store and the host name, and the certificate's remaining validity; plain HTTP sent on
to HTTPS. Thresholds and points in ``rules.py`` (local choices: the national indicators
give none).

Nothing is checked while the address is the default or a loopback name: a development
machine is not "without IPv6". Every failure is a finding, never an exception."""

from __future__ import annotations

import datetime as dt
import http.client
import ipaddress
import socket
import ssl
from typing import Any
from urllib.parse import urlsplit

from django.utils import timezone

from gongkai.core.links import site_url
from gongkai.self_inspection import rules

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", ""})


def configured_address() -> str | None:
    """The public address when it is a real one (not the default, not loopback)."""
    url = site_url()
    host = (urlsplit(url).hostname or "").lower()
    if host in LOCAL_NAMES:
        return None
    try:
        if ipaddress.ip_address(host).is_loopback:
            return None
    except ValueError:
        pass
    return url


def _finding(key: str, title: str, detail: str = "") -> dict[str, str]:
    return {"key": key, "title": title, "detail": detail[:300]}


def check_ipv6(host: str, port: int, *, timeout: float) -> list[dict[str, str]]:
    try:
        infos = socket.getaddrinfo(host, port, socket.AF_INET6, socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        infos = []
    if not infos:
        return [_finding("ipv6", "没有IPv6地址（AAAA记录）", host)]
    errors = []
    for info in infos[:3]:
        try:
            with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as sock:
                sock.settimeout(timeout)
                sock.connect(info[4])
            return []
        except OSError as exc:
            errors.append(f"[{info[4][0]}]:{port} {exc.strerror or exc}")
    return [_finding("ipv6", "IPv6地址无法连接", "；".join(errors))]


def check_tls(host: str, port: int, *, timeout: float, cafile: str | None = None,
              now: dt.datetime | None = None) -> list[dict[str, str]]:
    context = ssl.create_default_context(cafile=cafile)
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            with context.wrap_socket(sock, server_hostname=host) as tls:
                cert = tls.getpeercert() or {}
    except ssl.SSLCertVerificationError as exc:
        return [_finding("https", "HTTPS证书不受信任、已过期或与域名不符",
                         exc.verify_message or str(exc))]
    except (ssl.SSLError, OSError) as exc:
        return [_finding("https", "HTTPS无法连接", str(exc))]
    expires = cert.get("notAfter")
    if isinstance(expires, str):
        left = (ssl.cert_time_to_seconds(expires) - (now or timezone.now()).timestamp()) / 86400
        if left < rules.CERT_WARN_DAYS:
            return [_finding("https", f"HTTPS证书{int(left)}天后过期",
                             f"有效期至 {expires}；应在{rules.CERT_WARN_DAYS}天前更换")]
    return []


def check_http_redirect(host: str, *, timeout: float) -> list[dict[str, str]]:
    """Plain HTTP on port 80 should send the visitor on to HTTPS."""
    conn = http.client.HTTPConnection(host, 80, timeout=timeout)
    try:
        conn.request("GET", "/", headers={"User-Agent": "gongkai-self-inspection"})
        response = conn.getresponse()
        location = response.getheader("Location") or ""
    except (OSError, http.client.HTTPException):
        return []  # no plain HTTP at all is not a finding: nothing is served unencrypted
    finally:
        conn.close()
    if response.status in (301, 302, 307, 308) and location.startswith("https://"):
        return []
    return [_finding("https", "HTTP访问未跳转到HTTPS", f"http://{host}/ 返回 {response.status}")]


def check_address(url: str, *, timeout: float | None = None, cafile: str | None = None,
                  now: dt.datetime | None = None) -> list[dict[str, str]]:
    """The findings for ``url`` (empty: reachable over IPv6 and HTTPS)."""
    timeout = timeout or rules.REACH_TIMEOUT_SECONDS
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    found = check_ipv6(host, port, timeout=timeout)
    if parts.scheme != "https":
        found.append(_finding("https", "公开地址未使用HTTPS", url))
    else:
        found += check_tls(host, port, timeout=timeout, cafile=cafile, now=now)
        if parts.port in (None, 443):
            found += check_http_redirect(host, timeout=timeout)
    return found


def run(*, url: str | None = None, now: dt.datetime | None = None, **options: Any) -> Any:
    """Check and store the result (None when no public address is configured)."""
    from gongkai.self_inspection.models import ReachCheck

    url = url or configured_address()
    if url is None:
        return None
    findings = check_address(url, now=now, **options)
    row, _ = ReachCheck.objects.update_or_create(pk=1, defaults={
        "url": url[:500], "checked_at": now or timezone.now(), "findings": findings})
    return row
