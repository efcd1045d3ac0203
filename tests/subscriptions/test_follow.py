"""Following one consultation (订阅此次征求意见的进展): the page's link opens a short form,
the confirmed subscriber gets each public step of that consultation once, and nobody who
did not ask for it gets it; an id that is not a public consultation is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from gongkai.consultations import services as consultations
from gongkai.subscriptions import services, tokens
from gongkai.subscriptions.models import Delivery, Frequency, Subscription
from tests.consultations.factories import consultation, open_consultation
from tests.subscriptions.test_delivery import _run_match_jobs, _subscribed, _to

pytestmark = pytest.mark.django_db


def test_follow_a_consultation_from_its_page(agency, editor, django_capture_on_commit_callbacks):
    c = open_consultation(agency, days=10)
    _run_match_jobs()  # its opening, matched (nobody follows it yet) as the worker would
    page = Client().get(reverse("consultations:detail", kwargs={"agency": agency.slug, "pk": c.pk}))
    link = f"/{agency.slug}/subscriptions/?follow=consultation:{c.pk}"
    assert link in page.content.decode()
    form = Client().get(link).content.decode()
    assert c.title in form and 'name="topics"' not in form
    with django_capture_on_commit_callbacks(execute=True):
        answer = Client().post(link, {"email": "follow@example.org", "frequency": Frequency.IMMEDIATE,
                                      "via": "email", "follow": f"consultation:{c.pk}"})
        assert answer.status_code == 302
        sub = Subscription.objects.get(email="follow@example.org")
        services.confirm(token=tokens.make("confirm", sub.pk))
        _subscribed("all@example.org", Frequency.IMMEDIATE, agency)  # all published records
    assert sub.summary == f"征求意见：《{c.title}》"
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        consultations.consultation_extend(actor=editor, consultation=c,
                                          closes_on=c.closes_on + dt.timedelta(days=5),
                                          notice="应社会各界要求，延长征求意见期限。")
        _run_match_jobs()
        _run_match_jobs()  # a retried job sends nothing twice
    alerts = _to("follow@example.org")
    assert len(alerts) == 1 and "延长征求意见期限" in alerts[0].body
    assert not _to("all@example.org")
    assert Delivery.objects.filter(subscription=sub).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        consultations.consultation_extend(actor=editor, consultation=c,
                                          closes_on=c.closes_on + dt.timedelta(days=10),
                                          notice="再次延长征求意见期限。")
        _run_match_jobs()
    assert len(_to("follow@example.org")) == 2


def test_only_public_consultations_can_be_followed(agency):
    draft = consultation(agency)
    for follow in (f"consultation:{draft.pk}", "consultation:999999", "consultation:x",
                   "nothing:1"):
        assert Client().get(f"/{agency.slug}/subscriptions/", {"follow": follow}).status_code == 404
    assert not Subscription.objects.exists()
