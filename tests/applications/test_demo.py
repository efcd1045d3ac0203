"""The demo loader: every state and reply type for the bureau, loaded twice without
duplicates, through the real services (clocks and histories are real)."""

import datetime as dt

import pytest
import time_machine

from gongkai.applications import reply_types
from gongkai.applications.demo import load_applications_demo
from gongkai.applications.models import Application, ApplicationStatus, ConversionProposal, Review
from gongkai.audit.models import AuditEvent
from gongkai.core.demo import load_demo

pytestmark = pytest.mark.django_db


def test_demo_covers_every_state_and_outcome_and_is_idempotent(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with time_machine.travel(dt.datetime(2026, 11, 27, 10), tick=False):
        load_demo()
        first = load_applications_demo()
        count, audits = Application.objects.count(), AuditEvent.objects.count()
        second = load_applications_demo()
        assert AuditEvent.objects.count() == audits
    assert first["applications"] == count > 30
    assert second == {"applications": 0} and Application.objects.count() == count
    cases = Application.objects.filter(agency__organisation_code="002420455M")
    assert set(cases.values_list("status", flat=True)) == set(ApplicationStatus.values)
    rows = {reply_types.report_key(o, s) for o, s in cases.exclude(reply_type="")
            .values_list("reply_type", "reply_type_reason")}
    expected = {r.key for r in reply_types.report_rows() if r.level == 1 or r.key in (
        "disclosed", "partially_disclosed")}
    assert expected <= rows
    assert cases.filter(paused_working_days__gt=0).exists()
    assert cases.filter(extension_working_days__gt=0).exists()
    assert cases.filter(due_on_provisional=True).exists()  # extended into 2027
    assert cases.filter(clock_start_on__gt=dt.date(2024, 1, 1)).exclude(
        clock_start_on=models_f("received_on")).exists()  # a correction restarted a clock
    assert {r.outcome for r in Review.objects.all()} >= {"upheld", "pending", "corrected"}
    assert ConversionProposal.objects.filter(status="proposed").count() == 1
    years = {d.year for d in cases.values_list("received_on", flat=True)}
    assert years == {2024, 2025, 2026}
    for case in cases:
        assert case.events.exists() and case.clock_steps


def models_f(name):
    from django.db.models import F

    return F(name)
