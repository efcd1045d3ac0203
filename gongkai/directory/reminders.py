"""Licence-expiry reminders (证照到期提醒): the daily job's work.

Each licence's expiry and each yearly assessment deadline is reminded at the thresholds of
``limits.reminder_thresholds()`` (90, 30 and 7 days by default): the holder by e-mail when
they consented to it, the staff through the workspace's "today" panel and the licence
page. A ``LicenceReminder`` row per (entry, deadline, threshold) is written before the
message leaves, under a unique constraint: running the job again, or twice at once, sends
nothing new. When the job first meets a deadline already inside a smaller threshold (an
entry registered 30 days before expiry), only that threshold's reminder goes out — never a
burst of the missed larger ones.

Messages leave through ``_deliver`` alone, which hands them to the platform's one
notification service (``gongkai.notifications``): its log and retries are the same as for
every other message, and its event key is the reminder row, so a holder is never told twice.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.core.links import absolute_url
from gongkai.directory import limits, selectors
from gongkai.directory.models import Entity, LicenceReminder, ReminderKind

log = logging.getLogger(__name__)


def _deliver(*, to: str, subject: str, body: str, event_key: str) -> None:
    """Hand one e-mail to the notification service (sent after the transaction commits;
    a mail server that is down is retried there, and the reminder row keeps this job from
    writing it again)."""
    from gongkai.notifications.services import notify

    if to:
        notify(kind="directory.licence_reminder", event_key=event_key, email=to,
               context={"subject": subject, "body": body}, channels=["email"])


def renewal_guide_url(entity: Entity) -> str:
    """The service guide that explains the renewal (a service item of the entry's agency
    found by ``limits.RENEWAL_GUIDE_KEYWORDS``), else the entry's directory page."""
    from gongkai.services.selectors import public_items

    keyword = limits.RENEWAL_GUIDE_KEYWORDS.get(entity.kind, "")
    item = public_items(agency_id=entity.agency_id, q=keyword).first() if keyword else None
    slug = entity.agency.slug
    if item is not None:
        path = reverse("services:guide", kwargs={"agency": slug, "code": item.code})
    elif entity.is_listed:
        path = reverse("directory:entity", kwargs={"agency": slug, "pk": entity.pk})
    else:
        path = reverse("directory:index", kwargs={"agency": slug})
    return absolute_url(path)


def threshold_for(days_left: int) -> int | None:
    """The smallest threshold a deadline ``days_left`` away has reached (None: too far)."""
    reached = [t for t in limits.reminder_thresholds() if days_left <= t]
    return min(reached) if reached else None


def reminder_text(deadline: selectors.LicenceDeadline) -> tuple[str, str]:
    """Subject and body of the holder's reminder."""
    e = deadline.entity
    if deadline.kind == ReminderKind.EXPIRY:
        subject = f"执业证到期提醒：{e.name}（{deadline.due_on:%Y-%m-%d}到期）"
        what = (f"您的{e.get_kind_display()}执业（许可）证（证号 {e.licence_number}）"
                f"将于{deadline.due_on:%Y年%m月%d日}到期，还有{deadline.days_left}天。\n"
                f"依照{limits.RENEWAL_ARTICLE}，需要延续有效期的，应当在有效期届满"
                f"{limits.RENEWAL_NOTICE_DAYS}日前（即{deadline.renew_by:%Y年%m月%d日}前）"
                "向作出许可决定的机关提出申请。")
    else:
        subject = f"年度考核提醒：{e.name}（{deadline.due_on:%Y-%m-%d}前）"
        what = (f"{e.name}的年度考核（年度检查）应在{deadline.due_on:%Y年%m月%d日}前完成，"
                f"还有{deadline.days_left}天。请按时提交考核材料。")
    body = (f"{e.name}：\n\n{what}\n\n办事指南：{renewal_guide_url(e)}\n\n"
            f"{e.agency.name}\n（您同意接收到期提醒；如不再需要，请联系{e.agency.name}。）")
    return subject, body


def licence_reminders_send(*, today: dt.date | None = None) -> dict[str, int]:
    """Write and send the reminders due today; each (entry, deadline, threshold) once."""
    today = today or timezone.localdate()
    horizon = max(limits.reminder_thresholds())
    written = emailed = 0
    for deadline in selectors.licence_deadlines(agency_ids=None, today=today,
                                                due_within=horizon, state="due"):
        threshold = threshold_for(deadline.days_left)
        if threshold is None:
            continue
        e = deadline.entity
        consent = bool(e.reminder_consent_at and e.reminder_email)
        try:
            with transaction.atomic():
                reminder = LicenceReminder.objects.create(
                    entity=e, kind=deadline.kind, due_on=deadline.due_on,
                    threshold_days=threshold, days_left=deadline.days_left,
                    emailed_to_holder=consent)
                if consent:
                    subject, body = reminder_text(deadline)
                    _deliver(to=e.reminder_email, subject=subject, body=body,
                             event_key=f"directory.licence_reminder:{reminder.pk}")
        except IntegrityError:
            continue  # reminded already (this threshold of this deadline)
        written += 1
        emailed += int(consent)
    return {"reminders": written, "emailed": emailed}
