"""The account page in a real browser: a citizen who applied and commented while signed in
sees their own application and comment, follows the application's link to its status page
without typing the access code, and the page passes axe (WCAG 2.1 AA); another signed-in
person sees neither."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from gongkai.applications.models import Application
from tests.applications.test_public_pages import form_data
from tests.browser.test_accessibility import assert_accessible
from tests.consultations.factories import open_consultation
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_account_page_lists_own_cases_and_opens_them(new_context, portal_agency):
    axe = Axe()
    wang = UserFactory(username="acct-wang", is_staff=False, email="same@example.org")
    li = UserFactory(username="acct-li", is_staff=False, email="same@example.org")
    signed_in = Client()
    signed_in.force_login(wang)
    slug = portal_agency.slug
    assert signed_in.post(reverse("applications:apply", kwargs={"agency": slug}),
                          form_data(idempotency_key="browser-acct-1")).status_code == 302
    application = Application.objects.get(idempotency_key="browser-acct-1")
    consultation = open_consultation(portal_agency, days=10)
    assert signed_in.post(
        reverse("consultations:comment", kwargs={"agency": slug, "pk": consultation.pk}),
        {"anchor": "", "text": "建议增加听证环节。", "display_name": "", "email": "",
         "idempotency_key": "browser-acct-c"}).status_code == 302

    page = new_context(user=wang).new_page()
    page.goto("/accounts/")
    expect(page.get_by_role("link", name=application.case_number)).to_be_visible()
    expect(page.get_by_test_id("my-comments")).to_contain_text(consultation.title)
    assert_accessible(axe, page)
    page.get_by_role("link", name=application.case_number).click()
    # The status page itself, not the access-code form it redirects strangers to.
    expect(page).to_have_url(re.compile(f"/applications/status/{application.case_number}/$"))
    expect(page.locator("main")).to_contain_text(application.case_number)

    other = new_context(user=li).new_page()
    other.goto("/accounts/")
    assert application.case_number not in other.content()
    assert consultation.title not in other.content()
