"""Departments' reminders with the time machine: due soon, overdue for 30 days, never once
reported done, once a day."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from gongkai.workplans import jobs, services
from gongkai.workplans.models import TaskReminder
from tests.workplans.factories import plan_with_points

D = dt.date
pytestmark = pytest.mark.django_db


def at(day):
    return time_machine.travel(dt.datetime.combine(day, dt.time(10)), tick=False)


def test_department_reminders(settings, agency, office, lawyers, lawyers_head):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    lawyers_head.email = "head@example.org"
    lawyers_head.save()
    plan = plan_with_points(agency, office, lawyers, year=2025,
                            deadlines=(D(2025, 6, 30), D(2025, 6, 30)))
    done = plan.points.get(number=1).tasks.get()
    services.progress_report(actor=lawyers_head, task=done, status="done", percent=100,
                             reported_on=D(2025, 6, 1))
    with at(D(2025, 6, 15)):
        assert jobs.send_reminders() == {"due_soon": 0, "overdue": 0}  # 15 days before
    with at(D(2025, 6, 16)):
        assert jobs.send_reminders() == {"due_soon": 1, "overdue": 0}
        assert jobs.send_reminders() == {"due_soon": 0, "overdue": 0}  # once a day
    assert mail.outbox[0].to == ["head@example.org"] and "2025-06-30" in mail.outbox[0].subject
    with at(D(2025, 7, 1)):
        assert jobs.send_reminders()["overdue"] == 1
    with at(D(2025, 7, 31)):
        assert jobs.send_reminders()["overdue"] == 0  # 31 days after: no longer mailed
    assert TaskReminder.objects.count() == 2
