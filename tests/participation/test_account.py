"""The account page lists the ideas a person sent to solicitations while signed in (never
matched by e-mail); the link opens the idea's status page for its sender only."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.participation import services
from gongkai.participation.models import Idea
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _citizen(name):
    client = Client()
    client.force_login(UserFactory(username=name, is_staff=False, email="same@example.org"))
    return client


def _send(client, agency, solicitation, key, title):
    url = reverse("participation:solicitation",
                  kwargs={"agency": agency.slug, "number": solicitation.number})
    response = client.post(url, {"title": title, "text": "小区停车难。", "name": "",
                                 "email": "same@example.org", "idempotency_key": key})
    assert response.status_code == 200
    return Idea.objects.get(idempotency_key=key)


def test_own_ideas_on_the_account_page_and_their_status_page(agency, editor):
    now = timezone.now()
    solicitation = services.solicitation_create(
        actor=editor, agency=agency, title="建言征集", description="说明",
        opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=3))
    services.solicitation_publish(actor=editor, solicitation=solicitation)
    wang, li = _citizen("wang"), _citizen("li")  # the same e-mail address on purpose
    mine = _send(wang, agency, solicitation, "i-1", "多建停车场")
    anonymous = _send(Client(), agency, solicitation, "i-2", "匿名的建议")
    assert mine.submitted_by.username == "wang" and anonymous.submitted_by is None

    page = wang.get("/accounts/").content.decode()
    assert 'data-testid="my-ideas"' in page and mine.case_number in page
    assert anonymous.case_number not in page and "匿名的建议" not in page
    other = li.get("/accounts/").content.decode()
    assert mine.case_number not in other and 'data-testid="my-ideas"' not in other

    link = (reverse("participation:idea_status", kwargs={"agency": agency.slug})
            + f"?number={mine.case_number}")
    own = wang.get(link)
    assert 'data-testid="idea-status"' in own.content.decode()
    assert "多建停车场" in own.content.decode()
    for stranger in (li, Client()):
        shown = stranger.get(link).content.decode()
        assert "多建停车场" not in shown and 'data-testid="idea-status"' not in shown
