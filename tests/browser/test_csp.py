"""The Content-Security-Policy breaks nothing: Chromium reports no violation on the main
public and staff pages, the Django admin, the API docs and the letter preview (whose
sandboxed srcdoc frame inherits the page's policy)."""

from __future__ import annotations

import pytest

from tests.security.world import build_world

pytestmark = pytest.mark.browser

# Recorded from the first script that runs in every document (Playwright's init script is
# injected by the browser, outside the page's policy).
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
"""

PUBLIC = [
    "/", "/agencies/", "/accessibility/", "/sfj/", "/sfj/profile/", "/sfj/disclosure/",
    "/sfj/search/?q=公开", "/sfj/qa/?q=如何申请政府信息公开", "/sfj/laws/",
    "/sfj/applications/", "/sfj/applications/apply/", "/sfj/applications/status/",
    "/sfj/reports/", "/verify/", "/transparency/", "/accounts/login/", "/staff/login/",
    "/nosuchbureau/",
]
STAFF = [
    "/staff/", "/staff/audit/", "/staff/calendar/", "/staff/tokens/", "/staff/jobs/",
    "/staff/catalogue/", "/staff/catalogue/records/new/", "/staff/catalogue/records/{record}/",
    "/staff/catalogue/import/", "/staff/applications/", "/staff/applications/new/",
    "/staff/applications/{application}/",
    "/staff/applications/templates/correction_request/-/?agency={agency}",
    "/staff/qa/", "/staff/qa/faqs/{faq}/", "/staff/reports/",
    "/staff/reports/{agency}/{year}/", "/staff/search/?q=公开", "/staff/signing/",
    "/staff/admin/", "/staff/admin/core/user/", "/staff/admin/core/user/add/",
    "/staff/admin/core/agency/{agency}/change/", "/api/v1/docs",
]


def _violations(context, paths: list[str]) -> list[str]:
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text)
            if "Content Security Policy" in m.text or "Content-Security-Policy" in m.text
            else None)
    found: list[str] = []
    for path in paths:
        console.clear()
        page.goto(path)
        page.wait_for_load_state("load")
        events = page.evaluate("window.__csp || []")
        for frame in page.frames[1:]:
            events += frame.evaluate("window.__csp || []")
        found += [f"{path}: {line}" for line in events + console]
    return found


def test_no_csp_violation_on_public_and_staff_pages(new_context, agency, settings):
    settings.RATELIMIT_ENABLE = False
    world = build_world(agency)
    values = {"record": world.record.pk, "application": world.application.pk,
              "faq": world.faq.pk, "agency": agency.pk, "year": world.report_year}
    public = new_context()
    public.add_init_script(LISTEN)
    staff = new_context(user=world.admin)
    staff.add_init_script(LISTEN)
    found = _violations(public, PUBLIC)
    found += _violations(staff, [p.format(**values) for p in STAFF])
    assert not found, "CSP violations:\n" + "\n".join(found)


def test_a_violation_is_detected(new_context, agency):
    """The listener works: an inline script added to a page is blocked and reported."""
    context = new_context()
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.goto("/accessibility/")
    page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.__ran = 1'; document.body.appendChild(s); }""")
    assert page.evaluate("window.__ran") is None
    assert any("script-src" in v for v in page.evaluate("window.__csp"))
