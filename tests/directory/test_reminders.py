"""Licence-expiry reminders: one per deadline and threshold, consent, the staff API."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from gongkai.core.models import Role
from gongkai.directory import reminders, services
from gongkai.directory.models import LicenceReminder
from tests.directory.factories import LawyerFactory
from tests.factories import AgencyFactory, staff

TODAY = dt.date(2026, 12, 2)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def go(day: dt.date) -> dict:
        with time_machine.travel(dt.datetime.combine(day, dt.time(7, 0)), tick=False), \
                django_capture_on_commit_callbacks(execute=True):
            return reminders.licence_reminders_send()
    return go


@pytest.mark.django_db
def test_one_reminder_per_threshold_and_consent(agency, editor, run):
    _run = run
    due = TODAY + dt.timedelta(days=30)
    consenting = LawyerFactory(agency=agency, licence_valid_until=due)
    services.reminder_consent_set(actor=editor, entity=consenting, consent=True,
                                  email="holder@example.org")
    silent = LawyerFactory(agency=agency, licence_valid_until=due,
                           reminder_email="never@example.org")  # an address, no consent
    assert _run(TODAY) == {"reminders": 2, "emailed": 1}
    assert _run(TODAY) == {"reminders": 0, "emailed": 0}  # re-run: nothing new
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["holder@example.org"]
    text = mail.outbox[0].body
    assert "第五十条" in text and "30日前" in text and f"/{agency.slug}/directory/" in text
    # Across the thresholds: day 29 nothing, day 7 once more each, then nothing again.
    assert _run(TODAY + dt.timedelta(days=1))["reminders"] == 0
    assert _run(due - dt.timedelta(days=7)) == {"reminders": 2, "emailed": 1}
    assert _run(due - dt.timedelta(days=6))["reminders"] == 0
    rows = LicenceReminder.objects.filter(entity=consenting).order_by("created_at")
    assert [r.threshold_days for r in rows] == [30, 7]
    assert not LicenceReminder.objects.filter(entity=silent, emailed_to_holder=True).exists()
    assert len(mail.outbox) == 2
    # A 90-day deadline gets the 90-day reminder first; withdrawn consent sends no mail.
    services.reminder_consent_set(actor=editor, entity=consenting, consent=False, email="")
    later = LawyerFactory(agency=agency, licence_valid_until=TODAY + dt.timedelta(days=90))
    assert _run(TODAY)["reminders"] == 1
    assert LicenceReminder.objects.get(entity=later).threshold_days == 90
    consenting.refresh_from_db()
    assert consenting.reminder_email == "" and consenting.reminder_consent_at is None


@pytest.mark.django_db
def test_staff_api_filters_and_scopes(client, agency, editor):
    today = timezone.localdate()
    soon = LawyerFactory(agency=agency, licence_valid_until=today + dt.timedelta(days=20))
    LawyerFactory(agency=agency, licence_valid_until=today + dt.timedelta(days=200))
    lapsed = LawyerFactory(agency=agency, licence_valid_until=today - dt.timedelta(days=3))
    assessed = LawyerFactory(agency=agency, next_assessment_on=today + dt.timedelta(days=60))
    LawyerFactory(agency=AgencyFactory(), licence_valid_until=today + dt.timedelta(days=5))
    client.force_login(editor)
    body = client.get("/api/v1/staff/licences", {"due_within": 90}).json()
    got = {(r["entity_id"], r["deadline"], r["state"]) for r in body["results"]}
    assert got == {(soon.pk, "expiry", "due"), (lapsed.pk, "expiry", "lapsed"),
                   (assessed.pk, "assessment", "due")}
    assert body["results"][0]["entity_id"] == lapsed.pk
    renew_by = {r["entity_id"]: r["renew_by"] for r in body["results"]}
    assert renew_by[soon.pk] == (soon.licence_valid_until - dt.timedelta(days=30)).isoformat()
    narrow = client.get("/api/v1/staff/licences", {"due_within": 30}).json()
    assert {r["entity_id"] for r in narrow["results"]} == {soon.pk, lapsed.pk}
    late = client.get("/api/v1/staff/licences", {"state": "late"}).json()
    assert [r["entity_id"] for r in late["results"]] == [lapsed.pk]
    client.force_login(staff(Role.REVIEWER, agency, "licence-reviewer"))
    assert client.get("/api/v1/staff/licences").status_code == 403
    page = client.get("/staff/directory/licences/?due_within=90")
    assert page.status_code == 403
    client.force_login(editor)
    page = client.get("/staff/directory/licences/?due_within=90")
    assert page.status_code == 200 and soon.name in page.content.decode()
