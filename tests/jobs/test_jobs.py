import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command

from gongkai.jobs import registry
from gongkai.jobs.models import JobRun, JobStatus
from gongkai.jobs.registry import job, job_enqueue, job_retry, scheduler_tick

CALLS: list[int] = []
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@job("test.flaky")
def flaky(fail_times: int) -> dict:
    CALLS.append(1)
    if len(CALLS) <= fail_times:
        raise ValueError("temporary failure")
    return {"calls": len(CALLS)}


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")


@pytest.fixture(autouse=True)
def _reset():
    CALLS.clear()


@pytest.mark.django_db(transaction=True)
def test_enqueue_is_idempotent_per_key_and_runs_once():
    first = job_enqueue("test.flaky", key="2026-01-01", fail_times=0)
    assert first is not None
    assert job_enqueue("test.flaky", key="2026-01-01", fail_times=0) is None
    run_worker()
    run = JobRun.objects.get()
    assert run.status == JobStatus.SUCCEEDED and run.attempts == 1
    assert run.result == {"calls": 1}
    assert len(CALLS) == 1


@pytest.mark.django_db(transaction=True)
def test_failed_job_is_logged_and_retried_by_scheduler(settings):
    settings.GONGKAI_JOB_MAX_ATTEMPTS = 3
    job_enqueue("test.flaky", key="k", fail_times=1)
    run_worker()
    run = JobRun.objects.get()
    assert run.status == JobStatus.FAILED
    assert "temporary failure" in run.error
    assert run.next_retry_at is not None
    # Not yet due: the scheduler leaves it alone.
    assert scheduler_tick() == [] or all("retried" not in line for line in scheduler_tick())
    with time_machine.travel(run.next_retry_at + dt.timedelta(seconds=1)):
        assert any("retried test.flaky" in line for line in scheduler_tick())
    run_worker()
    run.refresh_from_db()
    assert run.status == JobStatus.SUCCEEDED and run.attempts == 2 and run.error == ""


@pytest.mark.django_db(transaction=True)
def test_retry_stops_at_max_attempts_but_staff_can_force(settings):
    settings.GONGKAI_JOB_MAX_ATTEMPTS = 1
    job_enqueue("test.flaky", key="k", fail_times=5)
    run_worker()
    run = JobRun.objects.get()
    assert job_retry(run) is False
    assert job_retry(run, force=True) is True
    run_worker()
    run.refresh_from_db()
    assert run.attempts == 2 and run.status == JobStatus.FAILED


@pytest.mark.django_db(transaction=True)
def test_scheduler_enqueues_daily_jobs_once_after_their_time():
    morning = dt.datetime(2026, 3, 2, 1, 0, tzinfo=SHANGHAI)
    with time_machine.travel(morning, tick=False):
        assert not any("audit.verify" in line for line in scheduler_tick())
    night = dt.datetime(2026, 3, 2, 3, 0, tzinfo=SHANGHAI)
    with time_machine.travel(night, tick=False):
        assert any("enqueued audit.verify" in line for line in scheduler_tick())
        assert not any("audit.verify" in line for line in scheduler_tick())
    run_worker()
    run = JobRun.objects.get(name="audit.verify")
    assert run.key == "2026-03-02" and run.status == JobStatus.SUCCEEDED
    assert "checked" in run.result


@pytest.mark.django_db
def test_staff_jobs_page_shows_failures_first_with_retry(client, platform_admin, editor):
    JobRun.objects.create(name="test.flaky", key="a", status=JobStatus.SUCCEEDED)
    failed = JobRun.objects.create(name="test.flaky", key="b", status=JobStatus.FAILED,
                                   error="boom")
    client.force_login(platform_admin)
    page = client.get("/staff/jobs/").content.decode()
    assert page.index(">b<") < page.index(">a<")
    assert f"/staff/jobs/{failed.pk}/retry/" in page
    client.force_login(editor)
    assert client.get("/staff/jobs/").status_code == 403


def test_periodic_registry_has_the_audit_check():
    assert "audit.verify" in {p.name for p in registry.PERIODIC}
