"""Writes to the catalogue. Each action checks permission and state, changes data in one
transaction, writes an audit event and the record's own event, and runs side effects
after commit."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.catalogue import document_numbers, signals
from gongkai.catalogue.models import (
    Attachment,
    AttributeReview,
    Campaign,
    DisclosureAttribute,
    Genre,
    IndexCounter,
    LinkKind,
    Record,
    RecordEvent,
    RecordLink,
    RecordStatus,
    RecordVersion,
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

RECORD_FIELDS = (
    "title", "summary", "body", "keywords", "document_number", "is_official_document",
    "formed_on", "topic", "genre", "disclosure_attribute", "withholding_reason",
    "withholding_basis", "is_classified", "validity", "validity_changed_on", "replaced_by",
    "department",
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError


def _event(record: Record, verb: str, actor: Any, comment: str = "",
           details: dict[str, Any] | None = None) -> None:
    RecordEvent.objects.create(record=record, verb=verb, comment=comment,
                               actor=actor if getattr(actor, "pk", None) else None)
    audit_record(actor=actor, verb=f"record.{verb}", obj=record, agency=record.agency_id,
                 details={"status": record.status, "comment": comment, **(details or {})})
    signals.record_changed.send(sender=Record, record=record, verb=verb, actor=actor)


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


def record_create(*, actor: Any, agency: Agency, **fields: Any) -> Record:
    unknown = set(fields) - set(RECORD_FIELDS)
    if unknown:
        raise TypeError(f"unknown record fields: {sorted(unknown)}")
    _require(actor is None or RecordPolicy.can_create(actor, agency, fields.get("department")))
    with transaction.atomic():
        record = Record(agency=agency, created_by=actor if getattr(actor, "pk", None) else None,
                        **fields)
        _validate(record)
        record.save()
        _event(record, "create", actor)
    return record


def record_update(*, actor: Any, record: Record, **fields: Any) -> Record:
    unknown = set(fields) - set(RECORD_FIELDS)
    if unknown:
        raise TypeError(f"unknown record fields: {sorted(unknown)}")
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


def record_attach(*, actor: Any, record: Record, filename: str, data: bytes) -> Attachment:
    """Accept a file by its content and size (files.check_attachment) and keep its text."""
    from gongkai.catalogue.files import check_attachment, extract_text

    _require(actor is None or RecordPolicy.can_edit(actor, record))
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
        _event(record, "attach", actor, details={"file": safe_name, "size": len(data)})
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
    from gongkai.catalogue.scan import mask, scan_text

    ScanFinding.objects.filter(record=record).delete()
    findings: list[ScanFinding] = []
    sources = [("正文", record.title + "\n" + record.summary + "\n" + record.body)]
    sources += [(f"附件:{a.original_name}", a.extracted_text)
                for a in record.attachments.all()]
    for source, text in sources:
        for hit in scan_text(text, source=source):
            findings.append(ScanFinding(
                record=record, kind=hit.kind, label=hit.label, source=source[:220],
                masked=mask(hit.match, hit.kind)[:80], context=hit.context[:200]))
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
        record.save(update_fields=["body", "title", "summary", "updated_at"])
        _scan(record)
        _event(record, "redact", actor, comment=reason, details={"occurrences": count,
                                                                  "length": len(text)})
    return count


def _assign_index_number(record: Record) -> str:
    """``<agency code>/<year formed>-<5-digit serial>``, gap-free per agency and year.

    The counter row is locked (SELECT … FOR UPDATE on PostgreSQL; SQLite serialises
    writers), so concurrent publications get consecutive serials and none is reused.
    """
    year = record.formed_on.year
    counter, _ = IndexCounter.objects.get_or_create(agency_id=record.agency_id, year=year)
    counter = IndexCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    return f"{record.agency.organisation_code}/{year}-{counter.last_serial:05d}"


def _facets_changed(agency_id: int) -> None:
    """Drop the cached facet counts of the agency once the change is committed."""
    from django.core.cache import cache

    from gongkai.catalogue.selectors import facets_version_key

    def bump() -> None:
        key = facets_version_key(agency_id)
        cache.add(key, 0, None)
        cache.incr(key)

    transaction.on_commit(bump)


def _compute_public(record: Record) -> bool:
    version = record.current_version
    return bool(version and record.status != RecordStatus.WITHDRAWN
                and version.disclosure_attribute == DisclosureAttribute.PROACTIVE)


def _publish(record: Record, actor: Any, *, note: str = "") -> Record:
    check_transition(record.status, RecordStatus.PUBLISHED)
    now = timezone.now()
    if not record.index_number:
        record.index_number = _assign_index_number(record)
    number = (record.current_version.number if record.current_version else 0) + 1
    version = RecordVersion.objects.create(
        record=record, number=number, title=record.title, summary=record.summary,
        body=record.body, keywords=record.keywords, document_number=record.document_number,
        formed_on=record.formed_on, topic_id=record.topic_id, genre_id=record.genre_id,
        disclosure_attribute=record.disclosure_attribute, validity=record.validity,
        change_note=note[:300], published_at=now,
        published_by=actor if getattr(actor, "pk", None) else None,
    )
    record.current_version = version
    if record.published_on is None:
        record.published_on = timezone.localdate(now)
    record.status = RecordStatus.PUBLISHED
    record.publish_at = None
    record.is_public = _compute_public(record)
    if record.disclosure_attribute != DisclosureAttribute.PROACTIVE:
        record.next_attribute_review_on = next_review_date(timezone.localdate(now))
    else:
        record.next_attribute_review_on = None
    record.save()
    _facets_changed(record.agency_id)
    _event(record, "publish", actor, comment=note,
           details={"version": number, "index_number": record.index_number,
                    "public": record.is_public})
    signals.version_published.send(sender=Record, record=record, version=version, actor=actor)
    return record


def next_review_date(today: dt.date) -> dt.date:
    months = settings.GONGKAI_ATTRIBUTE_REVIEW_MONTHS
    year, month = divmod(today.month - 1 + months, 12)
    day = min(today.day, 28)
    return dt.date(today.year + year, month + 1, day)


def record_approve(*, actor: Any, record: Record, publish_at: dt.datetime | None = None,
                   comment: str = "") -> Record:
    """The reviewer's approval publishes now, or schedules publication for later."""
    _require(actor is None or RecordPolicy.can_review(actor, record))
    with transaction.atomic():
        record = Record.objects.select_for_update().select_related("agency").get(pk=record.pk)
        if record.status != RecordStatus.IN_REVIEW:
            raise InvalidTransition(record.status, RecordStatus.PUBLISHED)
        _validate(record)
        if publish_at is not None and publish_at > timezone.now():
            check_transition(record.status, RecordStatus.SCHEDULED)
            record.status = RecordStatus.SCHEDULED
            record.publish_at = publish_at
            record.save(update_fields=["status", "publish_at", "updated_at"])
            _event(record, "schedule", actor, comment=comment,
                   details={"publish_at": publish_at.isoformat()})
            return record
        note = comment or ("更正" if record.current_version else "")
        return _publish(record, actor, note=note)


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
                _publish(record, None, note="定时发布")
                published += 1
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
        record.is_public = False
        record.save(update_fields=["status", "withdrawn_reason", "is_public", "updated_at"])
        _facets_changed(record.agency_id)
        _event(record, "withdraw", actor, comment=reason)
        signals.record_withdrawn.send(sender=Record, record=record, reason=reason, actor=actor)
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
                    _publish(record, actor, note=f"公开属性审查:转为主动公开。{reason}".strip())
                result.converted += 1
            else:
                record.next_attribute_review_on = next_review_date(timezone.localdate(now))
                record.save(update_fields=["next_attribute_review_on", "updated_at"])
                _event(record, "attribute_review_keep", actor, comment=reason)
                result.kept += 1
        audit_record(actor=actor, verb="attribute_review.decide", obj=None,
                     details={"decision": decision, "count": len(reviews),
                              "converted": result.converted, "kept": result.kept})
    return result


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
