"""Work interrupted by a crash is queued again (gongkai.jobs.recovery): a worker killed in
the middle of a job, a task claimed but never started, a run whose task was never written."""

import datetime as dt
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gongkai.jobs.models import JobRun, JobStatus
from gongkai.jobs.recovery import GRACE, LEASE, recover_orphans, worker_token
from gongkai.jobs.registry import job, job_enqueue, scheduler_tick

CALLS: list[str] = []


@job("test.recoverable")
def recoverable(label: str) -> dict:
    CALLS.append(label)
    return {"label": label}


@pytest.fixture(autouse=True)
def _reset():
    CALLS.clear()


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")


def dead_worker() -> str:
    """The token of a worker process that has exited."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    host = worker_token().split(":")[0]
    return f"{host}:{proc.pid}:1"


def claimed(run: JobRun, *, worker: str | None, started: dt.datetime | None = None):
    """The state a worker leaves when it is killed: the task claimed (RUNNING) and, if it
    got that far, the run RUNNING under its process."""
    task = DBTaskResult.objects.get(args_kwargs__kwargs__run_id=run.pk)
    task.claim("killed-worker")
    if worker is not None:
        JobRun.objects.filter(pk=run.pk).update(status=JobStatus.RUNNING, attempts=1,
                                                worker=worker,
                                                started_at=started or timezone.now())
    return task


def later(delta: dt.timedelta) -> dt.datetime:
    return timezone.now() + delta + dt.timedelta(seconds=1)


@pytest.mark.django_db(transaction=True)
def test_job_of_a_killed_worker_is_requeued_and_completes():
    run = job_enqueue("test.recoverable", key="a", label="a")
    task = claimed(run, worker=dead_worker())
    run_worker()  # django-tasks-db alone never picks a RUNNING task again
    task.refresh_from_db()
    assert task.status == "RUNNING" and CALLS == []
    lines = scheduler_tick()
    assert any("requeued test.recoverable [a]" in line and "is gone" in line for line in lines)
    run_worker()
    run.refresh_from_db()
    task.refresh_from_db()
    assert run.status == JobStatus.SUCCEEDED and run.attempts == 2 and CALLS == ["a"]
    assert task.status == "SUCCESSFUL" and task.worker_ids[0] == "killed-worker"
    assert recover_orphans(later(LEASE)) == []


@pytest.mark.django_db(transaction=True)
def test_live_worker_is_left_alone_but_a_reused_pid_is_not():
    run = job_enqueue("test.recoverable", key="b", label="b")
    claimed(run, worker=worker_token())  # this very process: alive
    assert recover_orphans(later(GRACE)) == []
    host, pid, _start = worker_token().split(":")
    JobRun.objects.filter(pk=run.pk).update(worker=f"{host}:{pid}:0")  # same pid, other process
    assert len(recover_orphans()) == 1
    assert JobRun.objects.get(pk=run.pk).status == JobStatus.ENQUEUED


@pytest.mark.django_db(transaction=True)
def test_worker_on_another_host_holds_its_job_for_the_lease():
    run = job_enqueue("test.recoverable", key="c", label="c")
    task = claimed(run, worker="elsewhere:4242:77")
    assert recover_orphans(later(GRACE)) == []
    assert len(recover_orphans(later(LEASE))) == 1
    task.refresh_from_db()
    assert task.status == "READY"


@pytest.mark.django_db(transaction=True)
def test_task_claimed_but_never_started_is_requeued_after_the_grace():
    run = job_enqueue("test.recoverable", key="d", label="d")
    task = claimed(run, worker=None)  # killed between the claim and the job's first commit
    assert recover_orphans() == []  # a live worker may still be about to start it
    assert any("never started" in line for line in recover_orphans(later(GRACE)))
    run_worker()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and CALLS == ["d"]


@pytest.mark.django_db(transaction=True)
def test_run_without_a_task_is_sent_again():
    # The web process died after the run committed and before its task was written.
    run = JobRun.objects.create(name="test.recoverable", key="e", kwargs={"label": "e"})
    assert recover_orphans() == []
    assert any("sent test.recoverable [e] again" in line
               for line in recover_orphans(later(GRACE)))
    assert recover_orphans(later(GRACE)) == []  # once
    run_worker()
    run.refresh_from_db()
    assert run.status == JobStatus.SUCCEEDED and CALLS == ["e"]


@pytest.mark.django_db(transaction=True)
def test_task_left_running_after_its_job_finished_is_closed_without_running_again():
    run = job_enqueue("test.recoverable", key="f", label="f")
    task = claimed(run, worker=dead_worker())
    JobRun.objects.filter(pk=run.pk).update(status=JobStatus.SUCCEEDED, result={"label": "f"},
                                            finished_at=timezone.now())
    assert any("closed" in line for line in recover_orphans(later(GRACE)))
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and task.return_value == {"label": "f"}
    assert CALLS == []
