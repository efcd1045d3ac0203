"""Writes for public-opinion response. Keyword-only actions: policy check, one transaction,
an audit event; e-mail goes out after commit (``jobs``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.catalogue import services as catalogue
from gongkai.catalogue.models import DisclosureAttribute
from gongkai.core.models import Agency
from gongkai.core.policies import PermissionDeniedError
from gongkai.core.workflow import InvalidTransition
from gongkai.opinion import limits
from gongkai.opinion.models import (
    TRANSITIONS,
    Concern,
    ConcernDeadline,
    ConcernStep,
    DeadlineKind,
    Feed,
    InboundItem,
    Level,
    Source,
    Stage,
)
from gongkai.opinion.policies import OpinionPolicy
from gongkai.workdays.clock import SHANGHAI

# A registration a little ahead of the server's clock (a phone's clock) is not "future".
CLOCK_SKEW = dt.timedelta(minutes=2)
FIRST_MET_BY_RESPONSE = (DeadlineKind.FIRST_RESPONSE, DeadlineKind.RESPONSE)


class InvalidConcernTransition(InvalidTransition):
    def __init__(self, current: str, wanted: str):
        super().__init__(current, wanted)
        self.current, self.wanted = current, wanted

    @property
    def message(self) -> str:
        return f"当前环节为“{Stage(self.current).label}”，不能进入“{Stage(self.wanted).label}”。"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _check(current: str, wanted: str) -> None:
    if wanted not in TRANSITIONS[current]:
        raise InvalidConcernTransition(current, wanted)


def concern_register(*, actor: Any, agency: Agency, title: str, level: str,
                     registered_at: dt.datetime | None = None, summary: str = "",
                     source: str = Source.STAFF, source_url: str = "", note: str = "",
                     now: dt.datetime | None = None) -> Concern:
    """Register a concern; its hours clocks start at ``registered_at`` (default: now)."""
    _require(actor is None or OpinionPolicy.can_handle(actor, agency))
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = ["请填写标题。"]
    if level not in Level.values:
        errors["level"] = ["级别须为 major_emergency（重大突发事件）或 general（一般社会关切）。"]
    if registered_at is None:
        registered_at = now
    elif registered_at.tzinfo is None:
        errors["registered_at"] = ["登记时间须带时区（如 +08:00）。"]
    elif registered_at > now + CLOCK_SKEW:
        errors["registered_at"] = ["登记时间不能晚于当前时间。"]
    if errors:
        raise ValidationError(errors)
    registered_at = registered_at.astimezone(SHANGHAI)
    with transaction.atomic():
        concern = Concern.objects.create(
            agency=agency, title=title.strip()[:200], summary=summary.strip(), level=level,
            registered_at=registered_at, source=source, source_url=source_url,
            created_by=_user(actor))
        ConcernDeadline.objects.bulk_create([
            ConcernDeadline(concern=concern, kind=kind, due_at=limits.due_at(limit, registered_at))
            for kind, limit in limits.limits_for(level).items()])
        ConcernStep.objects.create(concern=concern, stage=Stage.COLLECTED, actor=_user(actor),
                                   at=registered_at, note=note)
        audit_record(actor=actor, verb="opinion.register", obj=concern, agency=agency.pk,
                     details={"level": level, "registered_at": registered_at.isoformat(),
                              "source": source})
    return concern


def concern_step(*, actor: Any, concern: Concern, stage: str, note: str = "",
                 public_note: str = "", now: dt.datetime | None = None) -> Concern:
    """会商 or 研判 (or 评估 after the response): recorded with who and when."""
    _require(actor is None or OpinionPolicy.can_handle(actor, concern.agency_id))
    if stage == Stage.RESPONDED:
        raise ValidationError({"stage": ["回应须通过“发布回应”完成。"]})
    if stage not in Stage.values:
        raise ValidationError({"stage": ["请选择环节。"]})
    now = now or timezone.now()
    with transaction.atomic():
        locked = Concern.objects.select_for_update().get(pk=concern.pk)
        _check(locked.status, stage)
        locked.status = stage
        locked.save(update_fields=["status"])
        ConcernStep.objects.create(concern=locked, stage=stage, actor=_user(actor), at=now,
                                   note=note, public_note=public_note[:300])
        audit_record(actor=actor, verb=f"opinion.{stage}", obj=locked, agency=locked.agency_id,
                     details={"note": note[:300]})
    return locked


def concern_respond(*, actor: Any, concern: Concern, title: str, body: str, summary: str,
                    department: Any = None, now: dt.datetime | None = None) -> Concern:
    """Publish the response as a catalogue record (the one way to the public), meet the
    first-response clock, and make the concern's summary and timeline public. ``department``
    (optional) is the answering department the record is filed under."""
    _require(actor is None or OpinionPolicy.can_respond(actor, concern.agency_id))
    errors = {}
    if not title.strip():
        errors["title"] = ["请填写回应标题。"]
    if not body.strip():
        errors["body"] = ["请填写回应内容。"]
    if not summary.strip():
        errors["summary"] = ["请填写公开摘要（公众看到的事件概述）。"]
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    with transaction.atomic():
        locked = Concern.objects.select_for_update().select_related("agency").get(pk=concern.pk)
        _check(locked.status, Stage.RESPONDED)
        topic = catalogue.topic_get_or_create(code="general", name="综合政务")
        genre = catalogue.genre_get_or_create(code="announcement", name="公告")
        record = catalogue.publish_external(
            actor=actor, agency=locked.agency, source="opinion.response",
            fields={"title": title.strip()[:300], "summary": summary.strip()[:100],
                    "body": body.strip(), "keywords": "回应关切", "is_official_document": False,
                    "formed_on": timezone.localdate(now), "topic": topic, "genre": genre,
                    "department": department,
                    "disclosure_attribute": DisclosureAttribute.PROACTIVE},
            note="舆情回应")
        locked.status = Stage.RESPONDED
        locked.response_record = record
        locked.summary = summary.strip()
        locked.is_public = True
        locked.save(update_fields=["status", "response_record", "summary", "is_public"])
        ConcernDeadline.objects.filter(concern=locked, kind__in=FIRST_MET_BY_RESPONSE,
                                       met_at__isnull=True).update(met_at=now)
        ConcernStep.objects.create(concern=locked, stage=Stage.RESPONDED, actor=_user(actor),
                                   at=now, public_note=title.strip()[:300])
        audit_record(actor=actor, verb="opinion.respond", obj=locked, agency=locked.agency_id,
                     details={"record": record.pk})
    return locked


def press_conference_held(*, actor: Any, concern: Concern, held_at: dt.datetime,
                          note: str = "", now: dt.datetime | None = None) -> ConcernDeadline:
    _require(actor is None or OpinionPolicy.can_handle(actor, concern.agency_id))
    now = now or timezone.now()
    if held_at.tzinfo is None or held_at > now + CLOCK_SKEW:
        raise ValidationError({"held_at": ["发布会时间须带时区，且不能晚于当前时间。"]})
    with transaction.atomic():
        deadline = ConcernDeadline.objects.select_for_update().filter(
            concern=concern, kind=DeadlineKind.PRESS_CONFERENCE).first()
        if deadline is None:
            raise ValidationError({"held_at": ["该事件不需要召开新闻发布会。"]})
        deadline.met_at = held_at
        deadline.save(update_fields=["met_at"])
        ConcernStep.objects.create(concern=concern, stage=concern.status, actor=_user(actor),
                                   at=held_at, note=note, public_note="召开新闻发布会")
        audit_record(actor=actor, verb="opinion.press_conference", obj=concern,
                     agency=concern.agency_id, details={"held_at": held_at.isoformat()})
    return deadline


def alerts_due(*, now: dt.datetime | None = None) -> list[tuple[ConcernDeadline, str]]:
    """Deadlines to alert about now: ``warn`` (the warning period before the limit has
    begun) and ``due`` (the limit has passed, not met). Each is marked so it goes once."""
    now = now or timezone.now()
    out: list[tuple[ConcernDeadline, str]] = []
    with transaction.atomic():
        rows = (ConcernDeadline.objects.select_for_update().filter(
            met_at__isnull=True, due_at__lte=now + limits.warn_before())
            .select_related("concern", "concern__agency"))
        for deadline in rows:
            if deadline.due_at <= now and deadline.alerted_at is None:
                deadline.alerted_at = now
                if deadline.warned_at is None:
                    deadline.warned_at = now
                out.append((deadline, "due"))
            elif deadline.due_at > now and deadline.warned_at is None:
                deadline.warned_at = now
                out.append((deadline, "warn"))
            else:
                continue
            deadline.save(update_fields=["warned_at", "alerted_at"])
    return out


def feed_add(*, actor: Any, agency: Agency, name: str, url: str) -> Feed:
    _require(actor is None or OpinionPolicy.can_manage_feeds(actor, agency))
    if not url.lower().startswith(("http://", "https://")):
        raise ValidationError({"url": ["订阅源地址须以 http:// 或 https:// 开头。"]})
    if not name.strip():
        raise ValidationError({"name": ["请填写名称。"]})
    with transaction.atomic():
        feed = Feed.objects.create(agency=agency, name=name.strip()[:100], url=url)
        audit_record(actor=actor, verb="opinion.feed_add", obj=feed, agency=agency.pk,
                     details={"url": url})
    return feed


def inbound_add(*, actor: Any, agency: Agency, title: str, text: str = "",
                received_at: dt.datetime | None = None, source: str = "staff", ref: str = "",
                url: str = "", feed: Feed | None = None) -> tuple[InboundItem, bool]:
    """Store one inbound text (idempotent per source and reference)."""
    _require(actor is None or OpinionPolicy.can_handle(actor, agency))
    if not title.strip() and not text.strip():
        raise ValidationError({"title": ["请填写标题或内容。"]})
    received_at = received_at or timezone.now()
    ref = ref or f"{received_at.isoformat()}:{title[:100]}"
    item, created = InboundItem.objects.get_or_create(
        agency=agency, source=source, ref=ref[:300],
        defaults={"title": (title.strip() or text.strip())[:300], "text": text[:20000],
                  "url": url[:500], "received_at": received_at, "feed": feed})
    return item, created
