"""Writes to the catalogue. Each action checks permission and state, changes data in one
transaction, writes an audit event and the record's own event, and runs side effects
after commit."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import logging
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.catalogue import document_numbers, publication, richtext, visibility
from gongkai.catalogue.models import (
    Attachment,
    AttributeReview,
    Campaign,
    DisclosureAttribute,
    Genre,
    LinkKind,
    Record,
    RecordEvent,
    RecordLink,
    RecordStatus,
    ReviewDecision,
    ReviewReason,
    ScanFinding,
    Topic,
    Validity,
)
from gongkai.catalogue.policies import RecordPolicy
from gongkai.catalogue.workflow import EDITABLE, InvalidTransition, check_transition
from gongkai.core.models import Agency, Department
from gongkai.core.policies import PermissionDeniedError

log = logging.getLogger("gongkai.catalogue")

RECORD_FIELDS = (
    "title", "summary", "body", "body_html", "keywords", "document_number", "is_official_document",
    "formed_on", "topic", "genre", "disclosure_attribute", "withholding_reason",
    "withholding_basis", "is_classified", "validity", "validity_changed_on", "replaced_by",
    "department",
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError


# Events that change neither a record's text nor who may see it: no copy needs refreshing.
_SILENT_VERBS = frozenset({"submit", "schedule", "link", "return", "attribute_review_open",
                           "attribute_review_keep"})


def _event(record: Record, verb: str, actor: Any, comment: str = "",
           details: dict[str, Any] | None = None, announce: bool = True) -> None:
    """The record's event and audit; ``announce`` False when a publication in the same
    transaction will tell the consumers anyway (one index write per published version)."""
    RecordEvent.objects.create(record=record, verb=verb, comment=comment,
                               actor=actor if getattr(actor, "pk", None) else None)
    audit_record(actor=actor, verb=f"record.{verb}", obj=record, agency=record.agency_id,
                 details={"status": record.status, "comment": comment, **(details or {})})
    if announce and verb not in _SILENT_VERBS:
        publication.after_change([record.pk])


def _validate(record: Record) -> None:
    """Rules that span fields; raises ValidationError keyed by field."""
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if record.formed_on and record.formed_on > today:
        errors.setdefault("formed_on", []).append("产生日期不能晚于今天。")
    if record.formed_on and record.formed_on.year < 1949:
        errors.setdefault("formed_on", []).append("产生日期不早于1949年。")
    if record.document_number:
        try:
            record.document_number = document_numbers.normalise(record.document_number)
        except document_numbers.DocumentNumberError as exc:
            errors.setdefault("document_number", []).append(str(exc))
    record.document_number_key = document_numbers.lookup_key(record.document_number)
    if record.disclosure_attribute in (DisclosureAttribute.ON_REQUEST,
                                       DisclosureAttribute.WITHHELD):
        if not record.withholding_reason.strip():
            errors.setdefault("withholding_reason", []).append(
                "非主动公开的信息须说明理由(源头认定)。")
    if record.is_classified and record.disclosure_attribute == DisclosureAttribute.PROACTIVE:
        errors.setdefault("disclosure_attribute", []).append("涉密信息不得主动公开。")
    if record.department_id and record.department and record.department.agency_id != \
            record.agency_id:
        errors.setdefault("department", []).append("处室不属于该机构。")
    if record.replaced_by_id and record.replaced_by_id == record.pk:
        errors.setdefault("replaced_by", []).append("不能被自身替代。")
    if record.validity in (Validity.EXPIRED, Validity.REPEALED) and not record.validity_changed_on:
        errors.setdefault("validity_changed_on", []).append("失效或废止须填写日期。")
    try:
        record.full_clean(exclude=["current_version", "created_by", "index_number"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(RECORD_FIELDS)
    if unknown:
        raise TypeError(f"unknown record fields: {sorted(unknown)}")
    _formatted_body(fields)


def _formatted_body(fields: dict[str, Any]) -> None:
    """A formatted body is cleaned and its text becomes the plain body; a plain body given
    alone replaces the formatting, so the two never disagree (richtext)."""
    if "body_html" in fields:
        fields["body_html"] = richtext.clean(fields["body_html"] or "")
        if fields["body_html"]:
            fields["body"] = richtext.text_of(fields["body_html"])
    elif "body" in fields:
        fields["body_html"] = ""


def _new(actor: Any, agency: Agency, fields: dict[str, Any], announce: bool = True) -> Record:
    record = Record(agency=agency, created_by=actor if getattr(actor, "pk", None) else None,
                    **fields)
    _validate(record)
    record.save()
    _event(record, "create", actor, announce=announce)
    return record


def record_create(*, actor: Any, agency: Agency, **fields: Any) -> Record:
    _check_fields(fields)
    _require(actor is None or RecordPolicy.can_create(actor, agency, fields.get("department")))
    with transaction.atomic():
        return _new(actor, agency, fields)


def record_update(*, actor: Any, record: Record, **fields: Any) -> Record:
    _check_fields(fields)
    _require(actor is None or RecordPolicy.can_edit(actor, record))
    if "department" in fields and actor is not None:
        # Moving a record is editing in the target department too.
        _require(RecordPolicy._department_ok(actor, record.agency_id, fields["department"]))
    with transaction.atomic():
        record = Record.objects.select_for_update().get(pk=record.pk)
        if record.status not in EDITABLE:
            raise InvalidTransition(record.status, RecordStatus.DRAFT)
        changed = {}
        for name, value in fields.items():
            if getattr(record, name) != value:
                changed[name] = str(value)[:200]
                setattr(record, name, value)
        if not changed:
            return record
        _validate(record)
        record.save()
        _event(record, "update", actor, details={"fields": sorted(changed)})
    return record


def record_attach(*, actor: Any, record: Record, filename: str, data: bytes,
                  announce: bool = True) -> Attachment:
    """Accept a file by its content and size (files.check_attachment) and keep its text."""
    _require(actor is None or RecordPolicy.can_edit(actor, record))
    return _attach(actor, record, filename, data, announce=announce)


def _attach(actor: Any, record: Record, filename: str, data: bytes,
            announce: bool = True) -> Attachment:
    from gongkai.catalogue.files import check_attachment, extract_text

    if record.status not in EDITABLE:
        raise InvalidTransition(record.status, RecordStatus.DRAFT)
    sniffed = check_attachment(data, filename)
    text = extract_text(data, sniffed.kind)
    safe_name = filename.replace("/", "_").replace("\\", "_")[-200:]
    with transaction.atomic():
        attachment = Attachment(
            record=record, original_name=safe_name, kind=sniffed.kind,
            content_type=sniffed.content_type, size=len(data),
            sha256=hashlib.sha256(data).hexdigest(), extracted_text=text,
        )
        attachment.file.save(f"{attachment.sha256[:16]}.{sniffed.extension}", ContentFile(data),
                             save=False)
        attachment.save()
        _event(record, "attach", actor, details={"file": safe_name, "size": len(data)},
               announce=announce)
    return attachment


def record_link(*, actor: Any, source: Record, target: Record,
                kind: str = LinkKind.RELATED) -> RecordLink:
    _require(actor is None or RecordPolicy.can_edit(actor, source))
    if source.pk == target.pk:
        raise ValidationError({"target": ["不能关联自身。"]})
    with transaction.atomic():
        link, _ = RecordLink.objects.get_or_create(source=source, target=target, kind=kind)
        _event(source, "link", actor, details={"target": target.pk, "kind": kind})
    return link


def _scan(record: Record) -> list[ScanFinding]:
    ScanFinding.objects.filter(record=record).delete()
    findings = publication.findings_for(record, publication.scan_sources(record))
    ScanFinding.objects.bulk_create(findings)
    return findings


def record_submit(*, actor: Any, record: Record) -> Record:
    """Send to confidentiality review (Regulations Art. 17); the scan runs now."""
    _require(actor is None or RecordPolicy.can_edit(actor, record))
    with transaction.atomic():
        record = Record.objects.select_for_update().get(pk=record.pk)
        check_transition(record.status, RecordStatus.IN_REVIEW)
        _validate(record)
        record.status = RecordStatus.IN_REVIEW
        record.save(update_fields=["status", "updated_at"])
        findings = _scan(record)
        _event(record, "submit", actor, details={"findings": len(findings)})
    return record


def record_return(*, actor: Any, record: Record, comment: str) -> Record:
    _require(actor is None or RecordPolicy.can_review(actor, record))
    if not comment.strip():
        raise ValidationError({"comment": ["退回时须写明意见。"]})
    with transaction.atomic():
        record = Record.objects.select_for_update().get(pk=record.pk)
        check_transition(record.status, RecordStatus.RETURNED)
        record.status = RecordStatus.RETURNED
        record.save(update_fields=["status", "updated_at"])
        _event(record, "return", actor, comment=comment)
    return record


def record_redact(*, actor: Any, record: Record, text: str, reason: str) -> int:
    """Blank every occurrence of ``text`` in the working body; the reason is recorded."""
    _require(actor is None or RecordPolicy.can_review(actor, record))
    if not text or not reason.strip():
        raise ValidationError({"text": ["请填写要遮盖的文字和遮盖理由。"]})
    with transaction.atomic():
        record = Record.objects.select_for_update().get(pk=record.pk)
        if record.status != RecordStatus.IN_REVIEW:
            raise InvalidTransition(record.status, RecordStatus.IN_REVIEW)
        count = record.body.count(text) + record.title.count(text) + record.summary.count(text)
        if count == 0:
            raise ValidationError({"text": ["正文中没有找到这段文字。"]})
        blank = "■" * len(text)
        record.body = record.body.replace(text, blank)
        record.title = record.title.replace(text, blank)
        record.summary = record.summary.replace(text, blank)
        details = {"occurrences": count, "length": len(text)}
        if record.body_html:
            record.body_html = record.body_html.replace(html.escape(text, quote=False), blank)
            if text in richtext.text_of(record.body_html):
                # the text runs across formatting (half of it bold, say): the redaction
                # must hold, so the formatting goes and the redacted text stays
                record.body_html = ""
                details["formatting_dropped"] = True
            else:
                record.body = richtext.text_of(record.body_html)
        record.save(update_fields=["body", "body_html", "title", "summary", "updated_at"])
        _scan(record)
        _event(record, "redact", actor, comment=reason, details=details)
    return count


_facets_changed = publication.facets_changed
next_review_date = publication.next_review_date


def _publish(record: Record, actor: Any, *, note: str = "") -> publication.Outcome:
    """Through the publication gate, the only way a version becomes public."""
    return publication.publish(record, actor=actor, note=note)


def record_approve(*, actor: Any, record: Record, publish_at: dt.datetime | None = None,
                   comment: str = "") -> Record:
    """The reviewer's approval publishes now, or schedules publication for later."""
    _require(actor is None or RecordPolicy.can_review(actor, record))
    with transaction.atomic():
        record = Record.objects.select_for_update().select_related("agency").get(pk=record.pk)
        if record.status != RecordStatus.IN_REVIEW:
            raise InvalidTransition(record.status, RecordStatus.PUBLISHED)
        _validate(record)
        # The reviewer approves what the review page showed, findings included: this very
        # content is cleared for the publication gate.
        texts = publication.attachment_texts(record)
        record.scan_cleared_digest = publication.content_digest(
            record, publication.scan_sources(record, texts))
        if publish_at is not None and publish_at > timezone.now():
            check_transition(record.status, RecordStatus.SCHEDULED)
            record.status = RecordStatus.SCHEDULED
            record.publish_at = publish_at
            record.save(update_fields=["status", "publish_at", "scan_cleared_digest", "updated_at"])
            _event(record, "schedule", actor, comment=comment,
                   details={"publish_at": publish_at.isoformat()})
            return record
        note = comment or ("更正" if record.current_version_id else "")
        return publication.publish(record, actor=actor, note=note, attachments=texts).record


def record_publish_due(*, now: dt.datetime | None = None) -> int:
    """Publish scheduled records whose time has come (run by the scheduler)."""
    now = now or timezone.now()
    published = 0
    for pk in Record.objects.filter(status=RecordStatus.SCHEDULED,
                                    publish_at__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            record = Record.objects.select_for_update().select_related("agency").get(pk=pk)
            if (record.status == RecordStatus.SCHEDULED and record.publish_at is not None
                    and record.publish_at <= now):
                try:
                    with transaction.atomic():
                        if not _publish(record, None, note="定时发布").held:
                            published += 1
                except publication.PublicationRefused as exc:
                    # A guard (三同步) says not yet: the record stays scheduled, the log and
                    # the staff page say why, the next tick tries again.
                    log.warning("scheduled record %s not published: %s", pk, exc.messages)
    return published


def record_withdraw(*, actor: Any, record: Record, reason: str) -> Record:
    """撤回: the record leaves every public channel; it is never deleted."""
    _require(actor is None or RecordPolicy.can_withdraw(actor, record))
    if not reason.strip():
        raise ValidationError({"reason": ["撤回须说明理由。"]})
    with transaction.atomic():
        record = Record.objects.select_for_update().get(pk=record.pk)
        check_transition(record.status, RecordStatus.WITHDRAWN)
        record.status = RecordStatus.WITHDRAWN
        record.withdrawn_reason = reason
        record.is_public = visibility.compute_public(record)
        record.save(update_fields=["status", "withdrawn_reason", "is_public", "updated_at"])
        _facets_changed(record.agency_id)
        RecordEvent.objects.create(record=record, verb="withdraw", comment=reason,
                                   actor=actor if getattr(actor, "pk", None) else None)
        audit_record(actor=actor, verb="record.withdraw", obj=record, agency=record.agency_id,
                     details={"status": record.status, "comment": reason})
        publication.withdraw(record, reason=reason)
    return record


# Attribute reviews (公开属性审查) ------------------------------------------------------


def attribute_review_open(*, actor: Any, record: Record, reason: str,
                          campaign: Campaign | None = None) -> AttributeReview | None:
    """Open a review unless one is already open (one open review per record)."""
    with transaction.atomic():
        if AttributeReview.objects.filter(record=record, decision="").exists():
            return None
        review = AttributeReview.objects.create(record=record, reason=reason, campaign=campaign,
                                                opened_on=timezone.localdate())
        _event(record, "attribute_review_open", actor, details={"reason": reason})
    return review


def attribute_reviews_open_due(*, today: dt.date | None = None) -> int:
    """Periodic review: every non-proactive record whose review date has come."""
    today = today or timezone.localdate()
    due = Record.objects.filter(
        next_attribute_review_on__lte=today,
        disclosure_attribute__in=[DisclosureAttribute.ON_REQUEST, DisclosureAttribute.WITHHELD,
                                  DisclosureAttribute.UNDECIDED],
    ).exclude(status=RecordStatus.WITHDRAWN).exclude(attribute_reviews__decision="")
    opened = 0
    for record in due.select_related("agency"):
        if attribute_review_open(actor=None, record=record, reason=ReviewReason.PERIODIC):
            opened += 1
    return opened


CAMPAIGN_ATTRIBUTES = (DisclosureAttribute.UNDECIDED, DisclosureAttribute.ON_REQUEST,
                       DisclosureAttribute.WITHHELD)


def campaign_start(*, actor: Any, agency: Agency, name: str, since_year: int = 2010) -> Campaign:
    """Work plan point 10: every official document since ``since_year`` with no attribute,
    or 依申请公开 / 不予公开, goes into the review queue."""
    _require(actor is None or RecordPolicy.can_run_campaign(actor, agency))
    with transaction.atomic():
        campaign = Campaign.objects.create(agency=agency, name=name, since_year=since_year,
                                           created_by=actor if getattr(actor, "pk", None) else None)
        records = Record.objects.filter(
            agency=agency, is_official_document=True, formed_on__year__gte=since_year,
            disclosure_attribute__in=CAMPAIGN_ATTRIBUTES, is_classified=False,
        ).exclude(status=RecordStatus.WITHDRAWN).exclude(attribute_reviews__decision="")
        today = timezone.localdate()
        reviews = [AttributeReview(record=r, reason=ReviewReason.CAMPAIGN, campaign=campaign,
                                   opened_on=today) for r in records]
        AttributeReview.objects.bulk_create(reviews, batch_size=1000)
        audit_record(actor=actor, verb="campaign.start", obj=campaign, agency=agency,
                     details={"since_year": since_year, "records": len(reviews)})
    return campaign


@dataclass
class BulkResult:
    converted: int = 0
    kept: int = 0
    skipped: int = 0
    # Converted, but the scan found something: in 保密审查 until a reviewer approves it.
    held: int = 0


def attribute_reviews_decide(*, actor: Any, reviews: list[AttributeReview], decision: str,
                             reason: str) -> BulkResult:
    """Decide many reviews at once: convert (publish as proactive) or keep, with a reason.

    All or nothing: one record that cannot be converted stops the whole batch.
    """
    if decision not in (ReviewDecision.CONVERT, ReviewDecision.KEEP):
        raise ValidationError({"decision": ["请选择“转为主动公开”或“维持原属性”。"]})
    if decision == ReviewDecision.KEEP and not reason.strip():
        raise ValidationError({"reason": ["维持非主动公开须说明理由。"]})
    result = BulkResult()
    now = timezone.now()
    with transaction.atomic():
        for review in reviews:
            review = AttributeReview.objects.select_for_update().select_related(
                "record", "record__agency").get(pk=review.pk)
            record = Record.objects.select_for_update().select_related("agency").get(
                pk=review.record_id)
            _require(actor is None or RecordPolicy.can_review(actor, record))
            if review.decision:
                result.skipped += 1
                continue
            review.decision = decision
            review.decision_reason = reason
            review.decided_by = actor if getattr(actor, "pk", None) else None
            review.decided_at = now
            review.save()
            if decision == ReviewDecision.CONVERT:
                if record.is_classified:
                    raise ValidationError({"decision": [f"“{record.title}”涉密,不能转为主动公开。"]})
                record.disclosure_attribute = DisclosureAttribute.PROACTIVE
                record.withholding_reason = ""
                record.withholding_basis = ""
                if record.status in (RecordStatus.DRAFT, RecordStatus.RETURNED,
                                     RecordStatus.IN_REVIEW, RecordStatus.SCHEDULED):
                    record.status = RecordStatus.IN_REVIEW
                _validate(record)
                if record.status in (RecordStatus.IN_REVIEW, RecordStatus.PUBLISHED):
                    record.save()
                    # The attribute review is no confidentiality review: the gate scans, and
                    # holds the record for the reviewer when the scan finds anything.
                    outcome = _publish(record, actor,
                                       note=f"公开属性审查：转为主动公开。{reason}".strip())
                    if outcome.held:
                        result.held += 1
                result.converted += 1
            else:
                record.next_attribute_review_on = next_review_date(timezone.localdate(now))
                record.save(update_fields=["next_attribute_review_on", "updated_at"])
                _event(record, "attribute_review_keep", actor, comment=reason)
                result.kept += 1
        audit_record(actor=actor, verb="attribute_review.decide", obj=None,
                     details={"decision": decision, "count": len(reviews),
                              "converted": result.converted, "kept": result.kept,
                              "held": result.held})
    return result


# Publishing another app's result --------------------------------------------------------


class PublicationHeld(ValidationError):
    """The confidentiality scan found something in another app's result: nothing was
    published; the message names each finding (masked) so the author can correct it."""

    def __init__(self, findings: list[ScanFinding]):
        self.findings = findings
        shown = "；".join(f"{f.source}：{f.label}（{f.masked}）" for f in findings[:10])
        more = f"等共{len(findings)}处" if len(findings) > 10 else ""
        super().__init__({"__all__": [
            f"保密检查发现需复核的内容，未发布：{shown}{more}。请修改后再发布。"]})


def publish_external(*, actor: Any, agency: Agency, source: str, fields: dict[str, Any],
                     files: dict[str, bytes] | None = None, record: Record | None = None,
                     fixed_wording: tuple[str, ...] = (), note: str = "") -> Record:
    """Publish another app's result (the annual report; next an adoption report, an
    enforcement decision, a reply summary) as a catalogue record, through the same gate and
    after-publish step as every record: scanned, versioned, indexed, logged and signed once.

    The calling app has checked its own policy (who may publish its result) and passes the
    record's ``fields`` (RECORD_FIELDS) and its files by name. ``record``, when given, is the
    record an earlier publication of the same result made: a new version of it is published
    (a correction), not a second record. ``fixed_wording`` are phrases the result prints word
    for word by law (the report's row labels), which the scan does not flag. When the scan
    flags anything else, ``PublicationHeld`` is raised and the caller's transaction rolls
    back: nothing is public and no reviewer is asked to clear another app's text.
    ``source`` names the calling app in the audit trail (``reports.annual_report``).
    """
    _check_fields(fields)
    with transaction.atomic():
        if record is None:
            record = _new(actor, agency, dict(fields), announce=False)
        else:
            record = Record.objects.select_for_update().select_related("agency").get(pk=record.pk)
            if record.agency_id != agency.pk:
                raise ValidationError({"record": ["该信息不属于本机构。"]})
            if record.status not in EDITABLE:
                raise InvalidTransition(record.status, RecordStatus.DRAFT)
            for name, value in fields.items():
                setattr(record, name, value)
            _validate(record)
            record.save()
            _event(record, "update", actor, details={"fields": sorted(fields), "source": source},
                   announce=False)
        for filename, data in (files or {}).items():
            _attach(actor, record, filename, data, announce=False)
        if record.status != RecordStatus.PUBLISHED:
            record.status = RecordStatus.IN_REVIEW  # the gate is this result's review
        outcome = publication.publish(record, actor=actor, note=note or source,
                                      fixed_wording=fixed_wording)
        if outcome.held:
            raise PublicationHeld(outcome.findings)
        audit_record(actor=actor, verb="record.publish_external", obj=record,
                     agency=record.agency_id, details={"source": source,
                                                       "version": outcome.version.number
                                                       if outcome.version else None})
    return outcome.record


def topic_get_or_create(*, code: str, name: str, sort_order: int = 0) -> Topic:
    topic, _ = Topic.objects.get_or_create(code=code, defaults={"name": name,
                                                                 "sort_order": sort_order})
    return topic


def genre_get_or_create(*, code: str, name: str, is_normative: bool = False,
                        sort_order: int = 0) -> Genre:
    genre, _ = Genre.objects.get_or_create(
        code=code, defaults={"name": name, "is_normative": is_normative, "sort_order": sort_order})
    return genre


def department_for(agency: Agency, name: str) -> Department | None:
    return Department.objects.filter(agency=agency, name=name).first() if name else None
