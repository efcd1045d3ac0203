"""Stored and echoed XSS payloads render as text, not as live script (issue 8, part 3).

Every stored text field that a page shows — record title, summary, body, keywords and
attachment names, the application as the applicant and staff see it, internal notes, FAQs,
letter templates, the annual report's texts — holds payloads that set ``window.__xss``;
search and Q&A echo them from the query string. Chromium opens each page with the
Content-Security-Policy *bypassed*, so what is tested here is the escaping itself (the
policy is a second, separate wall: tests/browser/test_csp.py). A dialog or a defined
``window.__xss`` fails the test.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.security import hostile
from tests.security.world import build_world

pytestmark = pytest.mark.browser

# Several payloads in one value, so one page load tries them all; SHORT fits 60 characters.
COMBO = ('"><script>window.__xss=1</script><img src=x onerror=window.__xss=1>'
         "<svg/onload=window.__xss=1>'><details open ontoggle=window.__xss=1>")
SHORT = '"><img src=x onerror=window.__xss=1>'
ECHOED = [value for category, _, value in hostile.XSS]


def _store_payloads(world) -> None:
    from gongkai.applications import services as applications
    from gongkai.catalogue import services as catalogue
    from gongkai.qa import services as qa
    from gongkai.reports import services as reports
    from gongkai.reports.models import AnnualReport

    admin = world.admin
    catalogue.record_update(actor=admin, record=world.record, title="通知" + COMBO,
                            summary=SHORT, body="正文" + COMBO + "\njavascript:window.__xss=1",
                            keywords=COMBO[:150])
    catalogue.record_attach(actor=admin, record=world.record, filename=COMBO[:80] + ".pdf",
                            data=hostile.PDF_BYTES)
    qa.faq_update(actor=admin, faq=world.faq, question="如何申请" + SHORT,
                  answer="答复" + COMBO, published=True)
    applications.note_add(actor=admin, application=world.application, text="备注" + COMBO)
    applications.letter_template_save(actor=admin, agency=world.agency,
                                      kind="correction_request", title="告知" + COMBO,
                                      body="请补正。" + COMBO)
    report = AnnualReport.objects.get(agency=world.agency, year=world.report_year)
    reports.report_update(actor=admin, report=report, overview="概述" + COMBO,
                          problems="问题" + COMBO, other_matters="其他" + COMBO)


def _assert_inert(page, path: str, dialogs: list[str]) -> None:
    response = page.goto(path)
    assert response is not None and response.status < 500, (path, response and response.status)
    page.wait_for_load_state("load")
    for frame in page.frames:
        assert frame.evaluate("typeof window.__xss") == "undefined", f"script ran on {path}"
    assert not dialogs, f"dialog on {path}: {dialogs}"


def test_stored_and_echoed_payloads_stay_text(new_context, agency, settings):
    settings.RATELIMIT_ENABLE = False
    world = build_world(agency, applicant_name="张三" + SHORT[:20], address="路" + SHORT,
                        description="请公开" + COMBO)
    _store_payloads(world)
    dialogs: list[str] = []

    staff = new_context(user=world.admin, bypass_csp=True).new_page()
    staff.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in [
        f"/staff/catalogue/records/{world.record.pk}/",
        "/staff/catalogue/",
        f"/staff/applications/{world.application.pk}/",
        "/staff/applications/",
        f"/staff/qa/faqs/{world.faq.pk}/",
        f"/staff/applications/templates/correction_request/-/?agency={agency.pk}",
        f"/staff/reports/{agency.pk}/{world.report_year}/",
        "/staff/audit/",
        "/staff/search/?q=" + quote(COMBO),
    ]:
        _assert_inert(staff, path, dialogs)
    # The payload is shown, as text, where it was stored.
    staff.goto(f"/staff/catalogue/records/{world.record.pk}/")
    assert "<script>window.__xss=1</script>" in staff.locator("main").inner_text()

    public = new_context(bypass_csp=True).new_page()
    public.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in [f"/{agency.slug}/qa/faq/{world.faq.pk}/", f"/{agency.slug}/qa/faq/"]:
        _assert_inert(public, path, dialogs)
    for value in ECHOED:
        _assert_inert(public, f"/{agency.slug}/search/?q=" + quote(value), dialogs)
        _assert_inert(public, f"/{agency.slug}/qa/?q=" + quote(value), dialogs)

    # The applicant's own status page, reached through the lookup form.
    public.goto(f"/{agency.slug}/applications/status/")
    public.get_by_label("申请编号").fill(world.application.case_number)
    public.get_by_label("查询码").fill(world.access_code)
    public.get_by_role("button", name="查询").click()
    public.wait_for_load_state("load")
    assert world.application.case_number in public.url
    _assert_inert(public, public.url, dialogs)

    # The application form shown again with its errors keeps the payloads as text.
    public.goto(f"/{agency.slug}/applications/apply/")
    public.get_by_label("姓名或名称").fill(COMBO[:150])
    public.locator("textarea[name=description]").fill(COMBO)
    public.get_by_role("button", name="提交申请").click()
    public.wait_for_load_state("load")
    assert public.evaluate("typeof window.__xss") == "undefined"
    assert public.locator("textarea[name=description]").input_value() == COMBO
    assert not dialogs


def test_the_detector_sees_a_live_payload(new_context, agency):
    """The checks above can fail: the same payload, unescaped, runs in this context."""
    page = new_context(bypass_csp=True).new_page()
    page.goto("/accessibility/")
    page.evaluate("html => { document.body.insertAdjacentHTML('beforeend', html); }",
                  '<img src=x onerror="window.__xss=1">')
    page.wait_for_function("typeof window.__xss !== 'undefined'")
