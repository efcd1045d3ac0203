"""Crash durability (issue 8, part 5), small scale: 4 clients submit 64 applications (API
with an Idempotency-Key, and the HTML form with its hidden key) while gunicorn and the
task worker are SIGKILLed at seeded moments and restarted. Every acknowledged submission
is stored exactly once, every queued job completes (a job whose worker was killed is
requeued by gongkai.jobs.recovery), the audit chain verifies and SQLite's integrity check
passes. The larger run is bench/crash.py; the driver is tests/durability/crash.py.
"""

import pytest

from tests import live
from tests.durability import crash

pytestmark = pytest.mark.live


def test_acknowledged_submissions_and_queued_jobs_survive_sigkill(tmp_path):
    with live.live_database() as database_url:
        report = crash.run(work=tmp_path, database_url=database_url, clients=4,
                           submissions=64, kills=4, seed=8, drain_timeout=75, log=print)
    print("\n".join(report.lines()))
    assert report.web_kills == 2 and report.worker_kills == 2
    assert not report.unacknowledged, f"never acknowledged: {report.unacknowledged}"
    assert not report.client_errors, f"4xx answers: {report.client_errors}"
    assert not report.lost, f"acknowledged but not stored: {report.lost}"
    assert not report.duplicated, f"stored more than once: {report.duplicated}"
    assert not report.wrong_case, f"stored under another case: {report.wrong_case}"
    assert not report.replay_mismatch, f"a replay gave another case: {report.replay_mismatch}"
    assert report.acknowledged == report.stored == report.made
    assert report.codes_missing == 0, "a replay answered without the access code"
    assert set(report.tasks) == {"SUCCESSFUL"}, f"tasks not completed: {report.tasks}"
    assert set(report.runs) == {"succeeded"}, f"job runs not completed: {report.runs}"
    assert report.tasks_completed >= report.made  # one acknowledgement letter per case
    assert report.cases_without_acknowledgement == 0, report.notices
    assert report.audit_ok, report.audit
    if database_url is None:
        assert report.integrity == "ok" and report.journal_mode == "wal"
