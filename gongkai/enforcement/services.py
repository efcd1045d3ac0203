"""Writes of enforcement publicity: keyword-only, policy first, one transaction, audited.

A decision is public only as a catalogue record made by ``catalogue.services.
publish_external`` (ADR 0014): the confidentiality scan reads exactly the text that goes out
and refuses an ID number, a phone number, a bank account… (``PublicationHeld``, nothing
changes). Withdrawal and take-down withdraw that record; the decision itself stays in the
staff archive with its history.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.models import Agency, Membership
from gongkai.core.policies import PermissionDeniedError
from gongkai.enforcement import limits, masking
from gongkai.enforcement.models import (
    Category,
    ChangeKind,
    Decision,
    DecisionEvent,
    DecisionStatus,
    EnforcementBody,
    EnforcementOfficer,
    Guidance,
    PartyType,
    check_transition,
)
from gongkai.enforcement.policies import EDIT_ROLES, EnforcementPolicy

log = logging.getLogger("gongkai.enforcement")

SOURCE = "enforcement.decision"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _event(decision: Decision, verb: str, actor: Any, before: str, comment: str = "",
           details: dict[str, Any] | None = None) -> None:
    DecisionEvent.objects.create(decision=decision, verb=verb, actor=_actor(actor),
                                 from_status=before, to_status=decision.status,
                                 comment=comment, details=details or {})
    audit_record(actor=actor, verb=f"enforcement.{verb}", obj=decision, agency=decision.agency_id,
                 details={"status": decision.status, "comment": comment, **(details or {})})


def _normalise_number(raw: str) -> str:
    from gongkai.catalogue.document_numbers import DocumentNumberError, normalise

    try:
        number = normalise(raw)
    except DocumentNumberError as exc:
        raise ValidationError({"document_number": [str(exc)]}) from exc
    if not number:
        raise ValidationError({"document_number": ["请填写决定文书号。"]})
    return number


# Decisions ---------------------------------------------------------------------------------


def decision_record(*, actor: Any, agency: Agency, category: str, decided_on: dt.date,
                    document_number: str, party_name: str, facts: str, decision: str,
                    basis: str, party_type: str = PartyType.NATURAL_PERSON,
                    party_credit_code: str = "", party_is_minor: bool = False,
                    body: EnforcementBody | None = None, today: dt.date | None = None) -> Decision:
    """Record a decision (待公开) with its publication limit counted from the decision date."""
    _require(actor is None or EnforcementPolicy.can_edit(actor, agency))
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if category not in Category.values:
        errors["category"] = ["类别应为行政许可、行政处罚、行政强制、行政检查或其他。"]
    if party_type not in PartyType.values:
        errors["party_type"] = ["当事人类型应为自然人或法人或其他组织。"]
    if decided_on > today:
        errors["decided_on"] = ["决定日期不能晚于今天。"]
    for name, value in (("party", party_name), ("facts", facts), ("decision", decision),
                        ("basis", basis)):
        if not (value or "").strip():
            errors[name] = ["此项为必填项。"]
    if body is not None and body.agency_id != agency.pk:
        errors["body"] = ["执法主体不属于该机构。"]
    try:
        number = _normalise_number(document_number)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        number = document_number
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if Decision.objects.filter(agency=agency, document_number=number).exists():
            raise ValidationError({"document_number": ["该决定文书号已登记。"]})
        found = Decision.objects.create(
            agency=agency, body=body, category=category, document_number=number,
            decided_on=decided_on, party_type=party_type, party_name=party_name.strip(),
            party_credit_code=party_credit_code.strip(), party_is_minor=party_is_minor,
            facts=facts.strip(), basis=basis.strip(), decision=decision.strip(),
            publish_by=limits.publish_by(category, decided_on), created_by=_actor(actor))
        _event(found, "record", actor, "", details={"publish_by": found.publish_by.isoformat(),
                                                    "category": category})
    return found


def public_fields(decision: Decision) -> dict[str, str]:
    """What the public reads of a decision: the party masked by ``masking``."""
    party = masking.public_party(decision.party_type, decision.party_name)

    def clean(text: str) -> str:
        return masking.public_text(text, decision.party_type, decision.party_name)

    return {"party": party, "facts": clean(decision.facts), "basis": clean(decision.basis),
            "decision": clean(decision.decision)}


def _record_fields(decision: Decision) -> dict[str, Any]:
    from gongkai.catalogue.services import genre_get_or_create, topic_get_or_create

    shown = public_fields(decision)
    label = decision.get_category_display()
    body_name = decision.body.name if decision.body is not None else decision.agency.name
    text = "\n".join([
        f"执法主体：{body_name}", f"决定文书号：{decision.document_number}",
        f"执法类别：{label}", f"当事人：{shown['party']}", f"主要事实：{shown['facts']}",
        f"执法依据：{shown['basis']}", f"决定内容：{shown['decision']}",
        f"决定日期：{decision.decided_on:%Y年%m月%d日}"])
    return {"title": f"{shown['party']}{label}决定（{decision.document_number}）"[:300],
            "summary": f"{label}决定：{shown['decision']}"[:100], "body": text,
            "keywords": f"行政执法公示,{label}", "document_number": decision.document_number,
            "formed_on": decision.decided_on,
            "topic": topic_get_or_create(code="enforcement", name="行政执法"),
            "genre": genre_get_or_create(code="enforcement-decision", name="行政执法决定"),
            "disclosure_attribute": "proactive", "is_official_document": False}


def decision_publish(*, actor: Any, decision: Decision, today: dt.date | None = None) -> Decision:
    """Publish through the catalogue's gate; lateness against ``publish_by`` is recorded."""
    from gongkai.catalogue import services as catalogue

    _require(actor is None or EnforcementPolicy.can_edit(actor, decision.agency))
    today = today or timezone.localdate()
    if decision.party_is_minor:
        raise ValidationError({"__all__": ["涉及未成年人的执法决定不予公开。"]})
    with transaction.atomic():
        decision = (Decision.objects.select_for_update(of=("self",))
                    .select_related("agency", "body").get(pk=decision.pk))
        before = decision.status
        check_transition(before, DecisionStatus.PUBLISHED)
        record = catalogue.publish_external(actor=actor, agency=decision.agency, source=SOURCE,
                                            fields=_record_fields(decision))
        decision.record = record
        decision.status = DecisionStatus.PUBLISHED
        decision.published_on = today
        decision.late_working_days = limits.working_days_late(decision.publish_by, today)
        decision.published_late = today > decision.publish_by
        decision.take_down_on = limits.take_down_on(decision.party_type, today)
        decision.save()
        _event(decision, "publish", actor, before, details={
            "record": record.pk, "late": decision.published_late,
            "late_working_days": decision.late_working_days,
            "take_down_on": decision.take_down_on.isoformat()})
    return decision


def decision_change_record(*, actor: Any, decision: Decision, change_kind: str, reason: str,
                           changed_on: dt.date, today: dt.date | None = None) -> Decision:
    """A published decision was changed, revoked or found unlawful: the 3-day withdrawal
    clock (Art. 48) starts on ``changed_on``."""
    _require(actor is None or EnforcementPolicy.can_edit(actor, decision.agency))
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if change_kind not in ChangeKind.values:
        errors["change_kind"] = ["请选择变更、撤销、被确认违法或无效。"]
    if not (reason or "").strip():
        errors["reason"] = ["撤回须公开说明理由。"]
    if changed_on > today:
        errors["changed_on"] = ["变更或撤销日期不能晚于今天。"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        if decision.status != DecisionStatus.PUBLISHED:
            check_transition(decision.status, DecisionStatus.WITHDRAWN)
        if changed_on < decision.decided_on:
            raise ValidationError({"changed_on": ["变更或撤销日期不能早于决定日期。"]})
        decision.change_kind = change_kind
        decision.withdrawal_reason = reason.strip()
        decision.changed_on = changed_on
        decision.withdraw_by = limits.withdraw_by(changed_on)
        decision.save()
        _event(decision, "change_record", actor, decision.status, comment=reason,
               details={"change_kind": change_kind, "withdraw_by": decision.withdraw_by.isoformat()})
    return decision


def decision_withdraw(*, actor: Any, decision: Decision, change_kind: str = "",
                      reason: str = "", changed_on: dt.date | None = None,
                      today: dt.date | None = None) -> Decision:
    """撤回 with the reason shown publicly; a change not yet recorded is recorded first."""
    from gongkai.catalogue import services as catalogue

    _require(actor is None or EnforcementPolicy.can_edit(actor, decision.agency))
    today = today or timezone.localdate()
    with transaction.atomic():
        if change_kind or reason or changed_on:
            decision = decision_change_record(actor=actor, decision=decision,
                                              change_kind=change_kind, reason=reason,
                                              changed_on=changed_on or today, today=today)
        decision = (Decision.objects.select_for_update(of=("self",)).select_related("record")
                    .get(pk=decision.pk))
        before = decision.status
        check_transition(before, DecisionStatus.WITHDRAWN)
        if not decision.change_kind or decision.withdraw_by is None:
            raise ValidationError({"reason": ["请先登记变更或撤销的情形、日期和理由。"]})
        label = decision.get_change_kind_display()
        public_reason = f"该决定已{label}：{decision.withdrawal_reason}"
        if decision.record is not None:
            catalogue.record_withdraw(actor=None, record=decision.record, reason=public_reason)
        decision.status = DecisionStatus.WITHDRAWN
        decision.withdrawn_on = today
        decision.withdrawn_late = today > decision.withdraw_by
        decision.save()
        _event(decision, "withdraw", actor, before, comment=decision.withdrawal_reason,
               details={"late": decision.withdrawn_late, "change_kind": decision.change_kind})
    return decision


def decision_take_down(*, actor: Any, decision: Decision, today: dt.date | None = None) -> Decision:
    """The publicity period is over: the record leaves the public catalogue."""
    from gongkai.catalogue import services as catalogue

    _require(actor is None or EnforcementPolicy.can_edit(actor, decision.agency))
    today = today or timezone.localdate()
    with transaction.atomic():
        decision = (Decision.objects.select_for_update(of=("self",)).select_related("record")
                    .get(pk=decision.pk))
        before = decision.status
        check_transition(before, DecisionStatus.TAKEN_DOWN)
        if decision.take_down_on is None or decision.take_down_on > today:
            raise ValidationError({"__all__": ["公示期尚未届满。"]})
        if decision.record is not None:
            catalogue.record_withdraw(actor=None, record=decision.record,
                                      reason="行政执法决定公示期满，依规定撤下。")
        decision.status = DecisionStatus.TAKEN_DOWN
        decision.taken_down_on = today
        decision.save()
        _event(decision, "take_down", actor, before)
    return decision


def take_down_due(today: dt.date | None = None) -> int:
    """The periodic job's work: every decision whose publicity period ended."""
    today = today or timezone.localdate()
    done = 0
    due = Decision.objects.filter(status=DecisionStatus.PUBLISHED, take_down_on__lte=today)
    for decision in due.iterator():
        decision_take_down(actor=None, decision=decision, today=today)
        done += 1
    return done


def _editor_emails(agency_id: int) -> list[str]:
    return sorted(set(Membership.objects.filter(agency_id=agency_id, role__in=EDIT_ROLES)
                      .exclude(user__email="").values_list("user__email", flat=True)))


def send_reminders(today: dt.date | None = None) -> dict[str, int]:
    """Once a day per decision: unpublished ones near or past ``publish_by``, changed ones
    not yet withdrawn. ``reminded_on`` makes a second run the same day send nothing."""
    from gongkai.workdays.clock import Clock

    today = today or timezone.localdate()
    horizon = Clock().add(today, limits.REMIND_WITHIN_WORKING_DAYS, limits.WD).date
    publish = Decision.objects.filter(status=DecisionStatus.RECORDED, publish_by__lte=horizon)
    withdraw = Decision.objects.filter(status=DecisionStatus.PUBLISHED, withdraw_by__isnull=False)
    counts = {"publish": 0, "withdraw": 0}
    for kind, queryset in (("publish", publish), ("withdraw", withdraw)):
        for decision in queryset.exclude(reminded_on=today).select_related("agency"):
            due = decision.publish_by if kind == "publish" else decision.withdraw_by
            if due is None:
                continue
            Decision.objects.filter(pk=decision.pk).update(reminded_on=today)
            counts[kind] += 1
            recipients = _editor_emails(decision.agency_id)
            if not recipients:
                continue
            what = "公开" if kind == "publish" else "撤回"
            try:
                send_mail(f"执法决定{decision.document_number}应于{due:%Y年%m月%d日}前{what}",
                          f"{decision.agency.name}：{decision.get_category_display()}决定"
                          f"{decision.document_number}应于{due:%Y年%m月%d日}前{what}"
                          f"（{'已逾期' if due < today else '即将到期'}）。请登录工作台“行政执法公示”处理。",
                          settings.DEFAULT_FROM_EMAIL, recipients)
            except Exception:  # the reminder row stays; the staff list shows the due date
                log.exception("enforcement reminder for %s failed", decision.pk)
    return counts


def recalculate_after_calendar_change(change: Any, clock: Any) -> int:
    """Deadline owner: unpublished decisions and pending withdrawals move with the calendar."""
    moved = 0
    open_items = Decision.objects.filter(status=DecisionStatus.RECORDED) | Decision.objects.filter(
        status=DecisionStatus.PUBLISHED, withdraw_by__isnull=False)
    for decision in open_items.distinct():
        with transaction.atomic():
            found = Decision.objects.select_for_update().get(pk=decision.pk)
            fields: dict[str, str] = {}
            if found.status == DecisionStatus.RECORDED:
                new = limits.publish_by(found.category, found.decided_on, clock=clock)
                if new != found.publish_by:
                    fields["publish_by"] = f"{found.publish_by} → {new}"
                    found.publish_by = new
            elif found.changed_on is not None:
                new = limits.withdraw_by(found.changed_on, clock=clock)
                if new != found.withdraw_by:
                    fields["withdraw_by"] = f"{found.withdraw_by} → {new}"
                    found.withdraw_by = new
            if fields:
                found.save()
                _event(found, "recalculate", None, found.status, comment=change.describe(),
                       details=fields)
                moved += 1
    return moved


# 事前公开: bodies, officers, guidance --------------------------------------------------------


def body_create(*, actor: Any, agency: Agency, name: str, kind: str = "法定行政机关",
                duties: str = "", address: str = "", phone: str = "") -> EnforcementBody:
    _require(actor is None or EnforcementPolicy.can_edit(actor, agency))
    if not name.strip():
        raise ValidationError({"name": ["请填写执法主体名称。"]})
    with transaction.atomic():
        try:
            with transaction.atomic():
                body = EnforcementBody.objects.create(agency=agency, name=name.strip(), kind=kind,
                                                      duties=duties, address=address, phone=phone)
        except IntegrityError as exc:
            raise ValidationError({"name": ["该执法主体已登记。"]}) from exc
        audit_record(actor=actor, verb="enforcement.body_create", obj=body, agency=agency)
    return body


def officer_create(*, actor: Any, agency: Agency, name: str, certificate_number: str,
                   field: str, body: EnforcementBody | None = None) -> EnforcementOfficer:
    _require(actor is None or EnforcementPolicy.can_edit(actor, agency))
    errors = {key: ["此项为必填项。"] for key, value in
              (("name", name), ("certificate_number", certificate_number), ("field", field))
              if not (value or "").strip()}
    if body is not None and body.agency_id != agency.pk:
        errors["body"] = ["执法主体不属于该机构。"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if EnforcementOfficer.objects.filter(agency=agency,
                                             certificate_number=certificate_number.strip()).exists():
            raise ValidationError({"certificate_number": ["该执法证号已登记。"]})
        officer = EnforcementOfficer.objects.create(
            agency=agency, body=body, name=name.strip(),
            certificate_number=certificate_number.strip(), field=field.strip())
        audit_record(actor=actor, verb="enforcement.officer_create", obj=officer, agency=agency)
    return officer


def guidance_create(*, actor: Any, agency: Agency, kind: str, title: str, body: str,
                    sort_order: int = 0) -> Guidance:
    from gongkai.enforcement.models import GuidanceKind

    _require(actor is None or EnforcementPolicy.can_edit(actor, agency))
    errors: dict[str, list[str]] = {}
    if kind not in GuidanceKind.values:
        errors["kind"] = ["类别无效。"]
    if not title.strip():
        errors["title"] = ["请填写标题。"]
    if not body.strip():
        errors["body"] = ["请填写正文。"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        page = Guidance.objects.create(agency=agency, kind=kind, title=title.strip(),
                                       body=body.strip(), sort_order=sort_order)
        audit_record(actor=actor, verb="enforcement.guidance_create", obj=page, agency=agency)
    return page
