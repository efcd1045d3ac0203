"""Daily reminders: handling limits coming up or passed, and replies waiting to be
published (20 working days). A ``ProposalReminder`` row per proposal, kind and day makes a
second run on the same day send nothing."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.jobs.registry import job, periodic

log = logging.getLogger("gongkai.proposals")

SUBJECTS = {
    "due_soon": "建议提案即将到期：{proposal}（办理期限{due}）",
    "overdue": "建议提案办理已超期：{proposal}（办理期限{due}）",
    "publication_due": "建议提案答复待公开：{proposal}（公开期限{due}）",
    "publication_overdue": "建议提案答复公开已超期：{proposal}（公开期限{due}）",
}


def _recipients(agency: Any) -> list[str]:
    from gongkai.core.models import Membership
    from gongkai.proposals.policies import HANDLE_ROLES

    emails = {agency.email} if agency.email else set()
    emails |= set(Membership.objects.filter(agency=agency, role__in=HANDLE_ROLES)
                  .exclude(user__email="").values_list("user__email", flat=True))
    return sorted(e for e in emails if e)


def _remind(proposal: Any, kind: str, due: Any, today: dt.date) -> bool:
    from gongkai.proposals.models import ProposalReminder

    recipients = _recipients(proposal.agency)
    try:
        with transaction.atomic():
            ProposalReminder.objects.create(proposal=proposal, kind=kind, sent_on=today,
                                            due_on=due, recipients=recipients)
    except IntegrityError:
        return False
    if recipients:
        subject = SUBJECTS[kind].format(proposal=proposal, due=due)
        try:
            send_mail(subject, f"{proposal}\n{proposal.subject}\n期限：{due}\n今天：{today}",
                      settings.DEFAULT_FROM_EMAIL, recipients)
        except Exception:  # the row stays: the reminder shows on the staff page
            log.exception("reminder mail for proposal %s failed", proposal.pk)
    return True


def send_reminders(today: dt.date | None = None) -> dict[str, int]:
    from gongkai.proposals import limits
    from gongkai.proposals.models import Proposal, ProposalReply
    from gongkai.proposals.workflow import OPEN_STATES
    from gongkai.workdays.calendar import add_working_days

    today = today or timezone.localdate()
    soon = today + dt.timedelta(days=limits.reminder_days())
    counts = {"due_soon": 0, "overdue": 0, "publication_due": 0, "publication_overdue": 0}
    running = Proposal.objects.filter(status__in=OPEN_STATES, due_on__isnull=False) \
        .select_related("agency")
    for proposal in running.filter(due_on__gte=today, due_on__lte=soon):
        counts["due_soon"] += _remind(proposal, "due_soon", proposal.due_on, today)
    for proposal in running.filter(due_on__lt=today):
        counts["overdue"] += _remind(proposal, "overdue", proposal.due_on, today)
    window = add_working_days(today, 3).date
    waiting = ProposalReply.objects.filter(published_on__isnull=True) \
        .select_related("proposal", "proposal__agency")
    for reply in waiting.filter(publish_by__gte=today, publish_by__lte=window):
        counts["publication_due"] += _remind(reply.proposal, "publication_due", reply.publish_by,
                                             today)
    for reply in waiting.filter(publish_by__lt=today):
        counts["publication_overdue"] += _remind(reply.proposal, "publication_overdue",
                                                 reply.publish_by, today)
    return counts


@periodic("proposals.reminders", at="07:40")
@job("proposals.reminders")
def reminders_job() -> dict:
    return send_reminders()
