"""Connectors to other systems (智慧公证， 智慧司鉴…): "look up the status of my
notarisation / appraisal by its number".

One interface per system (``Connector.lookup(number) -> LookupResult``); the HTTP shape
they share is a GET of ``<base_url>/status?number=<number>`` answering JSON
``{"number": "...", "status": "...", "status_label": "...", "updated_at": "...",
"steps": [{"label": "...", "on": "YYYY-MM-DD"}]}``. A system that speaks otherwise gets its
own ``Connector`` subclass with its own ``parse``.

Whatever happens on the other side — refused connection, timeout, a 5xx, HTML where JSON
was promised, JSON of the wrong shape, a body too large — the citizen reads the one clear
sentence ``UNAVAILABLE_MESSAGE`` and the portal never answers 5xx. Retries: ``retries``
more attempts after a connection failure, a timeout or a 5xx (never after a 4xx or a
garbage answer), all within ``timeout × (retries + 1)``. Nothing about the person is
stored: not the number, not the answer; the log line names the system and the outcome.
"""

from __future__ import annotations

import json
import logging
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from gongkai.directory.models import ConnectorConfig, ConnectorSystem

log = logging.getLogger("gongkai.directory.connectors")

UNAVAILABLE_MESSAGE = "系统暂时无法查询，请稍后再试，或拨打12348公共法律服务热线咨询。"
NOT_FOUND_MESSAGE = "没有查到该编号的办理记录，请核对编号后再试。"
DISABLED_MESSAGE = "本机构尚未开通该系统的在线查询。"
MAX_BODY_BYTES = 64 * 1024
NUMBER_PATTERN = re.compile(r"^[0-9A-Za-z()（）〔〕\[\]\-_/]{4,40}$")
RETRY_PAUSE_SECONDS = 0.2


class LookupUnavailable(Exception):
    """The other system cannot answer now (down, slow, or speaking garbage). ``retryable``:
    a transport failure or a 5xx, worth another attempt; garbage is not."""

    def __init__(self, reason: str, *, retryable: bool = False):
        super().__init__(reason)
        self.retryable = retryable


@dataclass(frozen=True)
class LookupStep:
    label: str
    on: str


@dataclass(frozen=True)
class LookupResult:
    """What the citizen sees. ``found`` False with ``available`` True: no such number."""

    available: bool
    found: bool = False
    message: str = ""
    number: str = ""
    status: str = ""
    status_label: str = ""
    updated_at: str = ""
    steps: tuple[LookupStep, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        return {"available": self.available, "found": self.found, "message": self.message,
                "number": self.number, "status": self.status,
                "status_label": self.status_label, "updated_at": self.updated_at,
                "steps": [{"label": s.label, "on": s.on} for s in self.steps]}


def valid_number(number: str) -> bool:
    return bool(NUMBER_PATTERN.match(number or ""))


def _short_text(value: Any, limit: int = 200) -> str:
    if not isinstance(value, str):
        raise LookupUnavailable("not text")
    return value.strip()[:limit]


class Connector:
    """The status look-up of one system over HTTP (JSON)."""

    system: str = ""
    path = "status"

    def __init__(self, config: ConnectorConfig):
        self.config = config

    def url(self, number: str) -> str:
        base = self.config.base_url.rstrip("/") + "/"
        return urllib.parse.urljoin(base, self.path) + "?" + urllib.parse.urlencode(
            {"number": number})

    def fetch(self, number: str) -> tuple[int, bytes]:
        """(status, body) of one attempt; raise LookupUnavailable for a failed one."""
        timeout = float(self.config.timeout_seconds)
        url = self.url(number)
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise LookupUnavailable("scheme")
        # Only http(s), checked just above (and by services.connector_configure).
        request = urllib.request.Request(url, headers={  # noqa: S310
            "Accept": "application/json", "User-Agent": "gongkai-directory/1"})
        deadline = time.monotonic() + timeout
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                chunks, size = [], 0
                while True:
                    if time.monotonic() > deadline:
                        raise LookupUnavailable("slow body", retryable=True)
                    chunk = response.read(8192)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > MAX_BODY_BYTES:
                        raise LookupUnavailable("body too large")
                    chunks.append(chunk)
                return response.status, b"".join(chunks)
        except urllib.error.HTTPError as exc:
            return exc.code, b""
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError, ValueError) as exc:
            raise LookupUnavailable(type(exc).__name__, retryable=True) from exc

    def parse(self, number: str, body: bytes) -> LookupResult:
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise LookupUnavailable("not json") from exc
        if not isinstance(data, dict):
            raise LookupUnavailable("not an object")
        if data.get("found") is False:
            return LookupResult(available=True, found=False, message=NOT_FOUND_MESSAGE,
                                number=number)
        status = _short_text(data.get("status"), 40)
        label = _short_text(data.get("status_label"), 100)
        if not status or not label:
            raise LookupUnavailable("no status")
        steps_raw = data.get("steps", [])
        if not isinstance(steps_raw, list):
            raise LookupUnavailable("bad steps")
        steps = []
        for item in steps_raw[:30]:
            if not isinstance(item, dict):
                raise LookupUnavailable("bad step")
            steps.append(LookupStep(_short_text(item.get("label"), 100),
                                    _short_text(item.get("on", ""), 30)))
        updated = data.get("updated_at", "")
        return LookupResult(available=True, found=True, number=number, status=status,
                            status_label=label, steps=tuple(steps),
                            updated_at=_short_text(updated, 30) if updated else "")

    def lookup(self, number: str) -> LookupResult:
        if not self.config.enabled or not self.config.base_url:
            return LookupResult(available=False, message=DISABLED_MESSAGE, number=number)
        attempts = 1 + max(0, int(self.config.retries))
        for attempt in range(attempts):
            try:
                status, body = self.fetch(number)
                if status == 404:
                    return LookupResult(available=True, found=False, message=NOT_FOUND_MESSAGE,
                                        number=number)
                if status >= 500:
                    raise LookupUnavailable(f"status {status}", retryable=True)
                if status != 200:
                    log.info("connector %s: answered %s", self.system, status)
                    return _unavailable(number)
                result = self.parse(number, body)
                log.info("connector %s: answered (attempt %d)", self.system, attempt + 1)
                return result
            except LookupUnavailable as exc:
                log.warning("connector %s: attempt %d failed: %s", self.system, attempt + 1,
                            exc)
                if not exc.retryable or attempt + 1 >= attempts:
                    break
                time.sleep(RETRY_PAUSE_SECONDS)
        return _unavailable(number)


def _unavailable(number: str) -> LookupResult:
    return LookupResult(available=False, message=UNAVAILABLE_MESSAGE, number=number)


class NotaryConnector(Connector):
    """智慧公证: the status of a notarisation by its application or certificate number."""

    system = ConnectorSystem.NOTARY


class AppraisalConnector(Connector):
    """智慧司鉴: the status of a judicial appraisal by its case number."""

    system = ConnectorSystem.APPRAISAL


CONNECTORS: dict[str, type[Connector]] = {
    ConnectorSystem.NOTARY: NotaryConnector,
    ConnectorSystem.APPRAISAL: AppraisalConnector,
}


def connector_for(config: ConnectorConfig) -> Connector:
    return CONNECTORS[config.system](config)


def status_lookup(*, config: ConnectorConfig | None, number: str) -> LookupResult:
    """The one entry point for pages and the API. Never raises for the other side's sake."""
    if config is None:
        return LookupResult(available=False, message=DISABLED_MESSAGE, number=number)
    try:
        return connector_for(config).lookup(number)
    except Exception:  # a connector bug must not become a 5xx for the citizen
        log.exception("connector %s: unexpected failure", config.system)
        return _unavailable(number)
