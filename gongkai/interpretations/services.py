"""Writes for interpretations and 三同步. Keyword-only actions: policy check, one
transaction, an audit event, side effects after commit.

The guard (``sync_guard``) and the consumer (``PublishWithPolicy``) are registered with the
catalogue's publication contract in ``apps.py``: the guard refuses the first publication of
a policy that needs an interpretation and has neither one prepared nor a recorded
exemption; the consumer publishes the prepared interpretations in the same step as their
policy and starts the clock of a deferred one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.catalogue import publication
from gongkai.catalogue import services as catalogue
from gongkai.catalogue.models import DisclosureAttribute, Genre, LinkKind, Record, RecordStatus
from gongkai.catalogue.visibility import is_public
from gongkai.core.models import Agency, Department
from gongkai.core.policies import PermissionDeniedError
from gongkai.core.workflow import InvalidTransition
from gongkai.interpretations import limits
from gongkai.interpretations.models import (
    NEEDS_CAPTIONS,
    NEEDS_TEXT_ALTERNATIVE,
    SECTIONS,
    TRANSITIONS,
    Form,
    Interpretation,
    Status,
    SyncRule,
    Waiver,
    WaiverKind,
)
from gongkai.interpretations.policies import InterpretationPolicy

EDITABLE_FIELDS = ("title", "form", "department", "media_url", "captions", "text_alternative",
                   *(name for name, _ in SECTIONS))
GENRE_CODE = "interpretation"


class InvalidInterpretationTransition(InvalidTransition):
    def __init__(self, current: str, wanted: str):
        super().__init__(current, wanted)
        self.current, self.wanted = current, wanted

    @property
    def message(self) -> str:
        return (f"解读当前为“{Status(self.current).label}”，不能改为“{Status(self.wanted).label}”。")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError


def _check(current: str, wanted: str) -> None:
    if wanted not in TRANSITIONS[current]:
        raise InvalidInterpretationTransition(current, wanted)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


# Which agencies have anything for the guard and the consumer ---------------------------

# The publication gate runs for every record of every agency: an agency without a 三同步
# rule, a prepared interpretation or a deferred policy costs no query (the catalogue
# bounds the queries of an approval). The set is cached briefly and dropped, at once and
# again after commit, whenever it may grow; a stale superset only costs a query.
ACTIVE_KEY = "interpretations:active-agencies"
ACTIVE_TTL_SECONDS = 60


def active_agencies() -> frozenset[int]:
    found = cache.get(ACTIVE_KEY)
    if found is None:
        rules = SyncRule.objects.order_by().values_list("agency_id", flat=True)
        prepared = Interpretation.objects.filter(status=Status.PREPARED).order_by().values_list(
            "agency_id", flat=True)
        deferred = Waiver.objects.filter(kind=WaiverKind.DEFERRED, due_on__isnull=True
                                         ).order_by().values_list("agency_id", flat=True)
        found = sorted(set(rules.union(prepared, deferred)))
        cache.set(ACTIVE_KEY, found, ACTIVE_TTL_SECONDS)
    return frozenset(found)


def _active_changed() -> None:
    cache.delete(ACTIVE_KEY)
    transaction.on_commit(lambda: cache.delete(ACTIVE_KEY))


# Readiness ------------------------------------------------------------------------------


def readiness_errors(item: Interpretation) -> dict[str, list[str]]:
    """What still stops publication, keyed by field: every content section, and the
    accessible alternative the form needs (captions/transcript, text alternative)."""
    errors: dict[str, list[str]] = {}
    for name, label in SECTIONS:
        if not getattr(item, name).strip():
            errors.setdefault(name, []).append(f"请填写“{label}”（不涉及的写“不涉及”）。")
    if item.form in NEEDS_CAPTIONS and not item.captions.strip():
        errors.setdefault("captions", []).append(
            f"{Form(item.form).label}须提供字幕或文字稿，未提供的不能发布（无障碍要求）。")
    if item.form in NEEDS_TEXT_ALTERNATIVE and not item.text_alternative.strip():
        errors.setdefault("text_alternative", []).append(
            f"{Form(item.form).label}须提供文字说明，未提供的不能发布（无障碍要求）。")
    if item.form != Form.TEXT and item.form != Form.PRESS and not item.media_url:
        errors.setdefault("media_url", []).append("请填写音视频或图解的地址。")
    return errors


def _validate_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown interpretation fields: {sorted(unknown)}")
    if "title" in fields and not str(fields["title"]).strip():
        raise ValidationError({"title": ["请填写标题。"]})
    if "form" in fields and fields["form"] not in Form.values:
        raise ValidationError({"form": ["请选择解读形式。"]})


# Interpretations ------------------------------------------------------------------------


def interpretation_create(*, actor: Any, policy: Record, title: str, form: str = Form.TEXT,
                          department: Department | None = None, **fields: Any) -> Interpretation:
    _require(actor is None or InterpretationPolicy.can_edit(actor, policy.agency_id))
    fields.update(title=title, form=form)
    _validate_fields(fields)
    if policy.genre.code == GENRE_CODE:
        raise ValidationError({"policy": ["解读不能再被解读，请选择政策文件。"]})
    if department is not None and department.agency_id != policy.agency_id:
        raise ValidationError({"department": ["处室不属于本机构。"]})
    with transaction.atomic():
        item = Interpretation(agency_id=policy.agency_id, policy=policy,
                              department=department or policy.department,
                              created_by=_user(actor), **fields)
        item.save()
        audit_record(actor=actor, verb="interpretation.create", obj=item,
                     agency=policy.agency_id, details={"policy": policy.pk, "form": form})
    return item


def interpretation_update(*, actor: Any, interpretation: Interpretation,
                          **fields: Any) -> Interpretation:
    """Edit the contents. A prepared interpretation goes back to drafting: it has to be
    checked again before it can go out."""
    _require(actor is None or InterpretationPolicy.can_edit(actor, interpretation.agency_id))
    _validate_fields(fields)
    with transaction.atomic():
        item = Interpretation.objects.select_for_update().get(pk=interpretation.pk)
        if item.status == Status.PUBLISHED:
            raise InvalidInterpretationTransition(item.status, Status.DRAFT)
        department = fields.get("department")
        if department is not None and department.agency_id != item.agency_id:
            raise ValidationError({"department": ["处室不属于本机构。"]})
        changed = sorted(k for k, v in fields.items() if getattr(item, k) != v)
        for name, value in fields.items():
            setattr(item, name, value)
        if changed and item.status == Status.PREPARED:
            item.status = Status.DRAFT
        item.save()
        audit_record(actor=actor, verb="interpretation.update", obj=item,
                     agency=item.agency_id, details={"fields": changed, "status": item.status})
    return item


def interpretation_prepare(*, actor: Any, interpretation: Interpretation) -> Interpretation:
    """备妥: complete and accessible; it will be published in the same step as its policy
    (or now, by ``interpretation_publish``, when the policy is already public)."""
    _require(actor is None or InterpretationPolicy.can_edit(actor, interpretation.agency_id))
    with transaction.atomic():
        item = Interpretation.objects.select_for_update().get(pk=interpretation.pk)
        _check(item.status, Status.PREPARED)
        errors = readiness_errors(item)
        if errors:
            raise ValidationError(errors)
        item.status = Status.PREPARED
        item.save(update_fields=["status", "updated_at"])
        _active_changed()
        audit_record(actor=actor, verb="interpretation.prepare", obj=item,
                     agency=item.agency_id, details={"form": item.form})
    return item


def interpretation_reopen(*, actor: Any, interpretation: Interpretation) -> Interpretation:
    _require(actor is None or InterpretationPolicy.can_edit(actor, interpretation.agency_id))
    with transaction.atomic():
        item = Interpretation.objects.select_for_update().get(pk=interpretation.pk)
        _check(item.status, Status.DRAFT)
        item.status = Status.DRAFT
        item.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, verb="interpretation.reopen", obj=item, agency=item.agency_id)
    return item


def _body(item: Interpretation) -> str:
    parts = []
    for name, label in SECTIONS:
        parts.append(f"【{label}】\n{getattr(item, name).strip()}")
    if item.form in NEEDS_CAPTIONS:
        parts.append(f"【字幕或文字稿】\n{item.captions.strip()}")
    if item.form in NEEDS_TEXT_ALTERNATIVE:
        parts.append(f"【图解文字说明】\n{item.text_alternative.strip()}")
    return "\n\n".join(parts)


def _genre() -> Genre:
    return catalogue.genre_get_or_create(code=GENRE_CODE, name="解读")


def _publish(item: Interpretation, actor: Any, *, now: dt.datetime) -> Interpretation:
    """Inside the caller's transaction: the interpretation as a catalogue record, linked
    both ways to its policy."""
    errors = readiness_errors(item)
    if errors:
        raise ValidationError(errors)
    policy = Record.objects.select_related("current_version", "topic").get(pk=item.policy_id)
    policy_title = policy.current_version.title if policy.current_version else policy.title
    summary = f"{Form(item.form).label}：{policy_title}"
    record = catalogue.publish_external(
        actor=actor, agency=item.agency, source="interpretations.interpretation",
        record=item.record,
        fields={"title": item.title, "summary": summary[:100], "body": _body(item),
                "keywords": "政策解读", "formed_on": timezone.localdate(now),
                "topic": policy.topic, "genre": _genre(), "department": item.department,
                "is_official_document": False,
                "disclosure_attribute": DisclosureAttribute.PROACTIVE},
        note="政策解读")
    # The catalogue's convention: the policy links to its interpretation.
    catalogue.record_link(actor=None, source=policy, target=record, kind=LinkKind.INTERPRETATION)
    item.record = record
    item.status = Status.PUBLISHED
    item.published_at = now
    item.policy_version = policy.current_version.number if policy.current_version else None
    item.save(update_fields=["record", "status", "published_at", "policy_version", "updated_at"])
    audit_record(actor=actor, verb="interpretation.publish", obj=item, agency=item.agency_id,
                 details={"record": record.pk, "policy": policy.pk, "form": item.form})
    return item


def interpretation_publish(*, actor: Any, interpretation: Interpretation,
                           now: dt.datetime | None = None) -> Interpretation:
    """Publish a prepared interpretation whose policy is already public (the deferred case);
    one whose policy is not yet public goes out with it, in the same step."""
    _require(actor is None or InterpretationPolicy.can_publish(actor, interpretation.agency_id))
    now = now or timezone.now()
    with transaction.atomic():
        item = Interpretation.objects.select_for_update().select_related("agency").get(
            pk=interpretation.pk)
        _check(item.status, Status.PUBLISHED)
        policy = Record.objects.select_related("current_version").get(pk=item.policy_id)
        if not is_public(policy):
            raise ValidationError({"__all__": [
                "所解读的政策文件尚未公开：解读已备妥，将在政策文件发布时同步发布（三同步）。"]})
        return _publish(item, actor, now=now)


# 三同步 ------------------------------------------------------------------------------------


def waiver_record(*, actor: Any, policy: Record, kind: str, reason: str,
                  now: dt.datetime | None = None) -> Waiver:
    """Record, with who and why, that this policy goes out without its interpretation: the
    interpretation follows within the allowed delay (deferred) or none is needed (exempt)."""
    _require(actor is None or InterpretationPolicy.can_waive(actor, policy.agency_id))
    if kind not in WaiverKind.values:
        raise ValidationError({"kind": ["请选择例外类型。"]})
    if not reason.strip():
        raise ValidationError({"reason": ["须写明理由。"]})
    now = now or timezone.now()
    with transaction.atomic():
        waiver = Waiver.objects.select_for_update().filter(policy=policy).first()
        if waiver is None:
            waiver = Waiver(policy=policy, agency_id=policy.agency_id)
        waiver.kind, waiver.reason, waiver.recorded_by = kind, reason.strip(), _user(actor)
        if policy.published_on and kind == WaiverKind.DEFERRED and waiver.due_on is None:
            waiver.policy_published_on = policy.published_on
            waiver.due_on = limits.due_on(policy.published_on)
        if kind == WaiverKind.EXEMPT:
            waiver.due_on = None
        waiver.save()
        _active_changed()
        audit_record(actor=actor, verb="interpretation.waiver", obj=waiver,
                     agency=policy.agency_id,
                     details={"policy": policy.pk, "kind": kind, "reason": reason.strip()[:300],
                              "due_on": waiver.due_on.isoformat() if waiver.due_on else None})
    return waiver


def sync_rule_set(*, actor: Any, agency: Agency, genre: Genre,
                  applies_from: dt.date) -> SyncRule:
    """须同步解读: policies of ``genre`` formed from ``applies_from`` on (older documents,
    e.g. an import of history, are not caught)."""
    from gongkai.core.models import Role
    from gongkai.core.policies import has_role

    _require(actor is None or has_role(actor, [Role.AGENCY_ADMIN], agency))
    with transaction.atomic():
        rule = SyncRule.objects.select_for_update().filter(agency=agency, genre=genre).first()
        if rule is not None and rule.applies_from == applies_from:
            return rule  # nothing changes: nothing to record
        rule, _ = SyncRule.objects.update_or_create(
            agency=agency, genre=genre, defaults={"applies_from": applies_from})
        _active_changed()
        audit_record(actor=actor, verb="interpretation.sync_rule", obj=rule, agency=agency.pk,
                     details={"genre": genre.code, "applies_from": applies_from.isoformat()})
    return rule


def needs_interpretation(records: Sequence[Record]) -> list[Record]:
    """The records (first publications) a 三同步 rule of their agency covers."""
    candidates = [r for r in records if r.current_version_id is None]
    if not candidates or not {r.agency_id for r in candidates} & active_agencies():
        return []
    rules = {(a, g): since for a, g, since in SyncRule.objects.filter(
        agency_id__in={r.agency_id for r in candidates}).values_list(
            "agency_id", "genre_id", "applies_from")}
    if not rules:
        return []
    return [r for r in candidates if (r.agency_id, r.genre_id) in rules
            and r.formed_on >= rules[(r.agency_id, r.genre_id)]]


def sync_guard(records: Sequence[Record]) -> dict[int, str]:
    """The publication guard: a covered policy needs an interpretation prepared (or already
    published) or a recorded exemption."""
    covered = needs_interpretation(records)
    if not covered:
        return {}
    ids = [r.pk for r in covered]
    ready = set(Interpretation.objects.filter(
        policy_id__in=ids, status__in=[Status.PREPARED, Status.PUBLISHED]).values_list(
            "policy_id", flat=True))
    waived = set(Waiver.objects.filter(policy_id__in=ids).values_list("policy_id", flat=True))
    out = {}
    for record in covered:
        if record.pk in ready or record.pk in waived:
            continue
        out[record.pk] = (
            f"三同步：《{record.title}》属于须同步解读的体裁（{record.genre.name}），"
            "发布前须备妥政策解读，或登记例外（政策先行、解读在规定期限内发布，或无需解读）"
            "并写明理由。")
    return out


class PublishWithPolicy(publication.Consumer):
    """When a policy is published: its prepared interpretations go out in the same step, and
    a deferred interpretation's due date is fixed."""

    name = "interpretations"

    def published(self, items: Sequence[publication.Published]) -> None:
        ids = [i.record_id for i in items if i.public]
        if not ids or not {i.agency_id for i in items if i.public} & active_agencies():
            return
        now = timezone.now()
        prepared = list(Interpretation.objects.select_related("agency").filter(
            policy_id__in=ids, status=Status.PREPARED).order_by("pk"))
        for item in prepared:
            _publish(item, None, now=now)
        waivers = list(Waiver.objects.filter(policy_id__in=ids, kind=WaiverKind.DEFERRED,
                                             due_on__isnull=True))
        if waivers:
            published = dict(Record.objects.filter(pk__in=[w.policy_id for w in waivers])
                             .values_list("pk", "published_on"))
            for waiver in waivers:
                day = published.get(waiver.policy_id) or timezone.localdate(now)
                waiver.policy_published_on = day
                waiver.due_on = limits.due_on(day)
                waiver.save(update_fields=["policy_published_on", "due_on"])


def deferred_open_q() -> Q:
    """Deferred waivers whose interpretation is not yet published."""
    published = Interpretation.objects.filter(status=Status.PUBLISHED).values("policy_id")
    return Q(kind=WaiverKind.DEFERRED, due_on__isnull=False) & ~Q(policy_id__in=published)


def reminders_due(*, today: dt.date | None = None) -> list[Waiver]:
    """Deferred interpretations due within a working day, or overdue, not reminded today:
    marked reminded (the job e-mails after commit)."""
    from gongkai.workdays.clock import Clock

    today = today or timezone.localdate()
    clock = Clock()
    out = []
    with transaction.atomic():
        for waiver in (Waiver.objects.select_for_update().filter(deferred_open_q())
                       .exclude(reminded_on=today).select_related("policy", "agency")):
            assert waiver.due_on is not None
            if clock.working_days_between(today, waiver.due_on) > 1:
                continue
            waiver.reminded_on = today
            waiver.save(update_fields=["reminded_on"])
            out.append(waiver)
    return out


def policy_public(record: Record) -> bool:
    return record.status == RecordStatus.PUBLISHED and is_public(record)
