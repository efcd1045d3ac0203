"""Writes of the consultations app: keyword-only, policy checked, one transaction, audited,
side effects after commit. ``actor=None`` is the system (the scheduler, the demo).

Refusals: ``PermissionDeniedError`` (the policy), ``InvalidTransition`` (the state; API
409), ``ValidationError`` keyed by field (bad input; nothing written).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.consultations import anchors as anchor_rules
from gongkai.consultations import grouping, limits
from gongkai.consultations.models import (
    STAGE_ORDER,
    AdoptionReport,
    AgencySettings,
    AnswerTemplate,
    Channel,
    Comment,
    CommentGroup,
    Consultation,
    ConsultationEvent,
    ConsultationStatus,
    Decision,
    DecisionStage,
    Disposition,
    DraftVersion,
    Moderation,
    ReportStatus,
)
from gongkai.consultations.policies import ConsultationPolicy
from gongkai.consultations.workflow import InvalidTransition, check_allowed, next_status
from gongkai.core import intake
from gongkai.core.policies import PermissionDeniedError
from gongkai.workdays.clock import SHANGHAI

S = ConsultationStatus
KIND = "consultations.comment"  # counter kind and HMAC namespace of tracking codes
PREFIX = "YJ"


class PeriodClosed(InvalidTransition):
    """A comment after the closing moment: nothing is stored (API 409)."""

    def __init__(self, consultation: Consultation):
        super().__init__(consultation.status, "comment")
        self.closes_on = consultation.closes_on

    @property
    def message(self) -> str:
        if self.closes_on:
            return (f"本次征求意见已于{self.closes_on:%Y年%m月%d日}截止,"
                    "您的意见未能提交,也未被保存。")
        return "本次征求意见尚未开始或已经结束,您的意见未被保存。"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _may_edit(actor: Any, obj: Any) -> None:
    _require(actor is None or ConsultationPolicy.can_edit(actor, obj))


def today() -> dt.date:
    return timezone.now().astimezone(SHANGHAI).date()


def _event(consultation: Consultation, verb: str, actor: Any, *, from_status: str = "",
           to_status: str = "", comment: str = "", public: bool = False,
           details: dict[str, Any] | None = None) -> None:
    ConsultationEvent.objects.create(consultation=consultation, verb=verb, actor=_user(actor),
                                     from_status=from_status, to_status=to_status,
                                     comment=comment, public=public, details=details or {})
    audit_record(actor=actor, verb=f"consultations.{verb}", obj=consultation,
                 agency=consultation.agency_id,
                 details={"status": consultation.status, **(details or {})})
    if public:
        _emit(consultation, verb, comment)


def _emit(consultation: Consultation, verb: str, comment: str) -> None:
    """Tell the consultation's followers (subscriptions, through core's event registry):
    every step the public page shows is an event, inside this transaction."""
    from django.urls import reverse

    from gongkai.core.events import PublicEvent, public_events_emit

    count = consultation.events.filter(verb=verb).count()
    public_events_emit([PublicEvent(
        source="consultations", ref=f"consultation:{consultation.pk}:{verb}:{count}",
        subject_key=f"consultation:{consultation.pk}", agency_id=consultation.agency_id,
        title=f"《{consultation.title}》{comment}"[:300],
        url=reverse("consultations:detail", kwargs={"agency": consultation.agency.slug,
                                                     "pk": consultation.pk}),
        kind="consultation", object_id=str(consultation.pk))])


def _locked(consultation: Consultation) -> Consultation:
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


# Decisions ------------------------------------------------------------------------------


def decision_create(*, actor: Any, agency: Any, year: int, title: str, department: Any = None,
                    summary: str = "", basis: str = "", planned_on: dt.date | None = None,
                    sort_order: int = 0,
                    stages: dict[str, dt.date | None] | None = None) -> Decision:
    """An item of the yearly directory, with the planned date of each stage."""
    _may_edit(actor, agency)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": ["请填写决策事项名称。"]})
    if department is not None and department.agency_id != agency.pk:
        raise ValidationError({"department": ["承办单位不属于本机构。"]})
    with transaction.atomic():
        decision = Decision.objects.create(agency=agency, year=year, title=title[:200],
                                           department=department, summary=summary,
                                           basis=basis, planned_on=planned_on,
                                           sort_order=sort_order)
        for stage in STAGE_ORDER:
            DecisionStage.objects.create(decision=decision, stage=stage,
                                         planned_on=(stages or {}).get(stage))
        audit_record(actor=actor, verb="consultations.decision_create", obj=decision,
                     agency=agency.pk, details={"year": year})
    return decision


def decision_stage_update(*, actor: Any, decision: Decision, stage: str,
                          planned_on: dt.date | None = None, done_on: dt.date | None = None,
                          note: str = "", document: Any = None) -> DecisionStage:
    """Date a stage (planned, done), with a note and its document."""
    _may_edit(actor, decision)
    if stage not in STAGE_ORDER:
        raise ValidationError({"stage": ["没有这个程序环节。"]})
    if done_on and done_on > today():
        raise ValidationError({"done_on": ["完成时间不能晚于今天。"]})
    if document is not None and document.agency_id != decision.agency_id:
        raise ValidationError({"document": ["文件不属于本机构。"]})
    with transaction.atomic():
        row, _created = DecisionStage.objects.select_for_update().get_or_create(
            decision=decision, stage=stage)
        row.planned_on = planned_on if planned_on is not None else row.planned_on
        row.done_on = done_on
        row.note = note
        if document is not None:
            row.document = document
        row.save()
        audit_record(actor=actor, verb="consultations.decision_stage", obj=decision,
                     agency=decision.agency_id,
                     details={"stage": stage, "done_on": done_on.isoformat() if done_on else None})
    return row


# Consultations --------------------------------------------------------------------------

NOTICE_FIELDS = ("title", "summary", "explanation", "basis", "contact", "channels")


def check_period(kind: str, opens_on: dt.date | None, closes_on: dt.date | None,
                 reason: str) -> dt.date | None:
    """The rule's earliest closing date; ValidationError when the period is shorter
    without a reason (713号 第十五条第二款)."""
    if opens_on is None or closes_on is None:
        raise ValidationError({"closes_on": ["请填写征求意见的开始日期和截止日期。"]})
    if closes_on < opens_on:
        raise ValidationError({"closes_on": ["截止日期不能早于开始日期。"]})
    minimum = limits.minimum_closes_on(kind, opens_on)
    if minimum is not None and closes_on < minimum and not (reason or "").strip():
        raise ValidationError({"period_reason": [
            f"{limits.ConsultationKind(kind).label}征求意见期限{limits.period_text(kind)},"
            f"截止日期不早于{minimum:%Y年%m月%d日};期限更短须说明理由,理由将随公告公开。"]})
    return minimum


def consultation_create(*, actor: Any, agency: Any, kind: str, title: str, text: str,
                        decision: Decision | None = None, department: Any = None,
                        summary: str = "", explanation: str = "", basis: str = "",
                        contact: str = "", channels: str = "") -> Consultation:
    """A draft consultation with version 1 of its text (standalone or from a decision)."""
    _may_edit(actor, agency)
    errors: dict[str, list[str]] = {}
    if kind not in limits.ConsultationKind.values:
        errors["kind"] = ["请选择草案类别。"]
    if not (title or "").strip():
        errors["title"] = ["请填写标题。"]
    if not (text or "").strip():
        errors["text"] = ["请填写草案正文。"]
    if decision is not None and decision.agency_id != agency.pk:
        errors["decision"] = ["决策事项不属于本机构。"]
    if department is not None and department.agency_id != agency.pk:
        errors["department"] = ["处室不属于本机构。"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consultation = Consultation.objects.create(
            agency=agency, kind=kind, title=title.strip()[:200], decision=decision,
            department=department, summary=summary, explanation=explanation, basis=basis,
            contact=contact, channels=channels)
        DraftVersion.objects.create(consultation=consultation, number=1, text=text,
                                    anchors=anchor_rules.parse(text), created_by=_user(actor))
        _event(consultation, "create", actor, to_status=consultation.status,
               details={"kind": kind, "decision": decision.pk if decision else None})
    return consultation


def consultation_update(*, actor: Any, consultation: Consultation, **fields: Any) -> Consultation:
    """The notice's fields, before the consultation opens."""
    _may_edit(actor, consultation)
    unknown = set(fields) - set(NOTICE_FIELDS) - {"department"}
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    with transaction.atomic():
        consultation = _locked(consultation)
        check_allowed(consultation.status, "edit")
        for name, value in fields.items():
            setattr(consultation, name, value)
        if not consultation.title.strip():
            raise ValidationError({"title": ["请填写标题。"]})
        consultation.save()
        _event(consultation, "update", actor, details={"fields": sorted(fields)})
    return consultation


def consultation_schedule(*, actor: Any, consultation: Consultation, opens_on: dt.date,
                          closes_on: dt.date, period_reason: str = "") -> Consultation:
    """Fix the period; the scheduler opens it on ``opens_on`` (today: at once)."""
    _may_edit(actor, consultation)
    if opens_on is not None and opens_on < today():
        raise ValidationError({"opens_on": ["开始日期不能早于今天。"]})
    minimum = check_period(consultation.kind, opens_on, closes_on, period_reason)
    with transaction.atomic():
        consultation = _locked(consultation)
        before = consultation.status
        consultation.status = next_status(before, "schedule")
        consultation.opens_on, consultation.closes_on = opens_on, closes_on
        consultation.minimum_closes_on = minimum
        consultation.period_reason = period_reason.strip() if minimum and closes_on < minimum else ""
        consultation.save()
        _event(consultation, "schedule", actor, from_status=before, to_status=consultation.status,
               details={"opens_on": opens_on.isoformat(), "closes_on": closes_on.isoformat()})
    if opens_on <= today():
        consultation = consultation_open(actor=actor, consultation=consultation)
    return consultation


def consultation_unschedule(*, actor: Any, consultation: Consultation) -> Consultation:
    _may_edit(actor, consultation)
    with transaction.atomic():
        consultation = _locked(consultation)
        before = consultation.status
        consultation.status = next_status(before, "unschedule")
        consultation.save()
        _event(consultation, "unschedule", actor, from_status=before, to_status=consultation.status)
    return consultation


def consultation_open(*, actor: Any, consultation: Consultation,
                      closes_on: dt.date | None = None, period_reason: str = "") -> Consultation:
    """Publish the notice and take comments. From draft the period starts today and
    ``closes_on`` is required; a scheduled one opens on its day (early: from today)."""
    _may_edit(actor, consultation)
    with transaction.atomic():
        consultation = _locked(consultation)
        before = consultation.status
        status = next_status(before, "open")
        opens_on = today()
        if before == S.SCHEDULED:
            closes_on = closes_on or consultation.closes_on
            period_reason = period_reason or consultation.period_reason
        minimum = check_period(consultation.kind, opens_on, closes_on, period_reason)
        assert closes_on is not None
        consultation.status = status
        consultation.opens_on, consultation.closes_on = opens_on, closes_on
        consultation.minimum_closes_on = minimum
        consultation.period_reason = period_reason.strip() if minimum and closes_on < minimum else ""
        consultation.opened_at = timezone.now()
        consultation.save()
        _event(consultation, "open", actor, from_status=before, to_status=status, public=True,
               comment=f"征求意见自{opens_on:%Y年%m月%d日}起至{closes_on:%Y年%m月%d日}止。",
               details={"opens_on": opens_on.isoformat(), "closes_on": closes_on.isoformat()})
    return consultation


def consultation_extend(*, actor: Any, consultation: Consultation, closes_on: dt.date,
                        notice: str) -> Consultation:
    """A later closing date, with a notice published on the consultation page."""
    _may_edit(actor, consultation)
    notice = (notice or "").strip()
    if not notice:
        raise ValidationError({"notice": ["请填写延期公告,说明延长的原因。"]})
    with transaction.atomic():
        consultation = _locked(consultation)
        next_status(consultation.status, "extend")
        if consultation.closes_on and closes_on <= consultation.closes_on:
            raise ValidationError({"closes_on": ["新的截止日期须晚于原截止日期。"]})
        before = consultation.closes_on
        consultation.closes_on = closes_on
        consultation.save()
        _event(consultation, "extend", actor, from_status=S.OPEN, to_status=S.OPEN,
               comment=notice, public=True,
               details={"from": before.isoformat() if before else None,
                        "to": closes_on.isoformat()})
    return consultation


def consultation_close(*, actor: Any, consultation: Consultation,
                       now: dt.datetime | None = None) -> Consultation:
    """End the period once its closing moment has passed (the scheduler does it)."""
    _may_edit(actor, consultation)
    now = now or timezone.now()
    with transaction.atomic():
        consultation = _locked(consultation)
        before = consultation.status
        status = next_status(before, "close")
        if consultation.closes_on and now < limits.closing_moment(consultation.closes_on):
            raise ValidationError({"closes_on": [
                f"征求意见期限至{consultation.closes_on:%Y年%m月%d日}届满,不能提前结束。"]})
        consultation.status = status
        consultation.closed_at = now
        consultation.save()
        _event(consultation, "close", actor, from_status=before, to_status=status)
    return consultation


def consultation_link_outcome(*, actor: Any, consultation: Consultation, record: Any) -> Consultation:
    """The adopted decision or rule, as published in the catalogue (the end of the trail)."""
    _may_edit(actor, consultation)
    if record.agency_id != consultation.agency_id:
        raise ValidationError({"record": ["文件不属于本机构。"]})
    with transaction.atomic():
        consultation = _locked(consultation)
        consultation.outcome_record = record
        consultation.save(update_fields=["outcome_record"])
        _event(consultation, "link_outcome", actor, details={"record": record.pk})
    return consultation


# Draft versions -------------------------------------------------------------------------


def version_add(*, actor: Any, consultation: Consultation, text: str, note: str = "") -> DraftVersion:
    """A new text of the draft; earlier versions and the comments on them stay."""
    _may_edit(actor, consultation)
    if not (text or "").strip():
        raise ValidationError({"text": ["请填写草案正文。"]})
    with transaction.atomic():
        consultation = _locked(consultation)
        check_allowed(consultation.status, "version")
        number = (consultation.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = DraftVersion.objects.create(consultation=consultation, number=number,
                                              text=text, note=note.strip(),
                                              anchors=anchor_rules.parse(text),
                                              created_by=_user(actor))
        _event(consultation, "version", actor, public=consultation.status == S.OPEN,
               comment=f"发布第{number}版草案。{note.strip()}", details={"number": number})
    return version


def version_edit(*, actor: Any, version: DraftVersion, text: str, note: str = "") -> DraftVersion:
    """Correct a version nobody has commented on yet; one that comments point at is never
    edited (a new version is made instead, ``version_add``)."""
    _may_edit(actor, version.consultation)
    if not (text or "").strip():
        raise ValidationError({"text": ["请填写草案正文。"]})
    with transaction.atomic():
        consultation = _locked(version.consultation)
        check_allowed(consultation.status, "edit")
        version = DraftVersion.objects.select_for_update().get(pk=version.pk)
        if version.comments.exists():
            raise ValidationError({"text": ["已有意见针对这一版本,不能修改;请发布新版本。"]})
        version.text, version.note = text, note.strip() or version.note
        version.anchors = anchor_rules.parse(text)
        version.save()
        _event(consultation, "version_edit", actor, details={"number": version.number})
    return version


def current_version(consultation: Consultation) -> DraftVersion:
    return consultation.versions.order_by("-number").first()  # type: ignore[return-value]


# Comments -------------------------------------------------------------------------------

COMMENT_FIELDS = ("text", "anchor", "display_name", "email")


@dataclass(frozen=True)
class Submission:
    comment: Comment
    tracking_code: str | None  # None: a replay past the window (the code is not kept)
    created: bool


def tracking_code(case_number: str, code: str) -> str:
    return f"{case_number}-{code}"


def split_tracking_code(value: str) -> tuple[str, str]:
    value = "".join((value or "").split()).upper()
    number, _sep, code = value.rpartition("-")
    return number, code


def _clean_comment(consultation: Consultation, version: DraftVersion,
                   data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    text = (data.get("text") or "").strip()
    if not text:
        errors["text"] = ["请填写意见内容。"]
    elif len(text) > limits.MAX_COMMENT:
        errors["text"] = [f"意见内容不超过{limits.MAX_COMMENT}字(现为{len(text)}字);"
                          "较长的意见可以分几次提交,或通过信函、电子邮件提交。"]
    anchor = (data.get("anchor") or "").strip()
    found = anchor_rules.find(version.anchors, anchor) if anchor else None
    if anchor and found is None:
        errors["anchor"] = ["草案中没有这一条款,请重新选择。"]
    name = (data.get("display_name") or "").strip()
    if len(name) > limits.MAX_DISPLAY_NAME:
        errors["display_name"] = [f"显示名称不超过{limits.MAX_DISPLAY_NAME}字。"]
    email = (data.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = ["请填写正确的电子邮箱,或留空。"]
    if errors:
        raise ValidationError(errors)
    return {"text": text, "anchor": anchor, "anchor_label": found["label"] if found else "",
            "display_name": name, "email": email}


def _publish_at_once(agency_id: int) -> bool:
    return AgencySettings.objects.filter(agency_id=agency_id, publish_immediately=True).exists()


def _new_comment(consultation: Consultation, version: DraftVersion, data: dict[str, Any],
                 code: str, **extra: Any) -> Comment:
    year = today().year
    comment = Comment(consultation=consultation, version=version,
                      **data, **extra)
    comment.case_number = intake.case_number(
        PREFIX, year, intake.next_serial(consultation.agency_id, KIND, year))
    comment.set_access_code(code)
    comment.save()
    return comment


def comment_submit(*, consultation: Consultation, text: str, anchor: str = "",
                   display_name: str = "", email: str = "", user: Any = None,
                   idempotency_key: str = "", now: dt.datetime | None = None) -> Submission:
    """A comment from the public (page or API), with or without an account. Refused with
    ``PeriodClosed`` after the closing moment: nothing is stored."""
    now = now or timezone.now()
    key = intake.clean_key(idempotency_key)
    raw = {"text": text, "anchor": anchor, "display_name": display_name, "email": email}
    submitted = intake.fingerprint(raw, COMMENT_FIELDS)
    existing = intake.replay_of(Comment.objects.filter(consultation=consultation), key, submitted)
    if existing is not None:
        code = intake.replayed_code(existing, KIND, key, now=now)
        return Submission(existing, tracking_code(existing.case_number, code) if code else None,
                          False)
    if consultation.status != S.OPEN or (
            consultation.closes_on and now >= limits.closing_moment(consultation.closes_on)):
        raise PeriodClosed(consultation)
    version = current_version(consultation)
    data = _clean_comment(consultation, version, raw)
    code = intake.code_for_submission(KIND, consultation.agency_id, key)
    try:
        with transaction.atomic():
            locked = _locked(consultation)
            if locked.status != S.OPEN:
                raise PeriodClosed(locked)
            moderation = (Moderation.PUBLISHED if _publish_at_once(locked.agency_id)
                          else Moderation.PENDING)
            comment = _new_comment(locked, version, data, code, submitted_by=_user(user),
                                   channel=Channel.ONLINE, received_on=now.astimezone(SHANGHAI).date(),
                                   moderation=moderation, idempotency_key=key,
                                   submission_fingerprint=submitted, submitted_at=now)
            audit_record(actor=_user(user), verb="consultations.comment_submit", obj=comment,
                         agency=locked.agency_id,
                         details={"consultation": locked.pk, "anchor": data["anchor"]})
    except IntegrityError:
        existing = intake.replay_of(Comment.objects.filter(consultation=consultation), key, submitted)
        if existing is None:
            raise
        return Submission(existing, tracking_code(existing.case_number, code), False)
    return Submission(comment, tracking_code(comment.case_number, code), True)


def comment_enter(*, actor: Any, consultation: Consultation, text: str, channel: str,
                  received_on: dt.date, anchor: str = "", display_name: str = "",
                  email: str = "") -> Submission:
    """A comment that came by post, e-mail, phone or at a symposium, entered by staff with
    its real date and channel; it gets a tracking code staff can pass on."""
    _may_edit(actor, consultation)
    if channel not in Channel.values or channel == Channel.ONLINE:
        raise ValidationError({"channel": ["请选择收到意见的渠道(信函、电子邮件、电话、座谈会等)。"]})
    with transaction.atomic():
        consultation = _locked(consultation)
        check_allowed(consultation.status, "enter")
        if received_on is None or (consultation.opens_on and received_on < consultation.opens_on) \
                or (consultation.closes_on and received_on > consultation.closes_on) \
                or received_on > today():
            raise ValidationError({"received_on": ["收到日期须在征求意见期间内,且不晚于今天。"]})
        version = current_version(consultation)
        data = _clean_comment(consultation, version, {
            "text": text, "anchor": anchor, "display_name": display_name, "email": email})
        code = intake.new_access_code()
        comment = _new_comment(consultation, version, data, code, channel=channel,
                               received_on=received_on, entered_by=_user(actor),
                               submitted_at=timezone.now())
        audit_record(actor=actor, verb="consultations.comment_enter", obj=comment,
                     agency=consultation.agency_id,
                     details={"consultation": consultation.pk, "channel": channel})
    return Submission(comment, tracking_code(comment.case_number, code), True)


def comment_moderate(*, actor: Any, comment: Comment, publish: bool, reason: str = "") -> Comment:
    """Publish a comment, or hide it with a reason the commenter sees (abuse, personal
    data, off-topic)."""
    _may_edit(actor, comment.consultation)
    reason = (reason or "").strip()
    if not publish and not reason:
        raise ValidationError({"reason": ["请填写不予公开的理由,提交人查询时可以看到。"]})
    with transaction.atomic():
        consultation = _locked(comment.consultation)
        check_allowed(consultation.status, "moderate")
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        comment.moderation = Moderation.PUBLISHED if publish else Moderation.HIDDEN
        comment.hidden_reason = "" if publish else reason[:300]
        comment.save(update_fields=["moderation", "hidden_reason"])
        audit_record(actor=actor, verb="consultations.comment_moderate", obj=comment,
                     agency=consultation.agency_id,
                     details={"moderation": comment.moderation, "reason": comment.hidden_reason})
    return comment


def comments_moderate_bulk(*, actor: Any, consultation: Consultation, comment_ids: list[int],
                           publish: bool, reason: str = "") -> int:
    _may_edit(actor, consultation)
    reason = (reason or "").strip()
    if not publish and not reason:
        raise ValidationError({"reason": ["请填写不予公开的理由,提交人查询时可以看到。"]})
    with transaction.atomic():
        consultation = _locked(consultation)
        check_allowed(consultation.status, "moderate")
        count = Comment.objects.filter(consultation=consultation, pk__in=comment_ids).update(
            moderation=Moderation.PUBLISHED if publish else Moderation.HIDDEN,
            hidden_reason="" if publish else reason[:300])
        _event(consultation, "comments_moderate", actor,
               details={"count": count, "publish": publish, "reason": reason[:300]})
    return count


def comments_group(*, actor: Any, consultation: Consultation) -> int:
    """Group near-duplicate comments (ADR 0017); returns the number of groups."""
    _may_edit(actor, consultation)
    with transaction.atomic():
        consultation = _locked(consultation)
        check_allowed(consultation.status, "group")
        rows = list(Comment.objects.filter(consultation=consultation)
                    .order_by("id").values_list("id", "text"))
        clusters = grouping.cluster(rows)
        Comment.objects.filter(consultation=consultation).update(group=None)
        CommentGroup.objects.filter(consultation=consultation).delete()
        for leader, ids in clusters.items():
            group = CommentGroup.objects.create(consultation=consultation,
                                                representative_id=leader, size=len(ids))
            Comment.objects.filter(pk__in=ids).update(group=group)
        _event(consultation, "group", actor, details={"groups": len(clusters),
                                                      "comments": sum(map(len, clusters.values()))})
    return len(clusters)


def _check_answer(disposition: str, answer: str) -> str:
    answer = (answer or "").strip()
    errors: dict[str, list[str]] = {}
    if disposition not in Disposition.values:
        errors["disposition"] = ["请选择处理结果。"]
    if disposition in (Disposition.NOT_ADOPTED, Disposition.PARTLY) and not answer:
        errors["answer"] = ["未采纳或部分采纳的意见须说明理由。"]
    if len(answer) > 5000:
        errors["answer"] = ["答复不超过5000字。"]
    if errors:
        raise ValidationError(errors)
    return answer


def comment_answer(*, actor: Any, comment: Comment, disposition: str, answer: str) -> Comment:
    """One comment's disposition and answer; public only with the report."""
    _may_edit(actor, comment.consultation)
    answer = _check_answer(disposition, answer)
    with transaction.atomic():
        consultation = _locked(comment.consultation)
        check_allowed(consultation.status, "answer")
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        comment.disposition, comment.answer = disposition, answer
        comment.answered_at, comment.answered_by = timezone.now(), _user(actor)
        comment.save(update_fields=["disposition", "answer", "answered_at", "answered_by"])
        audit_record(actor=actor, verb="consultations.comment_answer", obj=comment,
                     agency=consultation.agency_id, details={"disposition": disposition})
    return comment


def comments_answer_bulk(*, actor: Any, consultation: Consultation, disposition: str,
                         answer: str = "", template: AnswerTemplate | None = None,
                         comment_ids: list[int] | None = None, group: CommentGroup | None = None,
                         article: str = "", only_unanswered: bool = True) -> int:
    """Answer many comments at once: chosen ones, a group of near-duplicates, or every
    comment on one article; ``template`` supplies the answer when none is written.
    Hidden comments are not answered (they are not in the report)."""
    _may_edit(actor, consultation)
    if template is not None:
        if template.agency_id != consultation.agency_id:
            raise ValidationError({"template": ["模板不属于本机构。"]})
        answer = (answer or "").strip() or template.text
    answer = _check_answer(disposition, answer)
    if not comment_ids and group is None and not article:
        raise ValidationError({"comment_ids": ["请选择要答复的意见。"]})
    with transaction.atomic():
        consultation = _locked(consultation)
        check_allowed(consultation.status, "answer")
        rows = Comment.objects.filter(consultation=consultation).exclude(
            moderation=Moderation.HIDDEN)
        if comment_ids:
            rows = rows.filter(pk__in=comment_ids)
        if group is not None:
            if group.consultation_id != consultation.pk:
                raise ValidationError({"group": ["这组意见不属于本次征求意见。"]})
            rows = rows.filter(group=group)
        if article:
            rows = rows.filter(anchor__in=_article_keys(consultation, article))
        if only_unanswered:
            rows = rows.filter(disposition="")
        count = rows.update(disposition=disposition, answer=answer, answered_at=timezone.now(),
                            answered_by=_user(actor))
        _event(consultation, "answer_bulk", actor,
               details={"count": count, "disposition": disposition,
                        "group": group.pk if group else None, "article": article,
                        "template": template.pk if template else None})
    return count


def _article_keys(consultation: Consultation, article: str) -> list[str]:
    """Every anchor key of an article (the article and its paragraphs) in any version."""
    keys = {article}
    for version in consultation.versions.all():
        keys |= {a["key"] for a in version.anchors if a["article"] == article}
    return sorted(keys)


def template_create(*, actor: Any, agency: Any, title: str, disposition: str,
                    text: str) -> AnswerTemplate:
    _may_edit(actor, agency)
    errors: dict[str, list[str]] = {}
    if not (title or "").strip():
        errors["title"] = ["请填写模板名称。"]
    if disposition not in Disposition.values:
        errors["disposition"] = ["请选择处理结果。"]
    if not (text or "").strip():
        errors["text"] = ["请填写答复内容。"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        template = AnswerTemplate.objects.create(agency=agency, title=title.strip()[:100],
                                                 disposition=disposition, text=text.strip())
        audit_record(actor=actor, verb="consultations.template_create", obj=template,
                     agency=agency.pk)
    return template


def settings_set(*, actor: Any, agency: Any, publish_immediately: bool) -> AgencySettings:
    _require(actor is None or ConsultationPolicy.can_configure(actor, agency))
    with transaction.atomic():
        row, _created = AgencySettings.objects.select_for_update().get_or_create(agency=agency)
        row.publish_immediately = publish_immediately
        row.save()
        audit_record(actor=actor, verb="consultations.settings", obj=row, agency=agency.pk,
                     details={"publish_immediately": publish_immediately})
    return row


# Adoption report ------------------------------------------------------------------------


def report_generate(*, actor: Any, consultation: Consultation, summary: str = "") -> AdoptionReport:
    """Build (or rebuild) the report from the comments as they stand; it then waits for
    review. Every comment must be moderated, every published one answered."""
    from gongkai.consultations import report as render

    _may_edit(actor, consultation)
    with transaction.atomic():
        consultation = _locked(consultation)
        check_allowed(consultation.status, "generate")
        comments = Comment.objects.filter(consultation=consultation)
        errors = []
        pending = comments.filter(moderation=Moderation.PENDING).count()
        if pending:
            errors.append(f"还有{pending}条意见未审核。")
        unanswered = comments.filter(moderation=Moderation.PUBLISHED, disposition="").count()
        if unanswered:
            errors.append(f"还有{unanswered}条意见未答复。")
        if errors:
            raise ValidationError({"__all__": errors})
        report, _created = AdoptionReport.objects.select_for_update().get_or_create(
            consultation=consultation)
        if report.status == ReportStatus.PUBLISHED:
            raise InvalidTransition(consultation.status, "generate")
        report.summary = (summary or "").strip() or report.summary
        report.figures = render.figures(consultation)
        report.body = render.to_text(consultation, report.figures, report.summary)
        report.status = ReportStatus.DRAFT
        report.generated_at, report.generated_by = timezone.now(), _user(actor)
        report.reviewed_at, report.reviewed_by = None, None
        report.save()
        _event(consultation, "report_generate", actor, details={"totals": report.figures["totals"]})
    return report


def report_review(*, actor: Any, report: AdoptionReport) -> AdoptionReport:
    """A department head or the agency administrator approves the text."""
    _require(actor is None or ConsultationPolicy.can_approve(actor, report.consultation))
    with transaction.atomic():
        consultation = _locked(report.consultation)
        check_allowed(consultation.status, "review")
        report = AdoptionReport.objects.select_for_update().get(pk=report.pk)
        if report.status != ReportStatus.DRAFT:
            raise InvalidTransition(consultation.status, "review")
        report.status = ReportStatus.REVIEWED
        report.reviewed_at, report.reviewed_by = timezone.now(), _user(actor)
        report.save()
        _event(consultation, "report_review", actor)
    return report


def report_publish(*, actor: Any, report: AdoptionReport) -> AdoptionReport:
    """Publish the reviewed report as a catalogue record (the publication contract: scanned,
    versioned, logged, signed); every answer becomes public at the same moment; commenters
    who left an e-mail are told after commit."""
    from gongkai.catalogue import services as catalogue
    from gongkai.catalogue.services import genre_get_or_create, topic_get_or_create
    from gongkai.jobs.registry import job_enqueue

    _require(actor is None or ConsultationPolicy.can_approve(actor, report.consultation))
    with transaction.atomic():
        consultation = _locked(report.consultation)
        report = AdoptionReport.objects.select_for_update().get(pk=report.pk)
        status = next_status(consultation.status, "report")
        if report.status != ReportStatus.REVIEWED:
            raise ValidationError({"__all__": ["采纳情况报告须先经审核。"]})
        agency = consultation.agency
        department = consultation.department or agency.departments.filter(
            is_active=True).order_by("sort_order", "id").first()
        record = catalogue.publish_external(
            actor=actor, agency=agency, source="consultations.adoption_report",
            fields={"title": f"关于《{consultation.title}》公开征求意见采纳情况的反馈"[:300],
                    "summary": f"{consultation.title}征求意见采纳情况"[:100],
                    "body": report.body, "keywords": "征求意见,意见采纳情况",
                    "formed_on": today(), "department": department,
                    "topic": topic_get_or_create(code="general", name="综合政务"),
                    "genre": genre_get_or_create(code="adoption-report", name="意见采纳情况"),
                    "disclosure_attribute": "proactive", "is_official_document": False},
            record=report.record)
        report.record = record
        report.status = ReportStatus.PUBLISHED
        report.published_at = timezone.now()
        report.save()
        consultation.status = status
        consultation.save(update_fields=["status"])
        _event(consultation, "report_publish", actor, from_status=S.CLOSED, to_status=status,
               public=True, comment="意见采纳情况已公布。", details={"record": record.pk})
        job_enqueue("consultations.notify_report", key=f"notify-{consultation.pk}",
                    consultation_id=consultation.pk)
    return report


# The scheduler and the calendar -----------------------------------------------------------


def tick(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Open what is due to open, close what has passed its closing moment."""
    now = now or timezone.now()
    day = now.astimezone(SHANGHAI).date()
    opened = closed = 0
    for consultation in Consultation.objects.filter(status=S.SCHEDULED, opens_on__lte=day):
        try:
            consultation_open(actor=None, consultation=consultation)
            opened += 1
        except (ValidationError, InvalidTransition):
            continue  # its period no longer fits: staff see it still scheduled
    for consultation in Consultation.objects.filter(status=S.OPEN, closes_on__lt=day):
        consultation_close(actor=None, consultation=consultation, now=now)
        closed += 1
    return {"opened": opened, "closed": closed}


def recalculate_after_calendar_change(change: Any, clock: Any) -> int:
    """A calendar change moves the earliest closing date of working-day periods; the
    chosen closing date stays staff's, the history says why the minimum moved."""
    moved = 0
    for consultation in Consultation.objects.filter(
            status__in=[S.DRAFT, S.SCHEDULED, S.OPEN], opens_on__isnull=False):
        assert consultation.opens_on is not None
        minimum = limits.minimum_closes_on(consultation.kind, consultation.opens_on, clock=clock)
        if minimum != consultation.minimum_closes_on:
            with transaction.atomic():
                Consultation.objects.filter(pk=consultation.pk).update(minimum_closes_on=minimum)
                ConsultationEvent.objects.create(
                    consultation=consultation, verb="minimum_moved", comment=change.describe(),
                    details={"from": consultation.minimum_closes_on.isoformat()
                             if consultation.minimum_closes_on else None,
                             "to": minimum.isoformat() if minimum else None})
            moved += 1
    return moved
