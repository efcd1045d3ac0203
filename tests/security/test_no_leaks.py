"""Nothing of agency A that is not public reaches anonymous visitors or staff of agency B
(issue 8, part 2): not the applicant's name, ID number, phone, address or e-mail, not a
draft, a non-public or a withdrawn record, not an attachment of one — on any page, API
response, feed, sitemap, search, Q&A answer, export, download or error page, in the body
or in a header.

The world (tests/security/dataset.py) plants marker strings in those places; every GET
route of the matrix, plus the addresses of the non-public objects themselves and searches
for each marker, is fetched as anonymous and as B's administrator.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

import pytest
from django.urls import reverse

from gongkai.portal.sitemaps import SITEMAPS
from tests.security import policy_table as table
from tests.security.dataset import (
    MARK_ID,
    MARK_PHONE,
    MARKERS,
    World,
)
from tests.security.policy_table import ANON, STAFF_B
from tests.security.test_access_matrix import (
    ADMIN_ROUTES,
    OPERATIONS,
    PAGE_ROUTES,
    QUERY,
    _admin_model_key,
    _admin_url,
    _api_call,
    client_for,
    kwargs_for,
)
from tests.security.test_access_matrix import world as world  # noqa: PLC0414 (the fixture)

VIEWERS = (ANON, STAFF_B)


def _forms(marker: str) -> list[str]:
    """The marker as it may be written: raw, JSON-escaped, percent-encoded."""
    return sorted({marker, json.dumps(marker)[1:-1], quote(marker), quote(marker, safe="")})


# Parts of the markers, none a whole marker: what an outsider might type to fish.
SEARCH_TERMS = ("矩阵测试", "柏舟", "泄露测试", MARK_ID[:14], MARK_PHONE[:7], "标记", "草稿",
                "撤回", "寅卯辰", "quokka", "虚构路")


def leaks(response: Any) -> list[str]:
    """Names of the markers found in the response's body or headers."""
    if response.streaming:
        # Consuming the content closes the response the test client's safe way; closing it
        # again here would send request_finished and, on PostgreSQL, close the connection
        # that holds the world's transaction.
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    text = body.decode("utf-8", errors="replace")
    # Search results highlight the query (<mark>…</mark>) inside the very strings a leak
    # would show: read the text without tags too.
    text += "\n" + re.sub(r"<[^>]*>", "", text)
    headers = "\n".join(f"{k}: {v}" for k, v in response.items())
    found = []
    for label, marker in MARKERS.items():
        if any(form in text or form in headers for form in _forms(marker)):
            found.append(label)
    return found


def _urls(w: World) -> list[str]:
    """Every address to fetch: the GET routes of the matrix and the non-public objects."""
    a = w.agency.slug
    urls: list[str] = []
    for route in PAGE_ROUTES:
        rule = table.ROUTES.get(route.name)
        if rule is None or rule.method != "GET":
            continue
        url = reverse(route.name, kwargs=kwargs_for(w, route.name, route.pattern))
        query = QUERY.get(route.name)
        urls.append(url + ("?" + "&".join(f"{k}={quote(str(v))}" for k, v in query.items())
                           if query else ""))
    for route in ADMIN_ROUTES:
        key = _admin_model_key(route)
        if route.name and (key is None or key[1] in ("changelist", "obj")):
            url = _admin_url(w, route)
            urls.append(url)
            if key and key[1] == "changelist":
                urls += [f"{url}?q={quote(term)}" for term in SEARCH_TERMS]
    for key, _operation in OPERATIONS:
        if key.startswith("GET "):
            url, query, _body = _api_call(w, key)
            urls.append(url + ("?" + "&".join(f"{k}={quote(str(v))}" for k, v in query.items())
                               if query else ""))
    # The non-public records at their public and staff addresses, and in every API.
    for record in (w.draft, w.hidden, w.withdrawn):
        pk = record.pk
        urls += [
            reverse("catalogue:record", kwargs={"agency": a, "pk": pk}),
            reverse("catalogue:version", kwargs={"agency": a, "pk": pk, "number": 1}),
            reverse("signing:record_pdf", kwargs={"pk": pk}),
            reverse("signing:record_version_pdf", kwargs={"pk": pk, "number": 1}),
            reverse("staff:catalogue_record", kwargs={"pk": pk}),
            f"/api/v1/records/{pk}", f"/api/v1/records/{pk}/pdf",
            f"/api/v1/records/{pk}/versions/1/pdf",
            f"/api/v1/transparency/proof/inclusion?record={pk}&version=1",
        ]
        if record.index_number:
            urls += [reverse("catalogue:by_index", kwargs={"agency": a,
                                                           "index_number": record.index_number}),
                     f"/api/v1/records/by-index/{record.index_number}"]
    attachment = w.draft_attachment
    urls += [
        reverse("catalogue:attachment", kwargs={"agency": a, "pk": attachment.pk,
                                                "filename": "guess.txt"}),
        reverse("staff:catalogue_attachment", kwargs={"pk": w.draft.pk,
                                                      "attachment_pk": attachment.pk}),
        # Error pages: an unknown record, agency and address.
        reverse("catalogue:record", kwargs={"agency": a, "pk": 999999}),
        "/no-such-agency/disclosure/", "/staff/no-such-page/", "/api/v1/no-such-endpoint",
        # Searches for parts of each marker, everywhere a query is taken (a whole marker
        # in the query would be echoed back in the search box and prove nothing).
        *[f"{path}{quote(term)}" for term in SEARCH_TERMS
          for path in (f"/{a}/search/?q=", f"/{a}/qa/?q=", "/api/v1/search?q=",
                       f"/api/v1/qa?agency={a}&q=", f"/{a}/applications/apply/suggest/?q=",
                       f"/{a}/disclosure/?q=", "/api/v1/records?q=",
                       "/staff/search/?q=", "/staff/catalogue/?q=", "/staff/applications/?q=",
                       "/api/v1/staff/records?q=", "/api/v1/staff/applications?q=",
                       f"/{a}/laws/?q=", "/staff/audit/?q=")],
        # Exports and open data, in every format.
        f"/staff/catalogue/export/?agency={a}", f"/staff/catalogue/export/?agency={a}&format=json",
        f"/staff/catalogue/export/?agency={w.other.slug}",
        reverse("reports:open_data", kwargs={"agency": a, "ext": "json"}),
        f"/staff/reports/dashboard/?agency={w.agency.pk}",
        f"/staff/reports/dashboard.xlsx?agency={w.agency.pk}",
        "/api/v1/audit/events?page_size=100",
        "/api/v1/staff/applications?queue=closed", "/api/v1/staff/records?status=draft",
        "/api/v1/transparency/entries?start=0",
        # Every sitemap section, and the case pages with the number but not the code.
        *[reverse("portal:sitemap_section", kwargs={"section": s}) for s in SITEMAPS],
        f"/api/v1/applications/{w.case.case_number}?access_code=2345678923",
    ]
    return list(dict.fromkeys(urls))


@pytest.mark.parametrize("viewer", VIEWERS)
def test_no_marker_reaches_outsiders(world, db, viewer):
    urls = _urls(world)
    found = {}
    for url in urls:
        response = client_for(world, viewer).get(url)
        assert response.status_code < 500, url
        hit = leaks(response)
        if hit:
            found[url] = hit
    assert not found, f"{viewer} saw markers of agency A: {found}"
    assert len(urls) > 300


def test_case_number_without_the_code_shows_no_personal_data(world, db):
    """Regulations Art. 29: the applicant's identity is theirs; the case number is printed
    on letters and may be seen by others, the access code is not."""
    a, number = world.agency.slug, world.case.case_number
    client = client_for(world, ANON)
    lookup = client.post(f"/{a}/applications/status/",
                         {"case_number": number, "access_code": "2345678923"})
    assert lookup.status_code == 400 and not leaks(lookup)
    page = client.get(f"/{a}/applications/status/{number}/", follow=True)
    assert page.status_code == 200 and not leaks(page)
    for action in ("withdraw", "correction", "fee"):
        refused = client.post(f"/{a}/applications/status/{number}/{action}/", follow=True)
        assert refused.status_code in (200, 404) and not leaks(refused)
    api = client.get(f"/api/v1/applications/{number}", HTTP_X_ACCESS_CODE="2345678923")
    assert api.status_code == 404 and not leaks(api)
    # With the code, the applicant sees their case but not the full ID number or phone.
    client.post(f"/{a}/applications/status/",
                {"case_number": number, "access_code": world.access_code})
    own = client.get(f"/{a}/applications/status/{number}/")
    assert own.status_code == 200 and number in own.content.decode()
    assert MARK_ID not in own.content.decode() and MARK_PHONE not in own.content.decode()
    proved = client.get(f"/api/v1/applications/{number}", HTTP_X_ACCESS_CODE=world.access_code)
    assert proved.status_code == 200
    assert not {"ID number", "phone"} & set(leaks(proved))


def test_leak_detector_sees_markers(world, db):
    """The detector itself: staff of agency A do see the case and the draft."""
    officer = client_for(world, "officer")
    case = officer.get(reverse("staff:applications_case", kwargs={"pk": world.case.pk}))
    assert "applicant name" in leaks(case)
    editor = client_for(world, "editor")
    draft = editor.get(reverse("staff:catalogue_record", kwargs={"pk": world.draft.pk}))
    assert "draft" in leaks(draft)
    anon = client_for(world, ANON)
    found = anon.get(f"/{world.agency.slug}/search/?q=" + quote("矩阵测试"))
    assert "矩阵测试公开文件" in re.sub(r"<[^>]*>", "", found.content.decode())  # it answers
