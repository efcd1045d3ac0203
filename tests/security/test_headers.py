"""Security headers (issue 8, part 3): the Content-Security-Policy and its companions are on
every kind of response — public and staff pages, the API, error pages, static files and
downloads — and responses that may carry personal data are never stored by a cache."""

from __future__ import annotations

import uuid

import pytest
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import include, path

from gongkai.portal.errors import server_error
from tests.security.world import World, applicant, build_world

EXPECTED_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
DISABLED_FEATURES = ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()")


def csp_of(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives: dict[str, list[str]] = {}
    for part in filter(None, (p.strip() for p in header.split(";"))):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_secure(response, *, where: str, csp: bool = True, no_store: bool | None = None):
    headers = response.headers
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("Referrer-Policy") == "same-origin", where
    assert headers.get("X-Frame-Options") == "DENY", where
    assert headers.get("Cross-Origin-Opener-Policy") == "same-origin", where
    permissions = headers.get("Permissions-Policy", "")
    assert all(feature in permissions for feature in DISABLED_FEATURES), (where, permissions)
    if csp:
        assert csp_of(response) == EXPECTED_CSP, (where, headers.get("Content-Security-Policy"))
        raw = headers["Content-Security-Policy"]
        assert "unsafe-inline" not in raw and "unsafe-eval" not in raw, where
    if no_store is True:
        assert headers.get("Cache-Control") == "no-store", (where, headers.get("Cache-Control"))
    elif no_store is False:
        assert "no-store" not in headers.get("Cache-Control", ""), where


@pytest.fixture
def world(agency, settings):
    settings.RATELIMIT_ENABLE = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_world(agency)


@pytest.fixture
def staff_client(world: World) -> Client:
    client = Client()
    client.force_login(world.admin)
    return client


PUBLIC_PAGES = [
    "/", "/agencies/", "/accessibility/", "/sfj/", "/sfj/profile/", "/sfj/disclosure/",
    "/sfj/search/?q=公开", "/sfj/qa/?q=如何申请", "/sfj/laws/", "/sfj/applications/",
    "/sfj/applications/apply/", "/sfj/applications/status/", "/sfj/reports/", "/verify/",
    "/transparency/", "/accounts/login/", "/staff/login/", "/robots.txt", "/sitemap.xml",
    "/sfj/disclosure/feed.atom", "/sfj/disclosure/data.json",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages(url, world):
    response = Client().get(url)
    assert response.status_code == 200, (url, response.status_code)
    personal = url.startswith(("/accounts/", "/staff/")) or "/applications/status/" in url
    assert_secure(response, where=url, no_store=True if personal else False)


STAFF_PAGES = [
    "/staff/", "/staff/tokens/", "/staff/audit/", "/staff/calendar/", "/staff/jobs/",
    "/staff/catalogue/", "/staff/catalogue/records/{record}/", "/staff/applications/",
    "/staff/applications/{application}/", "/staff/qa/", "/staff/reports/",
    "/staff/search/", "/staff/signing/", "/staff/admin/", "/staff/admin/core/user/",
]


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_staff_pages_are_never_cached(url, world, staff_client):
    url = url.format(record=world.record.pk, application=world.application.pk)
    response = staff_client.get(url, follow=True)
    assert response.status_code == 200, (url, response.status_code)
    assert_secure(response, where=url, no_store=True)


def test_applicant_case_pages_are_never_cached(world):
    client = Client()
    lookup = client.post("/sfj/applications/status/", {
        "case_number": world.application.case_number, "access_code": world.access_code})
    assert lookup.status_code == 302
    assert_secure(lookup, where="status lookup", no_store=True)
    page = client.get(lookup["Location"])
    assert page.status_code == 200 and world.application.case_number in page.content.decode()
    assert_secure(page, where="case status", no_store=True)
    submitted = client.post("/sfj/applications/apply/", {
        **applicant(), "idempotency_key": str(uuid.uuid4())}, follow=True)
    assert submitted.status_code == 200
    assert_secure(submitted, where="submitted", no_store=True)


def test_letter_preview_allows_its_own_style_block_by_hash_only(world, staff_client):
    """The sandboxed srcdoc preview inherits the page's policy: its <style> is allowed by
    hash on that response, never by 'unsafe-inline'."""
    response = staff_client.get(
        f"/staff/applications/templates/correction_request/-/?agency={world.agency.pk}")
    assert response.status_code == 200
    styles = csp_of(response)["style-src"]
    assert styles[0] == "'self'" and len(styles) >= 2
    assert all(s.startswith("'sha256-") for s in styles[1:]), styles
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    other = staff_client.get("/staff/applications/")
    assert csp_of(other)["style-src"] == ["'self'"]


def test_api_responses(world):
    from gongkai.core.services import api_token_create

    client = Client()
    public = client.get("/api/v1/agencies")
    assert public.status_code == 200
    assert_secure(public, where="public API", no_store=False)
    _, secret = api_token_create(actor=world.admin, user=world.admin, name="headers")
    staff = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert staff.status_code == 200
    assert_secure(staff, where="staff API", no_store=True)
    refused = client.get("/api/v1/me")
    assert refused.status_code == 401
    assert_secure(refused, where="API 401")
    missing = client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404
    assert_secure(missing, where="API 404")


def _boom(request):
    raise RuntimeError("boom")


def _db_down(request):
    raise OperationalError("could not connect to server")


urlpatterns = [
    path("boom/", _boom),
    path("db-down/", _db_down),
    path("", include("gongkai.urls")),
]
handler500 = server_error


def test_error_pages(world, staff_client):
    client = Client()
    not_found = client.get("/sfj/disclosure/records/999999/")
    assert not_found.status_code == 404
    assert_secure(not_found, where="404")
    forbidden = client.post("/sfj/applications/apply/", {}, HTTP_X_CSRFTOKEN="forged")
    assert forbidden.status_code in (200, 400)  # the test client skips CSRF by default
    csrf_client = Client(enforce_csrf_checks=True)
    csrf = csrf_client.post("/sfj/applications/apply/", {})
    assert csrf.status_code == 403
    assert_secure(csrf, where="CSRF 403")
    with override_settings(ROOT_URLCONF=__name__):
        crash_client = Client(raise_request_exception=False)
        crashed = crash_client.get("/boom/")
        assert crashed.status_code == 500
        assert_secure(crashed, where="500")
        down = crash_client.get("/db-down/")
        assert down.status_code == 503
        # The 503 page's own <style> block is allowed by hash, nothing else is loosened.
        styles = csp_of(down)["style-src"]
        assert styles[0] == "'self'" and all(s.startswith("'sha256-") for s in styles[1:])
        assert_secure(down, where="503", csp=False)


def test_static_files_and_downloads(world, staff_client, settings):
    static = Client().get("/static/portal/css/site.css")
    assert static.status_code == 200
    assert_secure(static, where="static", no_store=False)
    logos = settings.MEDIA_ROOT / "agency-logos"  # the URL pattern fixed it at import
    logos.mkdir(parents=True, exist_ok=True)
    logo_file = logos / f"hostile-{uuid.uuid4().hex}.png"
    logo_file.write_bytes(b"\x89PNG\r\n\x1a\n")
    try:
        logo = Client().get(f"/media/agency-logos/{logo_file.name}")
    finally:
        logo_file.unlink()
    assert logo.status_code == 200
    assert_secure(logo, where="media")
    attachment = staff_client.get(
        f"/staff/catalogue/records/{world.record.pk}/attachments/{world.attachment.pk}/")
    assert attachment.status_code == 200
    assert_secure(attachment, where="staff attachment", no_store=True)
