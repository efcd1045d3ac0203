"""The one notification service: a channel per preference, one row per event and channel,
mail after commit, a refused mail handed to the jobs framework; and case progress — an
application's state change tells its applicant once."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from gongkai.jobs.models import JobRun
from gongkai.notifications import selectors
from gongkai.notifications.models import Channel, DeliveryStatus, Notification
from gongkai.notifications.services import notify, preference_set
from tests.applications.conftest import person
from tests.factories import staff

CONTEXT = {"number": "2026-1", "status": "已登记", "note": ""}


@pytest.mark.django_db
def test_preferences_dedupe_and_retry(public_user, settings, django_capture_on_commit_callbacks,
                                      client):
    public_user.email = "citizen@example.org"
    public_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify(kind="proposal.status", event_key="p:1", user=public_user, context=CONTEXT)
        again = notify(kind="proposal.status", event_key="p:1", user=public_user, context=CONTEXT)
    assert sorted(r.channel for r in rows) == [Channel.EMAIL, Channel.INBOX] and again == []
    assert len(mail.outbox) == 1 and "2026-1" in mail.outbox[0].subject
    preference_set(user=public_user, email=False, inbox=True)
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify(kind="proposal.status", event_key="p:2", user=public_user, context=CONTEXT)
    assert [r.channel for r in rows] == [Channel.INBOX] and len(mail.outbox) == 1
    assert selectors.unread_count(public_user) == 2
    client.force_login(public_user)
    page = client.get("/accounts/notifications/")
    assert page.status_code == 200 and "2条未读" in page.content.decode()
    client.post("/accounts/notifications/")
    assert selectors.unread_count(public_user) == 0

    settings.EMAIL_BACKEND = "tests.notifications.test_notify.RefusingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = notify(kind="proposal.status", event_key="p:3", email="x@example.org",
                        context=CONTEXT)
    row.refresh_from_db()
    assert row.status == DeliveryStatus.FAILED and row.attempts == 1
    assert JobRun.objects.filter(name="notifications.send_email", key=f"n{row.pk}").exists()


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("mail server refused")


@pytest.mark.django_db
def test_application_state_change_notifies_applicant_once(agency, django_capture_on_commit_callbacks):
    from gongkai.applications import services
    from gongkai.core.models import Role

    officer = staff(Role.DISCLOSURE_OFFICER, agency, "officer1")
    with time_machine.travel(dt.datetime(2026, 6, 1, 10), tick=False):
        case = services.register(actor=officer, agency=agency, channel="in_person",
                                 received_on=dt.date(2026, 6, 1),
                                 **person(receipt_method="post")).application
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.assign(actor=officer, application=case, assignee=officer)
            services.note_add(actor=officer, application=case, text="内部备注")  # no step
    rows = Notification.objects.filter(kind="application.status")
    assert rows.count() == 1 and rows.get().email == "zhangsan@example.com"
    assert len(mail.outbox) == 1 and case.case_number in mail.outbox[0].subject
