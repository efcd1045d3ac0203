"""The scheduled crawl of one agency's public pages: every page under ``/<agency>/``
reachable from the home page and the declared columns (up to
``GONGKAI_SELF_INSPECTION_MAX_PAGES``), each page's links checked, its main text read for the
administrator's wrong words and for personal data (the catalogue's own scan,
gongkai/catalogue/scan.py), and its weight compared with the budget. The findings replace
the agency's previous ones in one transaction.

Pages are read in-process (``linkcheck.check_internal``); links to allowed outside hosts are
checked over HTTP with the polite limits of ``linkcheck``. Exports and feeds (``.csv``,
``.json``, ``.rss`` …) are neither read nor checked: they are generated, not edited, and the
larger ones cost a whole catalogue per request.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections import deque
from typing import Any

from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.catalogue.scan import mask, scan_text
from gongkai.core.links import site_url
from gongkai.self_inspection import linkcheck, rules
from gongkai.self_inspection.columns import columns_for

GENERATED = (".csv", ".json", ".rss", ".atom", ".xml", ".xlsx", ".pdf", ".zip")
NOT_CHECKED_PREFIXES = ("/static/", "/media/")
MAX_REFERRERS = 5
MAX_LINK_ONLY = 2000
#: At most this many broken links are newly told to editors per crawl (the rest, the next).
MAX_TOLD = 200


def max_pages() -> int:
    return int(getattr(settings, "GONGKAI_SELF_INSPECTION_MAX_PAGES", 2000))


def external_hosts() -> frozenset[str]:
    return frozenset(h.strip().lower() for h in
                     getattr(settings, "GONGKAI_SELF_INSPECTION_EXTERNAL_HOSTS", []) if h.strip())


def _words() -> tuple[re.Pattern[str] | None, dict[str, Any]]:
    from gongkai.self_inspection.models import SensitiveWord

    words = {w.word: w for w in SensitiveWord.objects.all()}
    if not words:
        return None, {}
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    return pattern, words


def crawl_client() -> tuple[Client, bool]:
    """A client that asks with the public host name (in ALLOWED_HOSTS) and scheme."""
    site = site_url()
    from urllib.parse import urlsplit

    parts = urlsplit(site)
    return Client(HTTP_HOST=parts.netloc or "localhost", raise_request_exception=False), \
        parts.scheme == "https"


class _SecureClient:
    def __init__(self, client: Client, secure: bool) -> None:
        self.client, self.secure = client, secure

    def get(self, path: str) -> Any:
        return self.client.get(path, secure=self.secure)


def crawl(agency: Any, *, limit: int | None = None, pacer: Any = None,
          first: list[str] | None = None) -> dict[str, Any]:
    """Crawl and store the findings; ``first``: pages to read before the others."""
    from gongkai.self_inspection.models import CrawlFinding, CrawlRun, FindingKind

    started = time.monotonic()
    now = timezone.now()
    limit = limit or max_pages()
    raw, secure = crawl_client()
    client = _SecureClient(raw, secure)
    site = site_url()
    prefix = f"/{agency.slug}/"
    allowed = external_hosts()
    pacer = pacer or linkcheck.HostPacer()
    pattern, words = _words()

    start = list(first or [])
    start += [reverse("portal:agency_home", kwargs={"agency": agency.slug})]
    start += [c["url"] for c in columns_for(agency) if c.get("url")]
    queue: deque[str] = deque(dict.fromkeys(start))
    queued: set[str] = set(queue)
    checked: dict[str, linkcheck.LinkResult | None] = {}
    findings: list[CrawlFinding] = []
    pages = links = 0

    def finding(kind: str, page: str, target: str = "", detail: str = "") -> None:
        findings.append(CrawlFinding(agency=agency, kind=kind, page_url=page[:500],
                                     target=target[:1000], detail=detail[:300], found_at=now))

    # Pages of this agency are queued when first seen; who linked to them is kept (a few
    # per page) so a page that then fails is reported on the pages that hold the link.
    referrers: dict[str, list[str]] = {}
    while queue and pages < limit:
        path = queue.popleft()
        result = linkcheck.check_internal(client, path)
        checked[path] = linkcheck.LinkResult(path, result.ok, result.status, result.error)
        if not result.ok:
            for page in referrers.pop(path, ()):
                finding(FindingKind.BROKEN_LINK, page, path, result.error)
            continue
        referrers.pop(path, None)
        pages += 1
        if result.size > rules.PAGE_WEIGHT_BUDGET_BYTES:
            finding(FindingKind.PAGE_WEIGHT, path, detail=f"{result.size}字节，预算"
                    f"{rules.PAGE_WEIGHT_BUDGET_BYTES}字节")
        html = result.body.decode("utf-8", "replace")
        del result
        found_links, text = linkcheck.parse_page(html)
        del html
        if pattern is not None:
            for word in dict.fromkeys(pattern.findall(text)):
                entry = words[word]
                finding(FindingKind.SERIOUS_WORDING if entry.serious else FindingKind.WORDING,
                        path, word, f"应为：{entry.correction}" if entry.correction else "")
        leaks = [hit for hit in scan_text(text) if hit.kind in rules.LEAK_KINDS]
        if leaks:
            finding(FindingKind.PERSONAL_DATA, path, "、".join(
                dict.fromkeys(f"{hit.label}{mask(hit.match, hit.kind)}" for hit in leaks)))
        for link in dict.fromkeys(found_links):
            kind, target = linkcheck.classify(link, path, site)
            if kind == "skip":
                continue
            outcome: linkcheck.LinkResult | None
            if kind == "internal":
                bare = target.split("?", 1)[0]
                if bare.lower().endswith(GENERATED) or bare.startswith(NOT_CHECKED_PREFIXES):
                    continue
                links += 1
                if target.startswith(prefix) and target not in checked:
                    if target not in queued:
                        queued.add(target)
                        queue.append(target)
                    waiting = referrers.setdefault(target, [])
                    if len(waiting) < MAX_REFERRERS:
                        waiting.append(path)
                    continue  # judged when its turn comes
                if target not in checked:
                    got = linkcheck.check_internal(client, target)
                    checked[target] = linkcheck.LinkResult(target, got.ok, got.status, got.error)
                outcome = checked[target]
            else:
                links += 1
                if target not in checked:
                    checked[target] = linkcheck.check_external(target, allowed_hosts=allowed,
                                                               pacer=pacer)
                outcome = checked[target]
            if outcome is not None and not outcome.ok:
                finding(FindingKind.BROKEN_LINK, path, target, outcome.error)
    truncated = bool(queue)
    # Past the page limit, the pages still waiting are not read, but links to them are still
    # judged: each is requested once (at most ``MAX_LINK_ONLY`` more requests).
    for path in list(referrers)[:MAX_LINK_ONLY]:
        waiting = referrers.pop(path)
        got = linkcheck.check_internal(client, path)
        if not got.ok:
            for page in waiting:
                finding(FindingKind.BROKEN_LINK, page, path, got.error)
    with transaction.atomic():
        # The accessibility sample's findings are its own (a11y.py), not the crawl's.
        CrawlFinding.objects.filter(agency=agency).exclude(
            kind=FindingKind.ACCESSIBILITY).delete()
        CrawlFinding.objects.bulk_create(findings, batch_size=1000)
        CrawlRun.objects.update_or_create(agency=agency, defaults={
            "finished_at": timezone.now(), "pages": pages, "links": links,
            "truncated": truncated, "seconds": time.monotonic() - started})
        told = tell_editors(agency, [f for f in findings if f.kind == FindingKind.BROKEN_LINK
                                     and f.target.startswith("/")])
    return {"pages": pages, "links": links, "findings": len(findings), "truncated": truncated,
            "told": told}


def tell_editors(agency: Any, broken: list[Any]) -> int:
    """An internal broken link blocks nothing, but the editor of the page holding it hears
    of it once (through the notification service; the event key is the page and the link,
    so the nightly crawl does not repeat it). Returns the notifications written."""
    from gongkai.notifications.services import notify
    from gongkai.self_inspection.columns import page_editors

    written = told = 0
    editors: dict[str, list[Any]] = {}
    for finding in broken:
        if told >= MAX_TOLD:
            break
        page = finding.page_url
        if page not in editors:
            editors[page] = page_editors(agency, page)
        before = written
        for person in editors[page]:
            written += len(notify(
                kind="self_inspection.broken_link",
                event_key=f"broken-link:{agency.pk}:" + hashlib.sha256(
                    f"{page} {finding.target}".encode()).hexdigest(), user=person,
                url=page, context={"page": page, "target": finding.target,
                                   "error": finding.detail, "agency": agency.name}))
        told += written > before  # links told before count nothing: the cap is on new ones
    return written

