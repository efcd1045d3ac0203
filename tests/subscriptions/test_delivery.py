"""Subscriptions end to end at the service level: a record published at 10:00 reaches an
immediate subscriber once and a daily one once the next morning, never an unconfirmed
address; the one-click unsubscribe link and the API."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
import time_machine
from django.core import mail

from gongkai.catalogue.services import publish_external
from gongkai.subscriptions import services, tokens
from gongkai.subscriptions.models import Delivery, Frequency, Status
from tests.factories import record_fields

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
TEN = dt.datetime(2026, 6, 2, 10, 0, tzinfo=SH)  # a Tuesday


def _run_match_jobs():
    """What the worker does with the matching jobs publication enqueued (other apps' jobs,
    PDFs and indexes, are not this test's business)."""
    from gongkai.jobs.models import JobRun, JobStatus

    for run in JobRun.objects.filter(name="subscriptions.match", status=JobStatus.ENQUEUED):
        services.event_match(**run.kwargs)
        JobRun.objects.filter(pk=run.pk).update(status=JobStatus.SUCCEEDED)


def _subscribed(email, frequency, agency, *, confirm=True, **wanted):
    sub = services.subscribe(email=email, frequency=frequency,
                             wanted=services.Wanted(agency=agency, **wanted))
    if confirm:
        services.confirm(token=tokens.make("confirm", sub.pk))
    return sub


def _to(address):
    return [m for m in mail.outbox if address in m.to]


@pytest.mark.django_db
def test_published_at_ten_reaches_immediate_once_and_daily_next_morning(
        agency, editor, django_capture_on_commit_callbacks):
    with time_machine.travel(TEN - dt.timedelta(hours=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            _subscribed("now@example.org", Frequency.IMMEDIATE, agency)
            _subscribed("daily@example.org", Frequency.DAILY, agency, keywords=["工作要点"])
            _subscribed("other@example.org", Frequency.DAILY, agency, keywords=["无关词语"])
            pending = _subscribed("pending@example.org", Frequency.IMMEDIATE, agency,
                                  confirm=False)
        assert [m.subject for m in _to("pending@example.org")][0].startswith("请确认您的订阅")
        mail.outbox.clear()
    with time_machine.travel(TEN, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            record = publish_external(actor=editor, agency=agency, source="test",
                                      fields=record_fields())
            _run_match_jobs()
        alerts = _to("now@example.org")
        assert len(alerts) == 1 and record.title in alerts[0].body
        assert "List-Unsubscribe" in alerts[0].extra_headers
        assert not _to("daily@example.org") and not _to("pending@example.org")
        # The job run again (a retry) sends nothing twice.
        event = Delivery.objects.filter(subscription__email="now@example.org").get().event
        with django_capture_on_commit_callbacks(execute=True):
            services.event_match(event_id=event.pk,
                                 keys={"all": ["*"], "agency": [str(agency.pk)]})
        assert len(_to("now@example.org")) == 1
    with time_machine.travel(TEN + dt.timedelta(hours=21), tick=False):  # 07:00 next day
        with django_capture_on_commit_callbacks(execute=True):
            assert services.digest_send() == {"digests": 1, "items": 1}
            assert services.digest_send() == {"digests": 0, "items": 0}
    digests = _to("daily@example.org")
    assert len(digests) == 1 and record.title in digests[0].body
    assert len(_to("now@example.org")) == 1
    assert not _to("other@example.org") and not _to("pending@example.org")
    pending.refresh_from_db()
    assert pending.status == Status.PENDING and not pending.deliveries.exists()


@pytest.mark.django_db
def test_unsubscribe_link_once_then_harmless_and_forged_refused(client, agency,
                                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/subscriptions", {
            "email": "api@example.org", "agency": agency.slug, "keywords": ["律师"],
            "frequency": "weekly"}, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "pending"
    confirmation = _to("api@example.org")[0].body
    token = re.search(r"管理令牌[^\n]*\n(\S+)", confirmation).group(1)
    url = f"/api/v1/subscriptions/{body['id']}"
    assert client.get(url, HTTP_X_SUBSCRIPTION_TOKEN="forged").status_code == 404
    got = client.get(url, HTTP_X_SUBSCRIPTION_TOKEN=token).json()
    assert got["status"] == "pending" and got["keywords"] == ["律师"]
    confirm_link = re.search(r"http\S+/confirm/\S+/", confirmation).group(0)
    assert client.get(confirm_link).status_code == 200

    sub = services.confirm(token=tokens.make("confirm", body["id"]))
    link = services.unsubscribe_url(sub)
    first = client.get(link)
    assert first.status_code == 200 and "您已成功退订" in first.content.decode()
    again = client.get(link)
    assert again.status_code == 200 and "此前已经退订" in again.content.decode()
    forged = client.get(link[:-3] + "xx/")
    assert forged.status_code == 400 and "链接无效" in forged.content.decode()
    assert client.delete(url, HTTP_X_SUBSCRIPTION_TOKEN=token).json()["status"] == "unsubscribed"
