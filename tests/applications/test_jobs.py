"""Reminders, escalation, deemed withdrawals, retention and letter rendering."""

import datetime as dt

import pytest
from django.core import mail

from gongkai.applications import jobs, services
from gongkai.applications.models import Notice, Reminder
from tests.applications.conftest import person

D = dt.date
pytestmark = pytest.mark.django_db


def test_reminders_and_escalation_once_a_day(make_case, officer, agency, at):
    officer.email = "officer@example.org"
    officer.save()
    agency.email = "office@example.gov.cn"
    agency.save()
    soon = make_case(D(2024, 3, 5))  # due 2024-04-02
    late = make_case(D(2024, 2, 1), description="逾期的")  # due 2024-03-07
    make_case(D(2024, 3, 29), description="刚收到的")
    with at(D(2024, 3, 29)):
        services.assign(actor=officer, application=soon, assignee=officer)
    counts = jobs.send_reminders(today=D(2024, 3, 29))
    assert counts["due_soon"] == 1 and counts["overdue"] == 1
    kinds = dict(Reminder.objects.values_list("application_id", "kind"))
    assert kinds[soon.pk] == "due_soon" and kinds[late.pk] == "overdue"
    assert any("逾期" in m.subject and late.case_number in m.subject for m in mail.outbox)
    assert Reminder.objects.get(application=soon).recipients == [
        "office@example.gov.cn", "officer@example.org"]
    assert Reminder.objects.get(application=late).recipients == ["office@example.gov.cn",
                                                                 "officer@example.org"]
    sent = len(mail.outbox)
    assert jobs.send_reminders(today=D(2024, 3, 29))["overdue"] == 0  # same day: nothing
    assert len(mail.outbox) == sent
    assert jobs.send_reminders(today=D(2024, 4, 1))["overdue"] == 1  # escalated daily


def test_correction_window_reminder(make_case):
    case = make_case(D(2024, 9, 27))
    assert jobs.send_reminders(today=D(2024, 10, 10))["correction_window"] == 1
    assert Reminder.objects.get(application=case).kind == "correction_window"


def test_deem_withdrawals_only_when_enabled(make_case, officer, settings, at):
    case = make_case(D(2024, 3, 1))
    with at(D(2024, 3, 4)):
        correction = services.request_correction(actor=officer, application=case,
                                                 what_to_correct="x")
    later = correction.reply_by + dt.timedelta(days=3)
    with at(later):
        assert jobs.deem_withdrawals(today=later) == {"corrections": 0, "fees": 0}
        settings.GONGKAI_APPLICATIONS_AUTO_DEEM_WITHDRAWN = True
        assert jobs.deem_withdrawals(today=later)["corrections"] == 1
    case.refresh_from_db()
    assert case.reply_type_reason == "no_correction"


def test_render_job_uses_letters_and_emails(make_case, monkeypatch, django_capture_on_commit_callbacks):
    from gongkai.applications import letters

    case = make_case(D(2024, 3, 1))
    notice = Notice.objects.get(application=case)
    monkeypatch.setattr(letters, "render_notice_html", lambda n: f"<h1>{n.kind}</h1>")
    monkeypatch.setattr(letters, "render_notice_pdf", lambda n: b"%PDF-1.7 test")
    assert jobs.render_notice(notice.pk)["status"] == "sent"
    notice.refresh_from_db()
    assert notice.html == "<h1>acknowledgement</h1>" and notice.sent_at is not None
    assert notice.pdf.read() == b"%PDF-1.7 test"
    assert mail.outbox[-1].to == ["zhangsan@example.com"]
    assert mail.outbox[-1].attachments[0][0].endswith(".pdf")


def test_render_failure_marks_notice_failed(make_case, monkeypatch):
    from gongkai.applications import letters

    case = make_case(D(2024, 3, 1))
    notice = Notice.objects.get(application=case)

    def broken(n):
        raise RuntimeError("template error")

    monkeypatch.setattr(letters, "render_notice_html", broken)
    with pytest.raises(RuntimeError):
        jobs.render_notice(notice.pk)
    notice.refresh_from_db()
    assert notice.status == "failed" and "template error" in notice.error


def test_notice_job_enqueued_on_commit(agency, officer, django_capture_on_commit_callbacks, at):
    from gongkai.jobs.models import JobRun

    with at(D(2024, 3, 1)), django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.register(actor=officer, agency=agency, channel="post",
                          received_on=D(2024, 3, 1), **person())
    assert callbacks  # enqueued only after commit
    run = JobRun.objects.get(name="applications.render_notice")
    assert run.kwargs == {"notice_id": Notice.objects.get().pk}
    assert run.task_result_id  # the task backend accepted it (the module path resolves)


def test_retention_and_export_commands(make_case, officer, settings, at):
    import io
    import json

    from django.core.management import call_command
    from django.core.management.base import CommandError

    case = make_case(D(2020, 4, 23))
    with at(D(2020, 5, 6)):
        services.reply(actor=officer, application=case, reply_type="unavailable",
                       reply_type_reason="not_held")
    out = io.StringIO()
    call_command("applications_export_applicant", case.case_number, "--agency", "002420455M",
                 "--as", officer.username, stdout=out)
    assert json.loads(out.getvalue())["id_number"] == "11010519491231002X"
    with pytest.raises(CommandError):
        call_command("applications_export_applicant", case.case_number, "--agency",
                     "00242XH01A", "--as", officer.username)
    settings.GONGKAI_APPLICATIONS_RETENTION_DAYS = 30
    out = io.StringIO()
    call_command("applications_retention", "--dry-run", "--today", "2020-07-01", stdout=out)
    assert "would anonymise 1" in out.getvalue()
    case.refresh_from_db()
    assert case.anonymised_at is None
    call_command("applications_retention", "--today", "2020-07-01", stdout=io.StringIO())
    case.refresh_from_db()
    assert case.anonymised_at is not None and case.id_number == ""
