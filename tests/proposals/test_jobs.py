"""Daily reminders with the time machine: before the handling limit, after it, and for
replies waiting to be published; a second run the same day sends nothing."""

import datetime as dt

import pytest
from django.core import mail

from gongkai.proposals import jobs, services
from gongkai.proposals.models import ProposalReminder
from tests.proposals.factories import register

D = dt.date
pytestmark = pytest.mark.django_db


def assigned(agency, officer, lead, on):
    proposal = register(agency, officer, on=on)
    return services.proposal_assign(actor=officer, proposal=proposal, lead_department=lead,
                                    assigned_on=on)


def test_handling_reminders_across_a_month_end(agency, officer, lead, at):
    officer.email = "officer@example.org"
    officer.save()
    proposal = assigned(agency, officer, lead, D(2020, 11, 30))
    assert proposal.due_on == D(2021, 2, 28)
    with at(D(2021, 2, 13)):
        assert jobs.send_reminders()["due_soon"] == 0  # 15 days before: not yet
    with at(D(2021, 2, 14)):
        assert jobs.send_reminders()["due_soon"] == 1
        assert jobs.send_reminders()["due_soon"] == 0  # once a day
    assert "officer@example.org" in mail.outbox[0].to
    assert "2021-02-28" in mail.outbox[0].subject
    with at(D(2021, 2, 28)):
        assert jobs.send_reminders() == {"due_soon": 1, "overdue": 0, "publication_due": 0,
                                         "publication_overdue": 0}
    with at(D(2021, 3, 1)):
        assert jobs.send_reminders()["overdue"] == 1
    kinds = list(ProposalReminder.objects.order_by("sent_on").values_list("kind", "sent_on"))
    assert kinds == [("due_soon", D(2021, 2, 14)), ("due_soon", D(2021, 2, 28)),
                     ("overdue", D(2021, 3, 1))]


def test_publication_reminders_across_national_day(agency, officer, lead, at):
    proposal = assigned(agency, officer, lead, D(2020, 7, 1))
    reply = services.proposal_reply(actor=officer, proposal=proposal, outcome="A",
                                    text="已解决。", replied_on=D(2020, 9, 25))
    assert reply.publish_by == D(2020, 10, 29)
    with at(D(2020, 10, 23)):  # 4 working days before: outside the 3-day window
        assert jobs.send_reminders()["publication_due"] == 0
    with at(D(2020, 10, 26)):
        assert jobs.send_reminders()["publication_due"] == 1
    with at(D(2020, 10, 30)):
        assert jobs.send_reminders()["publication_overdue"] == 1
    services.reply_publish(actor=officer, reply=reply, today=D(2020, 10, 30))
    with at(D(2020, 11, 2)):
        assert jobs.send_reminders()["publication_overdue"] == 0


def test_closed_and_replied_cases_get_no_handling_reminder(agency, officer, lead, at):
    proposal = assigned(agency, officer, lead, D(2020, 1, 10))
    services.proposal_reply(actor=officer, proposal=proposal, outcome="D", text="留作参考。",
                            replied_on=D(2020, 4, 1))
    with at(D(2020, 4, 11)):
        counts = jobs.send_reminders()
    assert counts["due_soon"] == counts["overdue"] == 0


def test_the_job_is_declared_periodic():
    from gongkai.jobs.registry import JOBS, PERIODIC

    assert "proposals.reminders" in JOBS
    assert any(p.name == "proposals.reminders" for p in PERIODIC)
