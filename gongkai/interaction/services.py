"""Writes on messages: each one keyword-only, checks the policy (staff) or the access code
(the writer, proved by the caller), checks the transition table, changes the rows in one
``transaction.atomic()``, writes the message's history and an audit event, and sends
e-mail only after commit.

Validation of what the public sends is here, once (``clean_fields``), with Chinese
messages keyed by field; forms and the API pass them through field by field.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core import intake
from gongkai.core.policies import PermissionDeniedError
from gongkai.interaction import limits
from gongkai.interaction.models import (
    Channel,
    Message,
    MessageEvent,
    MessageStatus,
    MessageType,
    Publication,
    Rating,
)
from gongkai.interaction.policies import InteractionPolicy
from gongkai.interaction.workflow import InvalidTransition, check
from gongkai.workdays.clock import Clock

log = logging.getLogger("gongkai.interaction")

KIND = "mailbox"  # the counter kind and the access-code HMAC namespace
PREFIX = {Channel.MAILBOX: "XX", Channel.HOTLINE_12345: "RX", Channel.HOTLINE_12348: "FX"}
FIELDS = ("type", "subject", "text", "name", "email", "phone", "reply_by_email",
          "publish_consent", "attachment_name", "attachment_digest")
NAME_MAX, PHONE_MAX = 50, 30
IdempotencyConflict = intake.IdempotencyConflict


@dataclass(frozen=True)
class Submission:
    message: Message
    access_code: str | None
    created: bool


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


# Validation -------------------------------------------------------------------------------

_PHONE = re.compile(r"^[0-9+\-() ]{5,30}$")


def check_attachment(upload: Upload) -> tuple[str, str]:
    """(kind, content type) of an acceptable attachment, else ValidationError: over the
    size limit, not a document or picture by its bytes, or named as something it is not
    (a disguised file). The byte checks are the catalogue's (``catalogue.files``)."""
    from gongkai.catalogue.files import AttachmentRejected
    from gongkai.catalogue.files import check_attachment as sniff_and_check

    limit = limits.attachment_max_bytes()
    if len(upload.data) > limit:
        raise ValidationError({"attachment": f"附件不能超过 {limit // 1024} KB，"
                                             f"当前为 {len(upload.data) // 1024 + 1} KB。"})
    try:
        found = sniff_and_check(upload.data, upload.name)
    except AttachmentRejected as exc:
        raise ValidationError({"attachment": exc.message}) from exc
    if found.kind not in limits.ATTACHMENT_KINDS:
        raise ValidationError({"attachment": "附件只接受 PDF、Word、图片（PNG/JPEG/GIF）或纯文本文件。"})
    return found.kind, found.content_type


def clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """The submitted fields, trimmed and checked; ValidationError keyed by field."""
    errors: dict[str, str] = {}
    data: dict[str, Any] = {
        "type": str(fields.get("type") or "").strip(),
        "subject": " ".join(str(fields.get("subject") or "").split()),
        "text": str(fields.get("text") or "").strip(),
        "name": str(fields.get("name") or "").strip(),
        "email": str(fields.get("email") or "").strip(),
        "phone": str(fields.get("phone") or "").strip(),
        "reply_by_email": bool(fields.get("reply_by_email")),
        "publish_consent": bool(fields.get("publish_consent")),
    }
    if data["type"] not in MessageType.values:
        errors["type"] = "请选择来信类型：咨询、投诉、建议或求助。"
    low, high = limits.subject_range()
    if not data["subject"]:
        errors["subject"] = "请填写标题。"
    elif not low <= len(data["subject"]) <= high:
        errors["subject"] = f"标题应为{low}至{high}个字，当前为{len(data['subject'])}个字。"
    most = limits.text_max()
    if not data["text"]:
        errors["text"] = "请填写来信内容。"
    elif len(data["text"]) > most:
        errors["text"] = f"来信内容不能超过{most}个字，当前为{len(data['text'])}个字。"
    if not data["name"]:
        errors["name"] = "请填写姓名（不会在网站上公开）。"
    elif len(data["name"]) > NAME_MAX:
        errors["name"] = f"姓名不能超过{NAME_MAX}个字。"
    if data["email"]:
        try:
            validate_email(data["email"])
        except ValidationError:
            errors["email"] = "电子邮箱格式不正确，例如 name@example.com。"
    elif data["reply_by_email"]:
        errors["email"] = "选择了通过电子邮件接收答复，请填写电子邮箱。"
    if data["phone"] and not _PHONE.match(data["phone"]):
        errors["phone"] = "联系电话只能包含数字、空格和 +-()，5至30位。"
    if errors:
        raise ValidationError(errors)
    return data


# Due dates --------------------------------------------------------------------------------


def _set_due(message: Message, start_on: dt.date, *, clock: Clock | None = None,
             own: Any = None) -> None:
    limit = limits.answer_limit(agency_id=message.agency_id, type=message.type,
                                complex=message.complex, hotline=message.is_hotline, own=own)
    message.clock_start_on = start_on
    message.limit_days = limit.amount
    message.due_on, message.due_on_provisional = limits.due_for(limit, start_on, clock=clock)


def _event(message: Message, verb: str, *, actor: Any = None, before: str = "",
           comment: str = "", **details: Any) -> None:
    MessageEvent.objects.create(message=message, verb=verb, actor=actor if _person(actor) else None,
                                from_status=before, to_status=message.status, comment=comment,
                                details=details)


def _person(actor: Any) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def _audit(actor: Any, verb: str, message: Message, **details: Any) -> None:
    audit_record(actor=actor, verb=f"interaction.{verb}", obj=message, agency=message.agency_id,
                 details={"case_number": message.case_number, **details})


def _allow(ok: bool) -> None:
    if not ok:
        raise PermissionDeniedError("not allowed")


def _may(check: Any, actor: Any, obj: Any) -> bool:
    """``actor=None`` is the system (jobs, the demo loader); a person needs the policy."""
    return actor is None or bool(check(actor, obj))


def _locked(message: Message) -> Message:
    return Message.objects.select_for_update().get(pk=message.pk)


# The writer ---------------------------------------------------------------------------------


def message_submit(*, agency: Any, idempotency_key: str = "", attachment: Upload | None = None,
                   now: dt.datetime | None = None, submitted_by: Any = None,
                   **fields: Any) -> Submission:
    """A message through the mailbox (page or API). A retry with the same key and content
    answers with the same message (and, within a day, the same access code).
    ``submitted_by``: the signed-in public account, if any (its account page lists it)."""
    data = clean_fields(fields)
    kind_type = ("", "")
    if attachment is not None and attachment.data:
        kind_type = check_attachment(attachment)
    digest = ""
    if attachment is not None and attachment.data:
        import hashlib

        digest = hashlib.sha256(attachment.data).hexdigest()
    key = intake.clean_key(idempotency_key)
    fingerprint = intake.fingerprint({**data, "attachment_name": attachment.name if attachment else "",
                                      "attachment_digest": digest}, FIELDS)
    scope = Message.objects.filter(agency=agency)
    existing = intake.replay_of(scope, key, fingerprint)
    if existing is not None:
        return Submission(existing, intake.replayed_code(existing, KIND, key), False)
    code = intake.code_for_submission(KIND, agency.pk, key)
    now = now or timezone.now()
    try:
        with transaction.atomic():
            message = _new_message(agency=agency, channel=Channel.MAILBOX, received_at=now,
                                   data=data)
            message.idempotency_key = key
            message.submission_fingerprint = fingerprint
            message.submitted_at = now
            message.submitted_by = submitted_by
            message.set_access_code(code)
            if attachment is not None and attachment.data:
                message.attachment_name = attachment.name[-200:]
                message.attachment_type = kind_type[1]
                message.attachment.save(attachment.name, ContentFile(attachment.data), save=False)
            message.save()
            _event(message, "submit")
            _audit(None, "message_submit", message, channel=message.channel)
    except IntegrityError:
        existing = intake.replay_of(scope, key, fingerprint) if key else None
        if existing is None:
            raise
        return Submission(existing, intake.replayed_code(existing, KIND, key), False)
    return Submission(message, code, True)


def _new_message(*, agency: Any, channel: str, received_at: dt.datetime, data: dict[str, Any],
                 clock: Clock | None = None, own: Any = None) -> Message:
    """A message with its number and due date (inside the caller's transaction)."""
    local = timezone.localtime(received_at)
    serial = intake.next_serial(agency, f"{KIND}-{channel}", local.year)
    message = Message(agency=agency, channel=channel, received_at=received_at, **data)
    message.case_number = intake.case_number(PREFIX[Channel(channel)], local.year, serial)
    _set_due(message, local.date(), clock=clock, own=own)
    return message


def message_supply(*, message: Message, text: str) -> Message:
    """The writer answers the agency's question (access code proved by the caller); the
    answer limit runs again from today."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "请填写补充内容。"})
    if len(text) > limits.text_max():
        raise ValidationError({"text": f"补充内容不能超过{limits.text_max()}个字。"})
    with transaction.atomic():
        message = _locked(message)
        check(message.status, "supply")
        before = message.status
        message.status = MessageStatus.ROUTED if message.routed_at else MessageStatus.RECEIVED
        _set_due(message, timezone.localdate())
        message.save()
        _event(message, "supply", before=before, comment=text)
        _audit(None, "message_supply", message)
    return message


def message_rate(*, message: Message, rating: str, comment: str = "") -> Message:
    """满意 / 基本满意 / 不满意, once; rating an answered message closes it."""
    if rating not in Rating.values:
        raise ValidationError({"rating": "请选择满意、基本满意或不满意。"})
    comment = (comment or "").strip()[:500]
    with transaction.atomic():
        message = _locked(message)
        check(message.status, "rate")
        if message.rating:
            raise InvalidTransition(message.status, "rate", "您已经评价过这封来信。")
        before = message.status
        message.rating, message.rating_comment, message.rated_at = rating, comment, timezone.now()
        if message.status == MessageStatus.ANSWERED and rating != Rating.DISSATISFIED:
            message.status, message.closed_at = MessageStatus.CLOSED, timezone.now()
        message.save()
        _event(message, "rate", before=before, comment=comment, rating=rating)
        _audit(None, "message_rate", message, rating=rating)
    return message


def reopen_until(message: Message) -> dt.date | None:
    if message.answered_at is None:
        return None
    return timezone.localtime(message.answered_at).date() + dt.timedelta(days=limits.reopen_days())


def message_reopen(*, message: Message, reason: str) -> Message:
    """Once, within the reopen period after the answer (FixMyStreet #897)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请说明需要重新办理的原因。"})
    with transaction.atomic():
        message = _locked(message)
        check(message.status, "reopen")
        if message.reopen_count >= 1:
            raise InvalidTransition(message.status, "reopen", "每封来信只能申请重新办理一次。")
        until = reopen_until(message)
        if until is None or timezone.localdate() > until:
            raise InvalidTransition(message.status, "reopen",
                                    f"答复后{limits.reopen_days()}日内可以申请重新办理，已超过期限。")
        before = message.status
        message.status = MessageStatus.REOPENED
        message.reopen_count += 1
        message.reopen_reason = reason[:2000]
        message.closed_at = None
        _set_due(message, timezone.localdate())
        message.save()
        _event(message, "reopen", before=before, comment=reason)
        _audit(None, "message_reopen", message)
    return message


def publication_decide(*, message: Message, approve: bool) -> Message:
    """The writer approves or declines the text prepared for publication."""
    with transaction.atomic():
        message = _locked(message)
        check(message.status, "publish")
        if message.publication != Publication.PENDING:
            raise InvalidTransition(message.status, "publish", "没有待您确认的公开文本。")
        message.publication = Publication.APPROVED if approve else Publication.DECLINED
        message.published_at = timezone.now() if approve else None
        message.save()
        _event(message, "publication_approve" if approve else "publication_decline")
        _audit(None, "publication_approve" if approve else "publication_decline", message)
    return message


# Staff --------------------------------------------------------------------------------------


def message_route(*, actor: Any, message: Message, department: Any = None, assignee: Any = None,
                  comment: str = "") -> Message:
    _allow(_may(InteractionPolicy.can_handle, actor, message))
    if department is not None and department.agency_id != message.agency_id:
        raise ValidationError({"department": "处室不属于本机构。"})
    if assignee is not None and not InteractionPolicy.can_handle(assignee, message):
        raise ValidationError({"assignee": "经办人不是本机构的来信办理人员。"})
    if department is None and assignee is None:
        raise ValidationError({"department": "请选择承办处室或经办人。"})
    with transaction.atomic():
        message = _locked(message)
        check(message.status, "route")
        before = message.status
        message.department = department or message.department
        message.assignee = assignee
        if message.status == MessageStatus.RECEIVED:
            message.status = MessageStatus.ROUTED
        message.routed_at = message.routed_at or timezone.now()
        message.save()
        _event(message, "route", actor=actor, before=before, comment=comment,
               department=department.name if department else "",
               assignee=assignee.username if assignee else "")
        _audit(actor, "message_route", message,
               department=department.pk if department else None,
               assignee=assignee.pk if assignee else None)
    return message


def message_route_bulk(*, actor: Any, messages: list[Message], department: Any = None,
                       assignee: Any = None) -> tuple[list[Message], list[tuple[Message, str]]]:
    """Route many at once; each is its own step, so one refusal stops none of the others.
    Returns (routed, [(message, why not)])."""
    done: list[Message] = []
    refused: list[tuple[Message, str]] = []
    for message in messages:
        try:
            done.append(message_route(actor=actor, message=message, department=department,
                                      assignee=assignee))
        except InvalidTransition as exc:
            refused.append((message, exc.message))
        except PermissionDeniedError:
            refused.append((message, "无权办理该来信。"))
        except ValidationError as exc:
            refused.append((message, "；".join(exc.messages)))
    return done, refused


def message_mark_complex(*, actor: Any, message: Message, complex: bool = True,
                         reason: str = "") -> Message:
    """A complex matter gets the longer limit, counted from the original start."""
    _allow(_may(InteractionPolicy.can_handle, actor, message))
    with transaction.atomic():
        message = _locked(message)
        check(message.status, "mark_complex")
        if message.is_hotline:
            raise InvalidTransition(message.status, "mark_complex",
                                    "热线工单的办理时限由热线派单确定，不能标记为复杂事项。")
        old = message.due_on
        message.complex = complex
        _set_due(message, message.clock_start_on)
        message.save()
        _event(message, "mark_complex", actor=actor, before=message.status, comment=reason,
               complex=complex, due_from=old.isoformat(), due_to=message.due_on.isoformat())
        _audit(actor, "message_mark_complex", message, complex=complex)
    return message


def message_ask(*, actor: Any, message: Message, question: str) -> Message:
    """Ask the writer for more (waiting for the public); shown on the status page."""
    _allow(_may(InteractionPolicy.can_handle, actor, message))
    question = (question or "").strip()
    if not question:
        raise ValidationError({"question": "请写明需要来信人补充的内容。"})
    with transaction.atomic():
        message = _locked(message)
        before = message.status
        message.status = check(message.status, "ask")
        message.waiting_question = question[:2000]
        message.waiting_since = timezone.localdate()
        message.save()
        _event(message, "ask", actor=actor, before=before, comment=question)
        _audit(actor, "message_ask", message)
    _notify_writer(message, "您的来信需要补充材料")
    return message


def message_answer(*, actor: Any, message: Message, reply: str) -> Message:
    """Answer; when the agency reviews replies, the answer waits for a reviewer."""
    _allow(_may(InteractionPolicy.can_handle, actor, message))
    reply = (reply or "").strip()
    if not reply:
        raise ValidationError({"reply": "请填写答复内容。"})
    if limits.reply_review_required(message.agency_id):
        return _draft(actor=actor, message=message, reply=reply)
    with transaction.atomic():
        message = _locked(message)
        before = message.status
        message.status = check(message.status, "answer")
        _answered(message, reply, actor)
        message.save()
        _event(message, "answer", actor=actor, before=before)
        _audit(actor, "message_answer", message, in_time=message.answered_in_time)
    _notify_writer(message, "您的来信已答复")
    return message


def _draft(*, actor: Any, message: Message, reply: str) -> Message:
    with transaction.atomic():
        message = _locked(message)
        before = message.status
        message.status = check(message.status, "draft")
        message.draft_reply, message.drafted_by = reply, actor
        message.save()
        _event(message, "draft", actor=actor, before=before)
        _audit(actor, "message_draft", message)
    return message


def _answered(message: Message, reply: str, actor: Any) -> None:
    message.reply = reply
    message.replied_by = actor if _person(actor) else None
    message.answered_at = timezone.now()
    message.answered_in_time = timezone.localtime(message.answered_at).date() <= message.due_on
    message.draft_reply = ""
    if message.publish_consent and message.publication == Publication.NONE:
        message.publication = Publication.PENDING
        message.published_subject = redact(message.subject, message)
        message.published_text = redact(message.text, message)
        message.published_reply = redact(reply, message)


def message_review(*, actor: Any, message: Message, approve: bool, comment: str = "",
                   reply: str | None = None) -> Message:
    """A reviewer sends the draft (possibly edited) or returns it; never their own draft."""
    _allow(_may(InteractionPolicy.can_review, actor, message))
    if actor is not None and message.drafted_by_id == getattr(actor, "pk", None):
        raise InvalidTransition(message.status, "approve" if approve else "return",
                                "答复须由起草人以外的人员审核。")
    if not approve and not (comment or "").strip():
        raise ValidationError({"comment": "退回时请写明审核意见。"})
    with transaction.atomic():
        message = _locked(message)
        before = message.status
        message.status = check(message.status, "approve" if approve else "return")
        if approve:
            _answered(message, (reply or message.draft_reply).strip(), actor)
        message.save()
        _event(message, "approve" if approve else "return", actor=actor, before=before,
               comment=comment)
        _audit(actor, "reply_approve" if approve else "reply_return", message)
    if approve:
        _notify_writer(message, "您的来信已答复")
    return message


def message_close(*, actor: Any, message: Message, comment: str = "") -> Message:
    _allow(_may(InteractionPolicy.can_handle, actor, message))
    with transaction.atomic():
        message = _locked(message)
        before = message.status
        message.status = check(message.status, "close")
        message.closed_at = timezone.now()
        message.save()
        _event(message, "close", actor=actor, before=before, comment=comment)
        _audit(actor, "message_close", message)
    return message


def message_dismiss(*, actor: Any, message: Message, reason: str) -> Message:
    """Not a valid message (abuse, advertising, no content, a duplicate): the reason is kept
    and shown to the writer; it no longer counts toward the unanswered figures."""
    _allow(_may(InteractionPolicy.can_handle, actor, message))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请写明不予受理的理由。"})
    with transaction.atomic():
        message = _locked(message)
        before = message.status
        message.status = check(message.status, "dismiss")
        message.dismiss_reason = reason[:2000]
        message.closed_at = timezone.now()
        message.save()
        _event(message, "dismiss", actor=actor, before=before, comment=reason)
        _audit(actor, "message_dismiss", message)
    return message


def publication_edit(*, actor: Any, message: Message, subject: str, text: str,
                     reply: str) -> Message:
    """Staff edit the text to be published; the writer sees it (again) before it appears."""
    _allow(_may(InteractionPolicy.can_handle, actor, message))
    if not message.publish_consent:
        raise InvalidTransition(message.status, "publish", "来信人未同意公开，不能公开。")
    subject, text, reply = (subject or "").strip(), (text or "").strip(), (reply or "").strip()
    if not (subject and text and reply):
        raise ValidationError({"published_text": "公开的标题、来信和答复都不能为空。"})
    with transaction.atomic():
        message = _locked(message)
        check(message.status, "publish")
        message.published_subject = subject[:200]
        message.published_text, message.published_reply = text, reply
        message.publication, message.published_at = Publication.PENDING, None
        message.save()
        _event(message, "publication_edit", actor=actor)
        _audit(actor, "publication_edit", message)
    return message


def lapse_waiting(today: dt.date | None = None) -> int:
    """Messages whose writer did not answer the agency's question within
    ``limits.waiting_working_days()`` working days are closed, the reason kept."""
    from gongkai.workdays.calendar import WorkingCalendar

    today = today or timezone.localdate()
    calendar = WorkingCalendar()
    count = 0
    for message in Message.objects.filter(status=MessageStatus.WAITING, waiting_since__isnull=False):
        since = message.waiting_since or today
        if calendar.add(since, limits.waiting_working_days()).date >= today:
            continue
        with transaction.atomic():
            locked = _locked(message)
            before = locked.status
            locked.status = check(locked.status, "lapse")
            locked.closed_at = timezone.now()
            locked.save()
            _event(locked, "lapse", before=before, comment="来信人逾期未补充材料，办结")
            _audit(None, "message_lapse", locked)
        count += 1
    return count


def close_answered(today: dt.date | None = None) -> int:
    """Answered messages whose reopen period passed without a rating are closed."""
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=limits.reopen_days())
    count = 0
    for message in Message.objects.filter(status=MessageStatus.ANSWERED,
                                          answered_at__date__lt=cutoff):
        message_close(actor=None, message=message, comment="答复后期满自动办结")
        count += 1
    return count


# Redaction ---------------------------------------------------------------------------------

_PATTERNS = (
    (re.compile(r"[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"),
     "[身份证号已隐去]"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[邮箱已隐去]"),
    (re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"), "[电话已隐去]"),
    (re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)"), "[电话已隐去]"),
    (re.compile(r"[\u4e00-\u9fff]{2,}(?:路|街|弄|巷)\d+(?:号|弄)(?:\d+(?:室|号))?"), "[地址已隐去]"),
)


def redact(text: str, message: Message) -> str:
    """Personal data removed: ID numbers, e-mail addresses, phone numbers, street
    addresses, and the writer's own name, e-mail and phone wherever they appear. Staff read
    the result before the writer is asked, and the writer before anyone else sees it."""
    out = text or ""
    for value in (message.name, message.email, message.phone):
        value = (value or "").strip()
        if len(value) >= 2:
            out = out.replace(value, "[个人信息已隐去]")
    for pattern, replacement in _PATTERNS:
        out = pattern.sub(replacement, out)
    return out


# Mail --------------------------------------------------------------------------------------


def _notify_writer(message: Message, subject: str) -> None:
    """Tell a writer who asked for e-mail, through the one notification service (its log
    and templates; sent after commit, retried by the jobs framework)."""
    if not (message.reply_by_email and message.email):
        return
    from django.urls import reverse

    from gongkai.notifications.services import notify

    step = MessageEvent.objects.filter(message=message).order_by("-pk").values_list(
        "pk", flat=True).first()
    notify(kind="interaction.status", event_key=f"message:{message.pk}:{step}",
           email=message.email, url=reverse("interaction:status",
                                            kwargs={"agency": message.agency.slug}),
           context={"number": message.case_number, "status": subject,
                    "note": "请凭信件编号和查询码在网站上查看办理进度。"})


# Agency configuration -----------------------------------------------------------------------

LIMIT_FIELDS = ("consult_days", "complaint_days", "suggestion_days", "help_days",
                "complex_days", "hotline_days", "reply_review")


def limits_update(*, actor: Any, agency: Any, **values: Any) -> Any:
    """An agency's own limits (blank = platform default) and its reply review switch. Due
    dates already given keep their date: a limit applies to messages received after it."""
    from gongkai.interaction.models import AgencyLimits

    _allow(_may(InteractionPolicy.can_configure, actor, agency))
    with transaction.atomic():
        row, _created = AgencyLimits.objects.select_for_update().get_or_create(agency=agency)
        for name in LIMIT_FIELDS:
            if name in values:
                setattr(row, name, values[name] if name == "reply_review" else (values[name] or None))
        row.save()
        audit_record(actor=actor, verb="interaction.limits_update", obj=row, agency=agency.pk,
                     details={name: getattr(row, name) for name in LIMIT_FIELDS})
    return row


def template_create(*, actor: Any, agency: Any, title: str, body: str) -> Any:
    from gongkai.interaction.models import ReplyTemplate

    _allow(_may(InteractionPolicy.can_configure, actor, agency)
           or _may(InteractionPolicy.can_review, actor, agency))
    title, body = (title or "").strip(), (body or "").strip()
    if not title or not body:
        raise ValidationError({"title": "请填写模板名称和内容。"})
    if ReplyTemplate.objects.filter(agency=agency, title=title).exists():
        raise ValidationError({"title": "已有同名模板。"})
    with transaction.atomic():
        template = ReplyTemplate.objects.create(agency=agency, title=title[:100], body=body)
        audit_record(actor=actor, verb="interaction.template_create", obj=template,
                     agency=agency.pk, details={"title": template.title})
    return template


def template_delete(*, actor: Any, template: Any) -> None:
    _allow(_may(InteractionPolicy.can_configure, actor, template.agency_id)
           or _may(InteractionPolicy.can_review, actor, template.agency_id))
    with transaction.atomic():
        audit_record(actor=actor, verb="interaction.template_delete", obj=template,
                     agency=template.agency_id, details={"title": template.title})
        template.delete()
