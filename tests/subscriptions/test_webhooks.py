"""Webhooks against a real receiver: a loopback HTTP server started by the test checks the
signature; when it fails, the payload is retried with growing delays, then the subscription
is paused and its owner told, and nothing waiting is lost."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from gongkai.subscriptions import services, tokens
from gongkai.subscriptions.models import (
    Frequency,
    Status,
    Via,
    WebhookAttempt,
    WebhookStatus,
)


class Receiver:
    def __init__(self):
        self.secret = ""
        self.fail = False
        self.received: list[dict] = []
        self.bad_signatures = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if not services.verify(receiver.secret, body,
                                       self.headers.get(services.SIGNATURE_HEADER, ""),
                                       tolerance=10 ** 9):
                    receiver.bad_signatures += 1
                    self.send_response(401)
                elif receiver.fail:
                    self.send_response(500)
                else:
                    receiver.received.append(json.loads(body))
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    found = Receiver()
    yield found
    found.close()


def _event(agency, n):
    keys = {"all": ["*"], "agency": [str(agency.pk)]}
    stored = services.events_record([{
        "source": "test", "ref": f"e{n}", "subject_key": f"e{n}", "agency_id": agency.pk,
        "title": f"测试信息{n}", "url": f"/{agency.slug}/", "keys": keys}])
    services.event_match(event_id=stored[0].pk, keys=keys)


@pytest.mark.django_db
def test_signed_webhook_retried_with_backoff_then_paused(agency, receiver, settings,
                                                         django_capture_on_commit_callbacks):
    settings.GONGKAI_SUBSCRIPTIONS_WEBHOOK_MAX_FAILURES = 3
    settings.GONGKAI_SUBSCRIPTIONS_WEBHOOK_BACKOFF_SECONDS = 60
    with django_capture_on_commit_callbacks(execute=True):
        sub = services.subscribe(email="org@example.org", wanted=services.Wanted(agency=agency),
                                 frequency=Frequency.IMMEDIATE, via=Via.WEBHOOK,
                                 webhook_url=receiver.url)
        services.confirm(token=tokens.make("confirm", sub.pk))
    sub.refresh_from_db()
    receiver.secret = sub.webhook_secret
    assert sub.webhook_secret in mail.outbox[0].body  # the owner learns the secret once

    with django_capture_on_commit_callbacks(execute=True):
        _event(agency, 1)
    assert [p["items"][0]["title"] for p in receiver.received] == ["测试信息1"]
    assert receiver.bad_signatures == 0

    receiver.fail = True
    start = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        _event(agency, 2)
    attempt = WebhookAttempt.objects.get(batch__startswith="event:", status=WebhookStatus.PENDING)
    delays = [attempt.next_attempt_at - start]
    for _ in range(2):
        with time_machine.travel(attempt.next_attempt_at + dt.timedelta(seconds=1), tick=False), \
                django_capture_on_commit_callbacks(execute=True):
            services.webhook_send_due()
        previous = attempt.next_attempt_at
        attempt.refresh_from_db()
        delays.append(attempt.next_attempt_at - previous)
    sub.refresh_from_db()
    assert attempt.attempts == 3 and attempt.last_code == 500
    assert sub.status == Status.PAUSED
    assert [round(d.total_seconds() / 60) for d in delays] == [1, 2, 4]  # doubling
    notices = [m for m in mail.outbox if m.subject.startswith("订阅推送已暂停")]
    assert len(notices) == 1 and notices[0].to == ["org@example.org"]
    assert "127.0.0.1" in notices[0].body

    with time_machine.travel(timezone.now() + dt.timedelta(days=1), tick=False):
        assert services.webhook_send_due()["failed"] == 0  # paused: not tried
    receiver.fail = False
    sub.refresh_from_db()
    sub.status, sub.failures = Status.ACTIVE, 0  # the owner fixed the receiver
    sub.save()
    with time_machine.travel(timezone.now() + dt.timedelta(days=1), tick=False):
        services.webhook_send_due()
    assert [p["items"][0]["title"] for p in receiver.received] == ["测试信息1", "测试信息2"]
