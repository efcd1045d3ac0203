"""The account page lists the comments a person wrote while signed in (never matched by
e-mail); the link opens the comment's tracking page for its writer only."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gongkai.consultations.models import Comment
from tests.consultations.factories import open_consultation
from tests.factories import UserFactory

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _monday():
    with time_machine.travel(NOW, tick=False):
        yield


def _citizen(name):
    client = Client()
    client.force_login(UserFactory(username=name, is_staff=False, email="same@example.org"))
    return client


def _comment(client, agency, consultation, key, text):
    response = client.post(
        reverse("consultations:comment", kwargs={"agency": agency.slug, "pk": consultation.pk}),
        {"anchor": "", "text": text, "display_name": "", "email": "same@example.org",
         "idempotency_key": key})
    assert response.status_code == 302
    return Comment.objects.get(idempotency_key=key)


def test_own_comments_on_the_account_page_and_their_tracking_page(agency):
    consultation = open_consultation(agency)
    wang, li = _citizen("wang"), _citizen("li")  # the same e-mail address on purpose
    mine = _comment(wang, agency, consultation, "c-1", "建议增加听证环节")
    anonymous = _comment(Client(), agency, consultation, "c-2", "匿名提出的意见")
    assert mine.submitted_by.username == "wang" and anonymous.submitted_by is None

    page = wang.get("/accounts/").content.decode()
    assert 'data-testid="my-comments"' in page
    assert mine.case_number in page and anonymous.case_number not in page
    assert consultation.title in page
    other = li.get("/accounts/").content.decode()
    assert mine.case_number not in other and 'data-testid="my-comments"' not in other

    link = (reverse("consultations:track", kwargs={"agency": agency.slug})
            + f"?number={mine.case_number}")
    own = wang.get(link)
    assert own.status_code == 200 and "建议增加听证环节" in own.content.decode()
    assert "no-store" in own["Cache-Control"]
    assert "建议增加听证环节" not in li.get(link).content.decode()
    assert "建议增加听证环节" not in Client().get(link).content.decode()
    # Another agency's address does not open it either.
    from tests.factories import AgencyFactory

    elsewhere = AgencyFactory()
    assert "建议增加听证环节" not in wang.get(
        reverse("consultations:track", kwargs={"agency": elsewhere.slug})
        + f"?number={mine.case_number}").content.decode()
