"""The account page lists the person's own applications and messages: those submitted
while signed in to that account, never another person's, never matched by e-mail; their
status pages open for their submitter without the access code, and for nobody else.
Anonymous submission is unchanged."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.applications.models import Application
from gongkai.interaction.models import Message
from tests.applications.test_public_pages import form_data
from tests.factories import UserFactory
from tests.interaction.test_views import _form

pytestmark = pytest.mark.django_db


def _citizen(name: str) -> Client:
    client = Client()
    client.force_login(UserFactory(username=name, is_staff=False, email="same@example.org"))
    return client


def _apply(client, agency, key):
    response = client.post(reverse("applications:apply", kwargs={"agency": agency.slug}),
                           form_data(idempotency_key=key, email="same@example.org"))
    assert response.status_code == 302
    return Application.objects.get(idempotency_key=key)


def _write(client, agency, key):
    response = client.post(reverse("interaction:write", kwargs={"agency": agency.slug}),
                           _form(idempotency_key=key, email="same@example.org"))
    assert response.status_code == 302
    return Message.objects.get(idempotency_key=key)


def test_own_cases_on_the_account_page_and_status_pages_open_for_their_submitter(agency):
    wang, li = _citizen("wang"), _citizen("li")  # the same e-mail address on purpose
    application = _apply(wang, agency, "acct-app-1")
    message = _write(wang, agency, "acct-msg-1")
    anonymous_application = _apply(Client(), agency, "acct-app-2")
    assert application.submitted_by.username == "wang"
    assert message.submitted_by.username == "wang"
    assert anonymous_application.submitted_by is None

    page = wang.get("/accounts/").content.decode()
    assert application.case_number in page and message.case_number in page
    assert anonymous_application.case_number not in page
    other = li.get("/accounts/").content.decode()
    assert application.case_number not in other and message.case_number not in other
    assert "您还没有在登录状态下提交过申请" in other and "您还没有在登录状态下写过信" in other

    status_url = reverse("applications:case_status",
                         kwargs={"agency": agency.slug, "case_number": application.case_number})
    case_url = reverse("interaction:case",
                       kwargs={"agency": agency.slug, "case_number": message.case_number})
    fresh_wang = Client()
    fresh_wang.force_login(application.submitted_by)  # a new session: no code typed in it
    assert fresh_wang.get(status_url).status_code == 200
    mine = fresh_wang.get(case_url)
    assert mine.status_code == 200 and message.subject in mine.content.decode()
    # Another account, and an anonymous visitor, are sent to the code form.
    assert li.get(status_url).status_code == 302
    assert application.case_number not in li.get(status_url, follow=True).content.decode()
    assert message.subject not in li.get(case_url).content.decode()
    assert Client().get(status_url).status_code == 302
