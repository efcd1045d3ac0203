"""A calendar change moves open due dates in a background job, never in the request.

The administrator's request only records the change and enqueues
``workdays.recalculate_deadlines``; the job calls every registered deadline owner
(applications here) and each moved case's history says which change moved it and who
made it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.applications.models import ApplicationEvent
from gongkai.jobs.models import JobRun
from gongkai.jobs.registry import JOBS
from gongkai.workdays import deadlines
from gongkai.workdays.services import calendar_import, calendar_year_declare

D = dt.date
JOB = "workdays.recalculate_deadlines"
pytestmark = pytest.mark.django_db


def run_jobs() -> list[dict]:
    results = []
    for run in JobRun.objects.filter(name=JOB, status="enqueued").order_by("pk"):
        results.append(JOBS[JOB].call(run_id=run.pk))
    return results


def test_the_request_does_not_recalculate_the_job_does(client, make_case, platform_admin,
                                                       django_capture_on_commit_callbacks):
    case = make_case(D(2026, 11, 20), now=D(2026, 11, 27))
    before = case.due_on
    client.force_login(platform_admin)
    holiday = before - dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff:calendar_day", kwargs={"year": holiday.year}),
                               {"date": holiday.isoformat(), "kind": "holiday", "name": "演示调休"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.due_on == before  # the request only enqueued the work
    assert not ApplicationEvent.objects.filter(verb="due_date_recalculated").exists()
    run = JobRun.objects.get(name=JOB)
    assert run.kwargs["change"]["actor_label"] == platform_admin.username
    assert run.kwargs["change"]["dates"] == [holiday.isoformat()]

    [result] = run_jobs()
    assert result["moved"]["applications"] == 1
    assert set(result["moved"].values()) <= {0, 1}  # the other owners had nothing to move
    case.refresh_from_db()
    assert case.due_on > before
    event = ApplicationEvent.objects.get(application=case, verb="due_date_recalculated")
    assert event.old_due_on == before and event.new_due_on == case.due_on
    # Which change, by whom: the history entry says both.
    assert f"{holiday.isoformat()}设为休息日(演示调休)" in event.comment
    assert f"由{platform_admin.username}" in event.comment
    assert event.details["changed_by"] == platform_admin.username
    assert event.details["audit_seq"] == run.kwargs["change"]["audit_seq"]
    # The job is done once: running it again moves nothing and adds no event.
    assert run_jobs() == []


def test_immediate_tasks_run_the_job_after_commit(make_case, platform_admin, settings,
                                                  django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    case = make_case(D(2026, 12, 10), now=D(2026, 12, 10))
    assert case.due_on_provisional  # runs into 2027, which has no schedule yet
    with django_capture_on_commit_callbacks(execute=True):
        calendar_import(actor=platform_admin, filename="2027.csv",
                        data="date,kind,name\n2027-01-01,holiday,元旦\n".encode())
    case.refresh_from_db()
    assert case.due_on == D(2027, 1, 8) and not case.due_on_provisional
    event = ApplicationEvent.objects.get(application=case, verb="due_date_recalculated")
    assert "导入2027.csv" in event.comment and platform_admin.username in event.comment
    assert JobRun.objects.get(name=JOB).status == "succeeded"


def test_declaring_a_year_confirms_provisional_dates(make_case, platform_admin,
                                                    django_capture_on_commit_callbacks):
    case = make_case(D(2026, 12, 21), now=D(2026, 12, 21))
    assert case.due_on_provisional
    with django_capture_on_commit_callbacks(execute=True):
        calendar_year_declare(actor=platform_admin, year=2027, source="国办发明电(测试)")
    run_jobs()
    case.refresh_from_db()
    assert not case.due_on_provisional
    event = ApplicationEvent.objects.get(application=case, verb="due_date_recalculated")
    assert "已确定" in event.comment and "2027年节假日安排已公布" in event.comment


def test_every_registered_owner_is_called_with_the_change(platform_admin,
                                                         django_capture_on_commit_callbacks):
    seen = []

    def owner(change, clock):
        seen.append((change.verb, change.dates, change.actor_label,
                     clock.add(D(2023, 3, 6), 5, clock_unit()).at))
        return 0

    deadlines.register_deadline_owner("test-owner", owner)
    try:
        from gongkai.workdays.services import calendar_day_set

        with django_capture_on_commit_callbacks(execute=True):
            calendar_day_set(actor=platform_admin, date=D(2023, 3, 8), is_working_day=False)
        results = run_jobs()
    finally:
        deadlines.unregister_deadline_owner("test-owner")
    [result] = results
    assert result["moved"]["test-owner"] == 0 and result["moved"]["applications"] == 0
    assert set(result["moved"]) == set(deadlines.deadline_owners()) | {"test-owner"}
    # The owner counts over a snapshot taken after the change: 8 Mar is now a holiday.
    assert seen == [("calendar.day_set", (D(2023, 3, 8),), platform_admin.username, D(2023, 3, 14))]


def clock_unit():
    from gongkai.workdays.clock import Unit

    return Unit.WORKING_DAYS


def test_a_failing_owner_does_not_stop_the_others(make_case, platform_admin,
                                                  django_capture_on_commit_callbacks):
    from gongkai.workdays.services import calendar_day_set

    case = make_case(D(2026, 11, 20), now=D(2026, 11, 27))
    before = case.due_on

    def broken(change, clock):
        raise ValueError("owner bug")

    deadlines.register_deadline_owner("aaa-broken", broken)  # sorts before applications
    try:
        with django_capture_on_commit_callbacks(execute=True):
            calendar_day_set(actor=platform_admin, date=before - dt.timedelta(days=1),
                             is_working_day=False)
        run = JobRun.objects.get(name=JOB)
        with pytest.raises(RuntimeError, match="aaa-broken"):
            JOBS[JOB].call(run_id=run.pk)
    finally:
        deadlines.unregister_deadline_owner("aaa-broken")
    case.refresh_from_db()
    assert case.due_on > before  # applications ran all the same
    run.refresh_from_db()
    assert run.status == "failed" and "aaa-broken" in run.error
