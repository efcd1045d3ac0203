"""Writes: registering, assigning, extending, answering, feedback, redo, closing and
publishing suggestions and proposals.

Each step asks the policy, checks the state against ``workflow``, changes the rows in one
transaction, appends to the proposal's history and the audit trail, and stores the due date
the step starts (``limits``). A reply is published only through the catalogue's
publication contract (``publish_external``): scanned, versioned, indexed, logged and signed
like every record; contact details are taken out first (国办发〔2014〕46号).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.intake import next_serial
from gongkai.core.models import Agency, Department
from gongkai.core.policies import PermissionDeniedError
from gongkai.proposals import limits
from gongkai.proposals.models import (
    Outcome,
    Proposal,
    ProposalEvent,
    ProposalKind,
    ProposalReply,
    ProposalStatus,
    PublishMode,
    Satisfaction,
)
from gongkai.proposals.policies import ProposalPolicy
from gongkai.proposals.workflow import InvalidTransition, check_action
from gongkai.workdays.clock import Clock
from gongkai.workdays.deadlines import CalendarChange

SERIAL_KIND = "proposal"
CONTACT_REMOVED = "（联系方式已删除）"
# Whole lines naming a contact (联系人：… 联系电话：…) go; numbers and addresses elsewhere
# are found by the catalogue's scan and replaced.
_CONTACT_LINE = re.compile(r"^\s*(联系人|联系电话|联系方式|联系地址|电子邮箱|手机|电话)\s*[:：].*$",
                           re.MULTILINE)
_CONTACT_KINDS = ("mobile", "landline", "email")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError


def _today(value: dt.date | None) -> dt.date:
    return value or timezone.localdate()


def _not_future(field: str, value: dt.date, label: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: [f"{label}不能晚于今天。"]})


def _locked(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().select_related("agency").get(pk=proposal.pk)


def _event(proposal: Proposal, verb: str, actor: Any, *, from_status: str, comment: str = "",
           details: dict[str, Any] | None = None) -> None:
    event = ProposalEvent.objects.create(
        proposal=proposal, verb=verb, actor=actor if getattr(actor, "pk", None) else None,
        from_status=from_status, to_status=proposal.status, comment=comment,
        details=details or {})
    audit_record(actor=actor, verb=f"proposals.{verb}", obj=proposal, agency=proposal.agency_id,
                 details={"from": from_status, "to": proposal.status, **(details or {})})
    if from_status and from_status != proposal.status:
        _notify_owner(proposal, event, actor)


def _notify_owner(proposal: Proposal, event: ProposalEvent, actor: Any) -> None:
    """办件进度提醒: the person who registered the proposal (its owner in the office) hears
    of each step someone else takes, through the one notification service (inbox and/or
    e-mail, as they chose). Deputies have no account here; their reply is the letter."""
    from django.urls import reverse

    from gongkai.notifications.services import notify

    first = proposal.events.filter(verb="register").exclude(actor=None).first()
    owner = first.actor if first is not None else None
    if owner is None or owner.pk == getattr(actor, "pk", None):
        return
    notify(kind="proposal.status", event_key=f"proposal:{proposal.pk}:{event.pk}", user=owner,
           url=reverse("staff:proposals_detail", kwargs={"pk": proposal.pk}),
           context={"number": proposal.reference, "status": proposal.get_status_display(),
                    "note": proposal.subject})


def _department(agency_id: int, department: Department | None, field: str) -> None:
    if department is not None and department.agency_id != agency_id:
        raise ValidationError({field: ["处室不属于该机构。"]})


def proposal_register(*, actor: Any, agency: Agency, kind: str, number: str, session: str,
                      proposers: str, subject: str, text: str = "",
                      registered_on: dt.date | None = None) -> Proposal:
    """Register a suggestion or proposal handed to the agency (登记)."""
    _require(actor is None or ProposalPolicy.can_register(actor, agency))
    registered_on = _today(registered_on)
    errors: dict[str, list[str]] = {}
    if kind not in ProposalKind.values:
        errors["kind"] = ["请选择类别（人大代表建议或政协委员提案）。"]
    for field, value, label in (("number", number, "编号"), ("session", session, "会议届次"),
                                ("proposers", proposers, "代表委员"), ("subject", subject, "标题")):
        if not (value or "").strip():
            errors[field] = [f"请填写{label}。"]
    if registered_on > timezone.localdate():
        errors["registered_on"] = ["登记日期不能晚于今天。"]
    if errors:
        raise ValidationError(errors)
    number, session = number.strip(), session.strip()
    with transaction.atomic():
        if Proposal.objects.filter(agency=agency, kind=kind, session=session,
                                   number=number).exists():
            raise ValidationError({"number": [f"{session}第{number}号已经登记。"]})
        proposal = Proposal(agency=agency, kind=kind, year=registered_on.year,
                            serial=next_serial(agency, SERIAL_KIND, registered_on.year),
                            number=number, session=session, proposers=proposers.strip(),
                            subject=subject.strip(), text=text, registered_on=registered_on)
        proposal.full_clean(exclude=["lead_department"])
        proposal.save()
        _event(proposal, "register", actor, from_status="",
               details={"reference": proposal.reference, "kind": kind})
    return proposal


def proposal_assign(*, actor: Any, proposal: Proposal, lead_department: Department,
                    co_departments: Iterable[Department] = (),
                    assigned_on: dt.date | None = None) -> Proposal:
    """Assign to a lead department (主办) and co-handling ones (会办): the 3-month clock
    starts (limits.handling)."""
    _require(actor is None or ProposalPolicy.can_handle(actor, proposal))
    assigned_on = _today(assigned_on)
    co = [d for d in co_departments if d is not None]
    if lead_department is None:
        raise ValidationError({"lead_department": ["请选择主办处室。"]})
    _department(proposal.agency_id, lead_department, "lead_department")
    for department in co:
        _department(proposal.agency_id, department, "co_departments")
    with transaction.atomic():
        proposal = _locked(proposal)
        before = proposal.status
        proposal.status = check_action(before, "assign")
        _not_future("assigned_on", assigned_on, "交办日期")
        if assigned_on < proposal.registered_on:
            raise ValidationError({"assigned_on": ["交办日期不能早于登记日期。"]})
        proposal.lead_department = lead_department
        proposal.assigned_on = assigned_on
        proposal.due_on = limits.handling_due(assigned_on, kind=proposal.kind)
        proposal.save()
        proposal.co_departments.set([d for d in co if d.pk != lead_department.pk])
        _event(proposal, "assign", actor, from_status=before,
               details={"lead_department": lead_department.name,
                        "co_departments": [d.name for d in co],
                        "assigned_on": assigned_on.isoformat(),
                        "due_on": proposal.due_on.isoformat(),
                        "citation": limits.HANDLING_CITATION})
    return proposal


def proposal_extend(*, actor: Any, proposal: Proposal, months: int, reason: str) -> Proposal:
    """An approved extension: the case may take at most 6 months in all."""
    _require(actor is None or ProposalPolicy.can_approve_extension(actor, proposal))
    if not (reason or "").strip():
        raise ValidationError({"reason": ["请说明延期理由。"]})
    with transaction.atomic():
        proposal = _locked(proposal)
        before = proposal.status
        check_action(before, "extend")
        total = proposal.extension_months + int(months)
        allowed = limits.max_extension_months(proposal.kind)
        if int(months) < 1 or total > allowed:
            raise ValidationError({"months": [
                f"延期后办理期限最长不超过{limits.max_months()}个月（已延长{proposal.extension_months}"
                f"个月，最多还可延长{allowed - proposal.extension_months}个月）。"]})
        assert proposal.assigned_on is not None
        proposal.extension_months = total
        proposal.extension_reason = reason.strip()[:300]
        proposal.due_on = limits.handling_due(proposal.assigned_on, extension_months=total,
                                              kind=proposal.kind)
        proposal.save()
        _event(proposal, "extend", actor, from_status=before, comment=reason.strip(),
               details={"months": int(months), "due_on": proposal.due_on.isoformat(),
                        "citation": limits.EXTENSION_CITATION})
    return proposal


def proposal_reply(*, actor: Any, proposal: Proposal, outcome: str, text: str,
                   replied_on: dt.date | None = None, summary: str = "",
                   publish_mode: str = PublishMode.FULL, summary_reason: str = "") -> ProposalReply:
    """Record the answer. Refused without an outcome code (A/B/C/D); the publication limit
    (20 working days, limits.publication) starts."""
    _require(actor is None or ProposalPolicy.can_handle(actor, proposal))
    replied_on = _today(replied_on)
    errors: dict[str, list[str]] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = ["请选择办理结果（A 已解决、B 正在解决、C 以后解决、D 留作参考）。"]
    if not (text or "").strip():
        errors["text"] = ["请填写答复全文。"]
    if publish_mode not in PublishMode.values:
        errors["publish_mode"] = ["请选择公开方式。"]
    elif publish_mode == PublishMode.SUMMARY:
        if not summary.strip():
            errors["summary"] = ["摘要公开须填写答复摘要。"]
        if not summary_reason.strip():
            errors["summary_reason"] = ["摘要公开须说明理由（如涉及国家秘密、商业秘密或个人隐私）。"]
    if replied_on > timezone.localdate():
        errors["replied_on"] = ["答复日期不能晚于今天。"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        proposal = _locked(proposal)
        before = proposal.status
        proposal.status = check_action(before, "reply")
        if before == ProposalStatus.ASSIGNED and proposal.assigned_on and \
                replied_on < proposal.assigned_on:
            raise ValidationError({"replied_on": ["答复日期不能早于交办日期。"]})
        previous = latest_reply(proposal)
        if previous is not None and previous.feedback_on and replied_on < previous.feedback_on:
            raise ValidationError({"replied_on": ["重新办理的答复日期不能早于收到不满意意见之日。"]})
        round_ = proposal.replies.count() + 1
        due = limits.publication_due(replied_on)
        assert proposal.due_on is not None
        reply = ProposalReply.objects.create(
            proposal=proposal, round=round_, due_on=proposal.due_on, replied_on=replied_on,
            outcome=outcome, text=text.strip(), summary=summary.strip(),
            publish_mode=publish_mode, summary_reason=summary_reason.strip()[:300],
            publish_by=due.date, replied_by=actor if getattr(actor, "pk", None) else None)
        proposal.save()
        _event(proposal, "reply", actor, from_status=before,
               details={"round": round_, "outcome": outcome, "replied_on": replied_on.isoformat(),
                        "due_on": reply.due_on.isoformat(), "late": reply.replied_late,
                        "publish_by": reply.publish_by.isoformat(),
                        "publish_by_provisional": due.provisional})
    return reply


def reply_correct(*, actor: Any, reply: ProposalReply, text: str, summary: str = "",
                  publish_mode: str = PublishMode.FULL, summary_reason: str = "") -> ProposalReply:
    """Correct the wording of an answer before it is published (e.g. after the scan refused
    it). The outcome, the dates and the answer's round stay; the old text is kept in the
    history. A published answer is never changed here."""
    proposal = reply.proposal
    _require(actor is None or ProposalPolicy.can_handle(actor, proposal))
    errors: dict[str, list[str]] = {}
    if not (text or "").strip():
        errors["text"] = ["请填写答复全文。"]
    if publish_mode == PublishMode.SUMMARY and not (summary.strip() and summary_reason.strip()):
        errors["summary"] = ["摘要公开须填写答复摘要并说明理由。"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        proposal = _locked(proposal)
        reply = ProposalReply.objects.select_for_update().get(pk=reply.pk)
        if reply.published_on is not None:
            raise InvalidTransition(proposal.status, "publish", "已公开的答复不能修改。")
        old = {"text": reply.text, "summary": reply.summary, "publish_mode": reply.publish_mode}
        reply.text, reply.summary = text.strip(), summary.strip()
        reply.publish_mode, reply.summary_reason = publish_mode, summary_reason.strip()[:300]
        reply.save(update_fields=["text", "summary", "publish_mode", "summary_reason"])
        ProposalEvent.objects.create(
            proposal=proposal, verb="reply_correct", actor=actor if getattr(actor, "pk", None)
            else None, from_status=proposal.status, to_status=proposal.status,
            details={"round": reply.round, "before": old})
        audit_record(actor=actor, verb="proposals.reply_correct", obj=proposal,
                     agency=proposal.agency_id, details={"round": reply.round})
    return reply


def latest_reply(proposal: Proposal) -> ProposalReply | None:
    return proposal.replies.order_by("-round").first()


def proposal_feedback(*, actor: Any, proposal: Proposal, satisfaction: str,
                      feedback_on: dt.date | None = None) -> Proposal:
    """The proposer's view of the answer. Satisfied (or basically) closes the case;
    dissatisfied with a first answer sends it back for a redo; the redo's answer is final."""
    _require(actor is None or ProposalPolicy.can_handle(actor, proposal))
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": ["请选择代表委员的意见（满意、基本满意、不满意）。"]})
    feedback_on = _today(feedback_on)
    _not_future("feedback_on", feedback_on, "反馈日期")
    with transaction.atomic():
        proposal = _locked(proposal)
        before = proposal.status
        check_action(before, "feedback")
        reply = latest_reply(proposal)
        assert reply is not None
        if feedback_on < reply.replied_on:
            raise ValidationError({"feedback_on": ["反馈日期不能早于答复日期。"]})
        reply.satisfaction, reply.feedback_on = satisfaction, feedback_on
        reply.save(update_fields=["satisfaction", "feedback_on"])
        if satisfaction == Satisfaction.DISSATISFIED and reply.round == 1:
            proposal.status = ProposalStatus.DISSATISFIED
        else:
            proposal.status, proposal.closed_on = ProposalStatus.CLOSED, feedback_on
        proposal.save()
        _event(proposal, "feedback", actor, from_status=before,
               details={"round": reply.round, "satisfaction": satisfaction,
                        "feedback_on": feedback_on.isoformat()})
    return proposal


def proposal_redo(*, actor: Any, proposal: Proposal, started_on: dt.date | None = None) -> Proposal:
    """Handle again: 3 more months from the day the dissatisfaction was received."""
    _require(actor is None or ProposalPolicy.can_handle(actor, proposal))
    with transaction.atomic():
        proposal = _locked(proposal)
        before = proposal.status
        proposal.status = check_action(before, "redo")
        reply = latest_reply(proposal)
        assert reply is not None and reply.feedback_on is not None
        started_on = started_on or reply.feedback_on
        _not_future("started_on", started_on, "重新办理起算日期")
        if started_on < reply.feedback_on:
            raise ValidationError({"started_on": ["重新办理起算日期不能早于反馈日期。"]})
        proposal.due_on = limits.redo_due(started_on)
        proposal.save()
        _event(proposal, "redo", actor, from_status=before,
               details={"started_on": started_on.isoformat(),
                        "due_on": proposal.due_on.isoformat(), "citation": limits.REDO_CITATION})
    return proposal


def proposal_close(*, actor: Any, proposal: Proposal, closed_on: dt.date | None = None,
                   comment: str = "") -> Proposal:
    """Close a replied case without feedback (e.g. the proposer did not answer)."""
    _require(actor is None or ProposalPolicy.can_handle(actor, proposal))
    closed_on = _today(closed_on)
    _not_future("closed_on", closed_on, "办结日期")
    with transaction.atomic():
        proposal = _locked(proposal)
        before = proposal.status
        proposal.status = check_action(before, "close")
        proposal.closed_on = closed_on
        proposal.save()
        _event(proposal, "close", actor, from_status=before, comment=comment,
               details={"closed_on": closed_on.isoformat()})
    return proposal


def public_text(text: str) -> str:
    """The reply as it may go out: contact lines dropped, phone numbers and e-mail
    addresses replaced (国办发〔2014〕46号: 删除联系方式)."""
    from gongkai.catalogue.scan import scan_text

    text = _CONTACT_LINE.sub("", text)
    hits = [h for h in scan_text(text) if h.kind in _CONTACT_KINDS]
    for hit in sorted(hits, key=lambda h: h.start, reverse=True):
        text = text[:hit.start] + CONTACT_REMOVED + text[hit.end:]
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _reply_genre() -> Any:
    from gongkai.catalogue.services import genre_get_or_create

    return genre_get_or_create(code="proposal-reply", name="建议提案答复")


def _topic() -> Any:
    from gongkai.catalogue.services import topic_get_or_create

    return topic_get_or_create(code="general", name="综合政务")


def reply_publish(*, actor: Any, reply: ProposalReply, today: dt.date | None = None) -> ProposalReply:
    """Publish a reply (full text, or the summary where the reply says why) as a catalogue
    record through the publication contract. The scan refuses anything personal that is
    left (``PublicationHeld``, a ValidationError): then nothing is public. Lateness is the
    publication date against ``publish_by``."""
    from gongkai.catalogue import services as catalogue

    proposal = reply.proposal
    _require(actor is None or ProposalPolicy.can_handle(actor, proposal))
    today = _today(today)
    with transaction.atomic():
        proposal = _locked(proposal)
        check_action(proposal.status, "publish")
        reply = ProposalReply.objects.select_for_update().get(pk=reply.pk)
        if reply.published_on is not None:
            raise InvalidTransition(proposal.status, "publish", "该答复已经公开。")
        source = reply.summary if reply.publish_mode == PublishMode.SUMMARY else reply.text
        body = public_text(source)
        kind = proposal.get_kind_display()
        heading = (f"{proposal.session}第{proposal.number}号{kind}办理结果："
                   f"{reply.get_outcome_display()}")
        if reply.publish_mode == PublishMode.SUMMARY:
            heading += f"（摘要公开：{reply.summary_reason}）"
        title = f"关于{proposal.session}第{proposal.number}号{kind}“{proposal.subject}”的答复"
        if reply.round > 1:
            title += "（重新办理）"
        fields = {"title": title[:300], "summary": proposal.subject[:100],
                  "body": f"{heading}\n\n{body}", "keywords": f"建议提案,{kind},办理结果",
                  "formed_on": reply.replied_on, "topic": _topic(), "genre": _reply_genre(),
                  "disclosure_attribute": "proactive", "is_official_document": False,
                  "department": proposal.lead_department}
        record = catalogue.publish_external(actor=actor, agency=proposal.agency,
                                            source="proposals.reply", fields=fields)
        reply.record = record
        reply.published_on = today
        reply.published_text = body
        reply.save(update_fields=["record", "published_on", "published_text"])
        _event(proposal, "publish", actor, from_status=proposal.status,
               details={"round": reply.round, "record": record.pk,
                        "published_on": today.isoformat(),
                        "publish_by": reply.publish_by.isoformat(),
                        "late": reply.published_late, "mode": reply.publish_mode})
    return reply


def recalculate_after_calendar_change(change: CalendarChange, clock: Clock) -> int:
    """Deadline owner (gongkai.workdays.deadlines): the publication limit is counted in
    working days, so a calendar change can move ``publish_by`` of unpublished replies. The
    handling limits are months and never move."""
    moved = 0
    replies = ProposalReply.objects.filter(published_on__isnull=True).select_related("proposal")
    if change.dates:
        first = min(change.dates)
        replies = replies.filter(publish_by__gte=first - dt.timedelta(days=1),
                                 replied_on__lte=max(change.dates))
    for reply in replies:
        due = limits.publication_due(reply.replied_on, clock=clock).date
        if due == reply.publish_by:
            continue
        with transaction.atomic():
            old = reply.publish_by
            reply.publish_by = due
            reply.save(update_fields=["publish_by"])
            proposal = reply.proposal
            ProposalEvent.objects.create(
                proposal=proposal, verb="publish_by_moved", from_status=proposal.status,
                to_status=proposal.status, comment=change.describe(),
                details={"round": reply.round, "from": old.isoformat(), "to": due.isoformat()})
            audit_record(actor=None, verb="proposals.publish_by_moved", obj=proposal,
                         agency=proposal.agency_id,
                         details={"from": old.isoformat(), "to": due.isoformat(),
                                  "reason": change.reason or change.verb})
        moved += 1
    return moved
