"""The publication contract: the one gate to the public and the one after-publish step.

Regulations Art. 17 makes the agency review information for secrets and personal data
before it is published. Every path to the public — a reviewer's approval, a scheduled
publication, the bulk import, an attribute review that converts a record to 主动公开
(historical conversion, a review opened by an application), and another app publishing its
result through ``services.publish_external`` (the annual report; adoption reports and
enforcement decisions next) — goes through ``publish_many``, the only function that makes
a version public. It runs the confidentiality scan (``scan.py``) on exactly the text that
is about to go out. When the scan finds something, the version is published only if a
reviewer has cleared this very content (``Record.scan_cleared_digest``, written by
``services.record_approve`` when the reviewer approves with the findings in front of
them); otherwise the record is *held*: it goes to the 保密审查 queue with its findings and
nothing becomes public. A path cannot skip the scan because there is no other way to set
a version public.

After a version is published (or held back, or withdrawn) the catalogue tells the apps that
keep copies — the search index, the transparency log, the signed PDFs, Q&A embeddings —
once, through the consumers registered here: one call per batch, one item per published
version. Consumers run inside the writing transaction (a log entry commits with the
publication); slow work is theirs to defer with ``transaction.on_commit``.

The catalogue also supplies what the consumers copy, so that none of them reads catalogue
models: the search fields of a record (``search_fields``), the HTML of a version for the
signed PDF (``version_html``, ``public_version``), what the public verifier may say about a
record (``record_description``, ``public_attachments_matching``) and the leaf of the
transparency log with the content digest (``leaf_data`` / ``content_sha256``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.catalogue import visibility
from gongkai.catalogue.models import (
    Attachment,
    DisclosureAttribute,
    IndexCounter,
    Record,
    RecordEvent,
    RecordStatus,
    RecordVersion,
    ScanFinding,
)
from gongkai.catalogue.workflow import check_transition

# Consumers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """One version the catalogue has just published. ``public`` is False when the version
    is not proactive (依申请公开, 不予公开): it exists, but the public does not see it."""

    record_id: int
    agency_id: int
    version_id: int
    version_number: int
    public: bool
    leaf: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Withdrawn:
    """A record left the public catalogue (撤回), or its new version is not public."""

    record_id: int
    agency_id: int
    version_number: int | None
    cause: str  # "withdrawn" | "attribute"
    leaf: dict[str, Any] = field(default_factory=dict)


class Consumer:
    """An app that keeps a copy of published information. Override what you need."""

    name = ""

    def published(self, items: Sequence[Published]) -> None:
        """Versions just published (public or not), inside the transaction."""

    def withdrawn(self, items: Sequence[Withdrawn]) -> None:
        """Records that left the public catalogue, inside the transaction."""

    def changed(self, record_ids: Sequence[int]) -> None:
        """Working copies changed without a publication (drafts, held records): only a
        staff-facing copy (the staff search) cares."""


_CONSUMERS: dict[str, Consumer] = {}


def register_consumer(consumer: Consumer) -> None:
    """Called from the consumer's ``AppConfig.ready``; registering again replaces."""
    _CONSUMERS[consumer.name] = consumer


def consumers() -> list[Consumer]:
    return list(_CONSUMERS.values())


def after_publish(items: Sequence[Published]) -> None:
    """The after-publish step: each consumer hears of each published version once."""
    if items:
        for consumer in consumers():
            consumer.published(items)


def after_withdraw(items: Sequence[Withdrawn]) -> None:
    if items:
        for consumer in consumers():
            consumer.withdrawn(items)


def after_change(record_ids: Sequence[int]) -> None:
    if record_ids:
        for consumer in consumers():
            consumer.changed(record_ids)


# What the catalogue supplies to its consumers -------------------------------------------


def version_content(version: RecordVersion, index_number: str | None) -> dict[str, Any]:
    """The fields of a published version that its log entry vouches for."""
    return {
        "record": version.record_id, "version": version.number,
        "index_number": index_number or "", "title": version.title,
        "summary": version.summary, "body": version.body, "keywords": version.keywords,
        "document_number": version.document_number,
        "formed_on": version.formed_on.isoformat(),
        "disclosure_attribute": version.disclosure_attribute, "validity": version.validity,
        # the formatting is vouched for too; absent when there is none, so entries logged
        # before bodies could be formatted still verify
        **({"body_html": version.body_html} if version.body_html else {}),
    }


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def content_sha256(version: RecordVersion, index_number: str | None) -> str:
    """Anyone holding a copy of the version can recompute this and find it in the log."""
    return hashlib.sha256(_canonical(version_content(version, index_number))).hexdigest()


def leaf_data(record: Record, version: RecordVersion, attachment_sha256: list[str]) -> dict[str, Any]:
    """What the transparency log records about a public version: digests, not text."""
    return {"agency": record.agency.slug, "record": record.pk,
            "index_number": record.index_number or "", "version": version.number,
            "content_sha256": content_sha256(version, record.index_number),
            "attachments": sorted(attachment_sha256)}


def withdrawal_leaf(record: Record, version_number: int | None, cause: str) -> dict[str, Any]:
    return {"agency": record.agency.slug, "record": record.pk,
            "index_number": record.index_number or "", "version": version_number,
            "cause": cause}


Digest = Callable[[str | None], str]


def published_contents(pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], Digest]:
    """For the log's content check: (record, version) → digest of the stored version, given
    the index number the leaf names. Missing pairs were removed."""
    from django.db.models import Q

    query = Q()
    wanted = list(pairs)
    if not wanted:
        return {}
    for record_id, number in wanted:
        query |= Q(record_id=record_id, number=number)
    found: dict[tuple[int, int], Digest] = {}
    def digest_of(version: RecordVersion) -> Digest:
        return lambda index_number: content_sha256(version, index_number)

    for version in RecordVersion.objects.filter(query):
        found[(version.record_id, version.number)] = digest_of(version)
    return found


def _index_queryset():
    return Record.objects.select_related(
        "agency", "department", "topic", "genre", "current_version__topic",
        "current_version__genre",
    ).prefetch_related(Prefetch(
        "attachments", queryset=Attachment.objects.only("id", "record_id", "extracted_text",
                                                        "uploaded_at", "original_name")))


def search_fields(record: Record) -> dict[str, Any]:
    """A record as the search index holds it (``search.registry.Document`` fields but kind
    and key). A public record is indexed with what the public sees: its current version and
    the attachments that went out with it; any other record from its working copy, for the
    staff of its agency only. ``published_on`` is the publication date (发布日期) of a public
    record (None for one that is not public), so the search shows, sorts and facets it and
    never the day the index was written."""
    from django.urls import reverse

    version = record.current_version if visibility.is_public(record) else None
    attachments = list(record.attachments.all())
    if version is not None:
        source: Any = version
        attachments = [a for a in attachments if a.uploaded_at <= version.published_at]
        url = reverse("catalogue:record", kwargs={"agency": record.agency.slug, "pk": record.pk})
        published_on = record.published_on
    else:
        source = record
        url = reverse("staff:catalogue_record", kwargs={"pk": record.pk})
        published_on = None
    parts = [source.summary, source.body, source.keywords]
    parts += [a.extracted_text for a in attachments if a.extracted_text]
    facets = {"topic": source.topic.name, "genre": source.genre.name}
    if record.department is not None:
        facets["department"] = record.department.name
    return {
        "title": source.title, "body": "\n".join(p for p in parts if p), "url": url,
        "agency_id": record.agency_id, "published_on": published_on,
        "public": version is not None,
        "facets": facets,
        "extra": {"index_number": record.index_number or "",
                  "document_number": source.document_number or "",
                  "agency": record.agency.slug, "agency_name": record.agency.name,
                  "status": record.status,
                  "published_on": record.published_on.isoformat() if record.published_on else "",
                  "formed_on": source.formed_on.isoformat()},
        "numbers": tuple(n for n in (record.index_number, source.document_number) if n),
    }


def search_fields_for(ids: Iterable[int]) -> tuple[dict[int, dict[str, Any]], set[int]]:
    """(fields by record id, ids that no longer exist)."""
    wanted = set(ids)
    found = {r.pk: search_fields(r) for r in _index_queryset().filter(pk__in=wanted)}
    return found, wanted - found.keys()


def all_search_fields(chunk: int = 1000) -> Iterator[tuple[int, dict[str, Any]]]:
    for record in _index_queryset().order_by("pk").iterator(chunk_size=chunk):
        yield record.pk, search_fields(record)


def version_html(version_id: int, *, digests: Callable[[list[int]], dict[int, str]]
                 ) -> tuple[dict[str, Any], str]:
    """(facts about the version, its HTML page for the signed PDF). ``digests`` gives the
    SM3 digest the signing app keeps for each attachment id."""
    from django.template.loader import render_to_string

    version = RecordVersion.objects.select_related("record", "record__agency", "topic",
                                                   "genre").get(pk=version_id)
    record = version.record
    attachments = list(record.attachments.all())
    sm3 = digests([a.pk for a in attachments])
    html = render_to_string("catalogue/record_pdf.html", {
        "record": record, "version": version, "agency": record.agency,
        "attachments": [(a, sm3.get(a.pk, "")) for a in attachments],
    })
    facts = {"record_id": record.pk, "agency_id": record.agency_id,
             "version_number": version.number, "index_number": record.index_number or "",
             "public": visibility.is_public(record)}
    return facts, html


def version_attachments(record_id: int) -> list[tuple[int, Callable[[], bytes]]]:
    """(attachment id, reader of its bytes) for the record's attachments."""
    def reader(attachment: Attachment) -> Callable[[], bytes]:
        def read() -> bytes:
            with attachment.file.open("rb") as handle:
                return handle.read()
        return read

    return [(a.pk, reader(a)) for a in Attachment.objects.filter(record_id=record_id)]


def public_version(record_id: int, number: int | None = None) -> dict[str, Any] | None:
    """The current (or the given) version of a public record, for a download link; None
    when the record or that version is not public."""
    from gongkai.catalogue.selectors import public_record_get, public_versions

    record = public_record_get(pk=record_id)
    if record is None or record.current_version is None:
        return None
    version = record.current_version
    if number is not None and number != version.number:
        found = public_versions(record).filter(number=number).first()
        if found is None:
            return None
        version = found
    return {"record_id": record.pk, "version_id": version.pk, "version_number": version.number,
            "index_number": record.index_number or ""}


def _record_url(record: Record, number: int | None) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        if number is not None and record.current_version and number != record.current_version.number:
            return reverse("catalogue:version", kwargs={"agency": record.agency.slug,
                                                        "pk": record.pk, "number": number})
        return reverse("catalogue:record", kwargs={"agency": record.agency.slug, "pk": record.pk})
    except NoReverseMatch:
        return ""


def record_description(record_id: int, *, version_id: int | None = None,
                       number: int | None = None) -> dict[str, Any] | None:
    """What the public verifier may say about a record a signed file or attachment came from
    (the version by id or number; neither: the current one). None unless the record is or
    was public (``visibility.was_public``): a never-public record is not named."""
    record = (Record.objects.select_related("agency", "current_version")
              .filter(pk=record_id).first())
    if record is None or not visibility.was_public(record):
        return None
    current = record.current_version
    if version_id is not None:
        number = record.versions.filter(pk=version_id).values_list("number", flat=True).first()
    elif number is None and current is not None:
        number = current.number
    withdrawn = record.status == RecordStatus.WITHDRAWN
    title = (record.versions.filter(number=number).values_list("title", flat=True).first()
             if number else None) or (current.title if current else "")
    return {"record_id": record.pk, "agency": record.agency.slug,
            "agency_name": record.agency.name, "index_number": record.index_number or "",
            "version": number, "current_version": current.number if current else None,
            "newer_version_exists": bool(current and number and current.number > number),
            "withdrawn": withdrawn, "record_title": title,
            "record_url": "" if withdrawn else _record_url(record, number)}


def public_attachments_matching(*, sha256: str = "", ids: Iterable[int] = ()) -> list[dict[str, Any]]:
    """Attachments with this SHA-256 (or these ids) of records that are or were public:
    id, sha256, original name and record id. Others are not named."""
    rows = (Attachment.objects.filter(sha256=sha256) if sha256
            else Attachment.objects.filter(pk__in=list(ids)))
    return [{"id": a.pk, "sha256": a.sha256, "original_name": a.original_name,
             "record_id": a.record_id}
            for a in rows.select_related("record", "record__current_version").order_by("pk")
            if visibility.was_public(a.record)]


# The gate -------------------------------------------------------------------------------


class PublicationRefused(ValidationError):
    """A publication guard refused: nothing was published, and the message says why (the
    staff page shows it above the approval form, the API answers 422 with it)."""

    def __init__(self, reasons: dict[int, str]):
        self.reasons = reasons
        super().__init__({"__all__": list(dict.fromkeys(reasons.values()))})


# A guard looks at the records about to be published and names those that may not go out
# yet, with the reason: {record id: reason}. Apps register one in ``AppConfig.ready`` (the
# interpretations app: 三同步, a policy of a genre that needs an interpretation goes out only
# with one prepared or an exemption recorded). Guards are consulted by ``publish_many``,
# the one step that makes versions public, before anything is written.
Guard = Callable[[Sequence[Record]], dict[int, str]]
_GUARDS: dict[str, Guard] = {}


def register_publication_guard(name: str, guard: Guard) -> None:
    """Registering again under the same name replaces (``ready`` may run twice)."""
    _GUARDS[name] = guard


def check_guards(records: Sequence[Record]) -> None:
    """Raise ``PublicationRefused`` when any guard refuses any of ``records``."""
    refused: dict[int, str] = {}
    for guard in list(_GUARDS.values()):
        for record_id, reason in guard(records).items():
            refused.setdefault(record_id, reason)
    if refused:
        raise PublicationRefused(refused)



def attachment_texts(record: Record) -> list[tuple[str, str]]:
    return list(record.attachments.values_list("original_name", "extracted_text"))


def scan_sources(record: Record, attachments: Sequence[tuple[str, str]] | None = None
                 ) -> list[tuple[str, str]]:
    """The texts that go public with the record: title, summary, body, each attachment."""
    if attachments is None:
        attachments = attachment_texts(record)
    sources = [("正文", f"{record.title}\n{record.summary}\n{record.body}")]
    sources += [(f"附件:{name}", text) for name, text in attachments]
    return sources


def content_digest(record: Record, sources: Sequence[tuple[str, str]]) -> str:
    """Identifies what a reviewer cleared: the texts *and* the disclosure attribute they were
    cleared for. Personal data approved as 依申请公开 (given to one applicant) is not
    cleared for the public; any change of text or attribute needs a new clearance."""
    return hashlib.sha256(_canonical([record.disclosure_attribute, list(sources)])).hexdigest()


def findings_for(record: Record, sources: Sequence[tuple[str, str]],
                 fixed_wording: Iterable[str] = ()) -> list[ScanFinding]:
    from gongkai.catalogue.scan import mask, scan_text

    fixed = tuple(fixed_wording)
    found = []
    for source, text in sources:
        for hit in scan_text(text, source=source, fixed_wording=fixed):
            found.append(ScanFinding(
                record=record, kind=hit.kind, label=hit.label, source=source[:220],
                masked=mask(hit.match, hit.kind)[:80], context=hit.context[:200]))
    return found


def next_review_date(today: dt.date) -> dt.date:
    """When a record that is not proactive is next looked at (periodic attribute review)."""
    months = settings.GONGKAI_ATTRIBUTE_REVIEW_MONTHS
    year, month = divmod(today.month - 1 + months, 12)
    day = min(today.day, 28)
    return dt.date(today.year + year, month + 1, day)


def assign_index_number(record: Record) -> str:
    """``<agency code>/<year formed>-<5-digit serial>``, gap-free per agency and year.

    The counter row is locked (SELECT … FOR UPDATE on PostgreSQL; SQLite serialises
    writers), so concurrent publications get consecutive serials and none is reused.
    """
    year = record.formed_on.year
    counter = IndexCounter.objects.select_for_update().filter(
        agency_id=record.agency_id, year=year).first()
    if counter is None:
        IndexCounter.objects.get_or_create(agency_id=record.agency_id, year=year)
        counter = IndexCounter.objects.select_for_update().get(agency_id=record.agency_id,
                                                               year=year)
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    return f"{record.agency.organisation_code}/{year}-{counter.last_serial:05d}"


def facets_changed(agency_id: int) -> None:
    """Drop the cached facet counts of the agency once the change is committed."""
    from django.core.cache import cache

    from gongkai.catalogue.selectors import facets_version_key

    def bump() -> None:
        key = facets_version_key(agency_id)
        cache.add(key, 0, None)
        cache.incr(key)

    transaction.on_commit(bump)


@dataclass
class Outcome:
    record: Record
    version: RecordVersion | None = None
    findings: list[ScanFinding] = field(default_factory=list)

    @property
    def held(self) -> bool:
        return self.version is None


_PUBLISH_FIELDS = ["index_number", "current_version", "published_on", "status", "publish_at",
                   "scan_cleared_digest",
                   "is_public", "next_attribute_review_on", "updated_at"]
_HOLD_FIELDS = ["status", "publish_at", "is_public", "updated_at"]


def publish_many(records: Sequence[Record], *, actor: Any, note: str = "",
                 attachments: dict[int, list[tuple[str, str]]] | None = None,
                 index_number: Callable[[Record], str] | None = None,
                 fixed_wording: Iterable[str] = (), audit: bool = True,
                 now: dt.datetime | None = None) -> list[Outcome]:
    """Publish a new version of each record, or hold it for confidentiality review.

    The records are saved working copies, locked by the caller's transaction. A record is
    held when the scan finds something in content no reviewer cleared: it moves to 待审查
    with its findings and no version is made. ``attachments`` gives the attachments' texts
    when the caller has them (the importer); ``index_number`` assigns numbers in bulk;
    ``audit`` False when the caller writes its own audit event per record (the importer).
    The registered guards are asked first; a refusal raises ``PublicationRefused`` and
    nothing of the batch is written.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("publication runs inside the writing transaction")
    check_guards(records)
    fixed = tuple(fixed_wording)
    now = now or timezone.now()
    today = timezone.localdate(now)
    user = actor if getattr(actor, "pk", None) else None
    outcomes: list[Outcome] = []
    held: list[Outcome] = []
    versions: list[tuple[Record, RecordVersion]] = []
    for record in records:
        check_transition(record.status, RecordStatus.PUBLISHED)
        sources = scan_sources(record, None if attachments is None else attachments.get(record.pk, []))
        cleared = (bool(record.scan_cleared_digest)
                   and record.scan_cleared_digest == content_digest(record, sources))
        found = [] if cleared else findings_for(record, sources, fixed)
        if found:
            outcome = Outcome(record, None, found)
            held.append(outcome)
            outcomes.append(outcome)
            continue
        if not record.index_number:
            record.index_number = (index_number or assign_index_number)(record)
        number = (record.current_version.number if record.current_version else 0) + 1
        version = RecordVersion(
            record=record, number=number, title=record.title, summary=record.summary,
            body=record.body, body_html=record.body_html, keywords=record.keywords,
            document_number=record.document_number,
            formed_on=record.formed_on, topic_id=record.topic_id, genre_id=record.genre_id,
            disclosure_attribute=record.disclosure_attribute, validity=record.validity,
            change_note=note[:300], published_at=now, published_by=user)
        versions.append((record, version))
        outcomes.append(Outcome(record, version, []))
    _hold(held, actor=actor, audit=audit, now=now)
    if not versions:
        return outcomes
    was_logged_public = {r.pk for r, _ in versions if r.is_public}
    RecordVersion.objects.bulk_create([v for _, v in versions])
    for record, version in versions:
        record.current_version = version
        if record.published_on is None:
            record.published_on = today
        record.status = RecordStatus.PUBLISHED
        record.publish_at = None
        record.is_public = visibility.compute_public(record)
        record.next_attribute_review_on = (
            None if record.disclosure_attribute == DisclosureAttribute.PROACTIVE
            else next_review_date(today))
        record.updated_at = now
    if len(versions) == 1:
        versions[0][0].save(update_fields=_PUBLISH_FIELDS)
    else:
        Record.objects.bulk_update([r for r, _ in versions], _PUBLISH_FIELDS, batch_size=500)
    for agency_id in {r.agency_id for r, _ in versions}:
        facets_changed(agency_id)
    RecordEvent.objects.bulk_create(
        [RecordEvent(record=r, verb="publish", comment=note, actor=user) for r, _ in versions])
    if audit:
        for record, version in versions:
            audit_record(actor=actor, verb="record.publish", obj=record, agency=record.agency_id,
                         details={"status": record.status, "comment": note,
                                  "version": version.number, "index_number": record.index_number,
                                  "public": record.is_public})
    _announce(versions, was_logged_public, attachments)
    return outcomes


def _announce(versions: list[tuple[Record, RecordVersion]], was_public: set[int],
              attachments: dict[int, list[tuple[str, str]]] | None) -> None:
    shas: dict[int, list[str]] = {}
    public_ids = [r.pk for r, _ in versions if r.is_public]
    if public_ids:
        for record_id, sha in Attachment.objects.filter(record_id__in=public_ids).values_list(
                "record_id", "sha256"):
            shas.setdefault(record_id, []).append(sha)
    items = [Published(record_id=r.pk, agency_id=r.agency_id, version_id=v.pk,
                       version_number=v.number, public=r.is_public,
                       leaf=leaf_data(r, v, shas.get(r.pk, [])) if r.is_public else {})
             for r, v in versions]
    after_publish(items)
    # A new version that is not proactive takes a once-public record out of public view.
    gone = [Withdrawn(record_id=r.pk, agency_id=r.agency_id, version_number=v.number,
                      cause="attribute", leaf=withdrawal_leaf(r, v.number, "attribute"))
            for r, v in versions if not r.is_public and r.pk in was_public]
    after_withdraw(gone)


def _hold(outcomes: list[Outcome], *, actor: Any, audit: bool, now: dt.datetime) -> None:
    """Send flagged records to 保密审查 with their findings; nothing becomes public."""
    if not outcomes:
        return
    user = actor if getattr(actor, "pk", None) else None
    records = [o.record for o in outcomes]
    ScanFinding.objects.filter(record__in=[r.pk for r in records]).delete()
    ScanFinding.objects.bulk_create([f for o in outcomes for f in o.findings])
    for record in records:
        if record.status != RecordStatus.IN_REVIEW:
            check_transition(record.status, RecordStatus.IN_REVIEW)
        record.status = RecordStatus.IN_REVIEW
        record.publish_at = None
        record.is_public = visibility.compute_public(record)  # a published version stays up
        record.updated_at = now
    Record.objects.bulk_update(records, _HOLD_FIELDS)
    comment = "保密审查：发现需要复核的内容，未发布，已转入保密审查。"
    RecordEvent.objects.bulk_create(
        [RecordEvent(record=r, verb="hold", comment=comment, actor=user) for r in records])
    if audit:
        for outcome in outcomes:
            audit_record(actor=actor, verb="record.hold", obj=outcome.record,
                         agency=outcome.record.agency_id,
                         details={"status": outcome.record.status, "comment": comment,
                                  "findings": [f.label for f in outcome.findings][:50]})
    after_change([r.pk for r in records])


def publish(record: Record, *, actor: Any, note: str = "", fixed_wording: Iterable[str] = (),
            attachments: list[tuple[str, str]] | None = None) -> Outcome:
    """One record through ``publish_many``; ``attachments`` when the caller has read them."""
    texts = None if attachments is None else {record.pk: attachments}
    return publish_many([record], actor=actor, note=note, fixed_wording=fixed_wording,
                        attachments=texts)[0]


def withdraw(record: Record, *, reason: str) -> None:
    """Tell the consumers that a record left the public catalogue (``record_withdraw``
    has saved it)."""
    version = record.current_version.number if record.current_version else None
    after_withdraw([Withdrawn(record_id=record.pk, agency_id=record.agency_id,
                              version_number=version, cause="withdrawn",
                              leaf=withdrawal_leaf(record, version, "withdrawn"))])
