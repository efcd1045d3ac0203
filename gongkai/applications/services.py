"""Writes to applications. Each action checks permission and state, changes data in one
transaction, records an audit event and the case's own event (Regulations Art. 45: the
whole process is recorded), recomputes the clock when a fact it depends on changed, and
runs side effects (letters, e-mail) after commit.

Validation errors are ``django.core.exceptions.ValidationError`` keyed by field (forms
add them to their fields; the API answers 422); a step not allowed in the current state
raises ``workflow.InvalidTransition`` (API: 409); a missing role ``PermissionDeniedError``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.applications import fees, identity, remedies, reply_review, reply_types, timelimits
from gongkai.applications.models import (
    ApplicantType,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Channel,
    ConversionProposal,
    ConversionStatus,
    Correction,
    DeliveryForm,
    DisclosureItem,
    DisclosureItemKind,
    Extension,
    ExtensionStatus,
    Fee,
    IdType,
    InternalNote,
    LetterTemplate,
    Notice,
    NoticeChannel,
    NoticeKind,
    NoticeStatus,
    OrganisationCategory,
    ReceiptMethod,
    ReplyReview,
    ReplyReviewFile,
    ReplyReviewSetting,
    ReplyReviewStatus,
    Review,
    ReviewKind,
    ReviewOutcome,
    ThirdPartyConsultation,
    ThirdPartyConsultationKind,
)
from gongkai.applications.policies import ApplicationPolicy
from gongkai.applications.workflow import InvalidTransition, check_action
from gongkai.audit.services import audit_record
from gongkai.core import intake
from gongkai.core.models import Agency, Department
from gongkai.core.policies import PermissionDeniedError
from gongkai.workdays import clock as engine
from gongkai.workdays.deadlines import CalendarChange

APPLICANT_FIELDS = (
    "applicant_type", "organisation_category", "applicant_name", "id_type", "id_number",
    "credit_code", "contact_name", "phone", "email", "address", "postcode",
)
REQUEST_FIELDS = (
    "description", "document_number", "purpose", "delivery_form", "receipt_method",
    "fee_waiver_requested",
)
SUBMIT_FIELDS = APPLICANT_FIELDS + REQUEST_FIELDS
MAX_DESCRIPTION = 5000
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# The Regulations of 2007 took effect on 2008-05-01: no application can be older.
EARLIEST_RECEIPT = dt.date(2008, 5, 1)
# Outcomes that answered the substance: a later identical request is a repeat (Art. 36(6)).
ANSWERED_REPLY_TYPES = frozenset({reply_types.DISCLOSED, reply_types.PARTIALLY_DISCLOSED,
                               reply_types.WITHHELD, reply_types.UNAVAILABLE})
DISCLOSED_REPLY_TYPES = frozenset({reply_types.DISCLOSED, reply_types.PARTIALLY_DISCLOSED})


# The kit's error (gongkai/core/intake.py), named here for callers of these services.
IdempotencyConflict = intake.IdempotencyConflict
# Case numbers are drawn from the kit's counter (core.CaseCounter) under this kind.
CASE_KIND = "applications"


@dataclass(frozen=True)
class Submission:
    """The result of an online submission. ``access_code`` is the only time the plain code
    exists outside the applicant's hands; None for a replay whose code has expired."""

    application: Application
    access_code: str | None
    created: bool


# Helpers --------------------------------------------------------------------------------


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError


def _actor_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _today() -> dt.date:
    return timezone.localdate()


def _event(application: Application, verb: str, actor: Any, *, comment: str = "",
           from_status: str = "", old_due_on: dt.date | None = None,
           details: dict[str, Any] | None = None) -> ApplicationEvent:
    details = json.loads(json.dumps(details or {}, default=str))
    event = ApplicationEvent.objects.create(
        application=application, verb=verb, actor=_actor_or_none(actor), comment=comment,
        from_status=from_status, to_status=application.status,
        old_due_on=old_due_on, new_due_on=application.due_on, details=details or {},
    )
    audit_record(actor=actor, verb=f"application.{verb}", obj=application,
                 agency=application.agency_id,
                 details={"status": application.status, "due_on": application.due_on,
                          "comment": comment[:500], **(details or {})})
    if from_status and from_status != application.status:
        _notify_progress(application, event)
    return event


def _notify_progress(application: Application, event: ApplicationEvent) -> None:
    """办件进度提醒 through the one notification service. An applicant whose letters go by
    e-mail hears of each step from the letter itself (``jobs.render_notice``): one path per
    event, so only applicants who gave an address but take their letters otherwise are
    told here."""
    if not application.email or application.receipt_method == ReceiptMethod.EMAIL:
        return
    from django.urls import reverse

    from gongkai.notifications.services import notify

    notify(kind="application.status", event_key=f"application:{application.pk}:{event.pk}",
           email=application.email,
           url=reverse("applications:status", kwargs={"agency": application.agency.slug}),
           context={"number": application.case_number,
                    "status": application.get_status_display(),
                    "note": "请凭申请编号和查询码查看办理进度。"})


def _lock(application: Application) -> Application:
    """Re-read the case under a row lock so two officers cannot race one step."""
    return Application.objects.select_for_update().select_related("agency").get(pk=application.pk)


def _apply_clock(application: Application, *,
                 clock: engine.Clock | None = None) -> tuple[dt.date | None, bool]:
    """Recompute and store the clock; returns (old due date, whether it moved)."""
    old = application.due_on
    found = timelimits.clock_for(application, clock=clock)
    application.clock_start_on = found.start_on
    application.due_on = found.due_on
    application.due_on_provisional = found.provisional
    application.clock_steps = found.steps_json()
    application.paused_working_days = found.paused_working_days
    application.extension_working_days = found.extension_working_days
    return old, old != found.due_on


def _applicant_channel(application: Application) -> str:
    if application.receipt_method == ReceiptMethod.EMAIL and application.email:
        return NoticeChannel.EMAIL
    if application.receipt_method == ReceiptMethod.POST:
        return NoticeChannel.POST
    if application.receipt_method == ReceiptMethod.COLLECTION:
        return NoticeChannel.IN_PERSON
    return NoticeChannel.ONLINE


def _notice(application: Application, kind: str, *, context: dict[str, Any] | None = None,
            channel: str | None = None, recipient: str = "",
            third_party_consultation: ThirdPartyConsultation | None = None, visible: bool = True) -> Notice:
    """Create the letter row now; render (and e-mail) it after commit."""
    notice = Notice.objects.create(
        application=application, kind=kind, channel=channel or _applicant_channel(application),
        recipient=recipient or application.applicant_name, third_party_consultation=third_party_consultation,
        context=json.loads(json.dumps(context or {}, default=str)),
        visible_to_applicant=visible,
    )
    from gongkai.applications.jobs import enqueue_render

    enqueue_render(notice)
    return notice


def _key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def information_key_for(description: str, document_number: str = "") -> str:
    """Two applications ask for the same information when they name the same document
    number, or (without one) describe it with the same characters ignoring spacing and
    punctuation."""
    if document_number:
        from gongkai.catalogue import document_numbers

        lookup = document_numbers.lookup_key(document_number)
        if lookup:
            return _key(f"doc:{lookup}")
    text = re.sub(r"[\W_]+", "", description or "").lower()
    return _key(f"text:{text[:500]}") if text else ""


def applicant_key_for(fields: dict[str, Any]) -> str:
    number = identity.normalise(fields.get("id_number") or fields.get("credit_code") or "")
    if number:
        return _key(f"id:{number}")
    name = re.sub(r"\s+", "", fields.get("applicant_name") or "")
    phone = re.sub(r"\D", "", fields.get("phone") or "")
    return _key(f"np:{name}:{phone}") if name else ""


def _fingerprint(fields: dict[str, Any]) -> str:
    return intake.fingerprint(fields, SUBMIT_FIELDS)


def _next_case_number(agency: Agency, year: int) -> str:
    """``YSQ-2026-000123``: the kit's counter for this app's kind (call inside the
    transaction that saves the case)."""
    prefix = getattr(settings, "GONGKAI_APPLICATIONS_CASE_PREFIX", "YSQ")
    return intake.case_number(prefix, year, intake.next_serial(agency, CASE_KIND, year))


# Applicant validation: the one place (forms and the API pass these errors through) ------

# Most characters each field takes (the model's columns, the form's maxlength).
FIELD_MAX_LENGTH = {
    "applicant_name": 200, "id_number": 40, "credit_code": 18, "contact_name": 100,
    "phone": 30, "email": 254, "address": 300, "postcode": 10,
    "description": MAX_DESCRIPTION, "document_number": 60, "purpose": 2000,
}
FIELD_LABELS = {
    "applicant_type": "申请人类型", "organisation_category": "组织类别",
    "applicant_name": "申请人姓名或名称", "id_type": "证件类型", "id_number": "证件号码",
    "credit_code": "统一社会信用代码", "contact_name": "联系人", "phone": "联系电话",
    "email": "电子邮箱", "address": "通信地址", "postcode": "邮政编码",
    "description": "所需信息的内容描述", "document_number": "文件编号", "purpose": "用途",
    "delivery_form": "提供形式", "receipt_method": "获取方式",
}
# When a field must be filled: always (None) or when another field has a value. The form
# marks fields from this table for what the applicant chose; ``_clean_fields`` enforces it.
REQUIRED_WHEN: dict[str, tuple[str, str] | None] = {
    "applicant_type": None,
    "applicant_name": None,
    "description": None,
    "id_type": ("applicant_type", ApplicantType.NATURAL_PERSON),
    "id_number": ("applicant_type", ApplicantType.NATURAL_PERSON),
    "organisation_category": ("applicant_type", ApplicantType.ORGANISATION),
    "credit_code": ("applicant_type", ApplicantType.ORGANISATION),
    "contact_name": ("applicant_type", ApplicantType.ORGANISATION),
    "email": ("receipt_method", ReceiptMethod.EMAIL),
    "address": ("receipt_method", ReceiptMethod.POST),
}
CONTACT_FIELDS = ("phone", "email", "address")


def required_fields(data: dict[str, Any], *, purpose_required: bool = False) -> set[str]:
    """The fields that must be filled given what was chosen so far (type, receipt)."""
    required = {name for name, when in REQUIRED_WHEN.items()
                if when is None or (data.get(when[0]) or "") == when[1]}
    if purpose_required:
        required.add("purpose")
    return required


def default_receipt_method(data: dict[str, Any]) -> str:
    """The receipt method of an applicant who chose none, from what they gave: e-mail if
    they gave an address for it, post if they gave a postal address; "" (ask them) else."""
    if data.get("email"):
        return ReceiptMethod.EMAIL
    if data.get("address"):
        return ReceiptMethod.POST
    return ""


def _clean_fields(fields: dict[str, Any], *, purpose_required: bool = False) -> dict[str, Any]:
    """Validate and normalise the applicant and request fields; errors keyed by field,
    each a precise Chinese sentence, at most one per field."""
    unknown = set(fields) - set(SUBMIT_FIELDS)
    if unknown:
        raise TypeError(f"unknown application fields: {sorted(unknown)}")
    data = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
    for name in SUBMIT_FIELDS:
        if data.get(name) is None and name != "fee_waiver_requested":
            data[name] = ""
    if isinstance(data.get("description"), str):
        data["description"] = data["description"].replace("\r\n", "\n").replace("\r", "\n")
    errors: dict[str, list[str]] = {}

    def err(field: str, message: str) -> None:
        if field not in errors:  # one message per field: the first problem found
            errors[field] = [message]

    kind = data["applicant_type"]
    if kind not in ApplicantType.values:
        err("applicant_type", "请选择申请人类型(自然人或法人/其他组织)。")
    if not data["applicant_name"]:
        missing_name: dict[str, str] = {ApplicantType.NATURAL_PERSON: "请填写申请人姓名。",
                                        ApplicantType.ORGANISATION: "请填写法人或其他组织的名称。"}
        err("applicant_name", missing_name.get(kind, "请填写申请人姓名或名称。"))
    if kind == ApplicantType.NATURAL_PERSON:
        data["organisation_category"] = data["credit_code"] = data["contact_name"] = ""
        id_type = data["id_type"] or IdType.RESIDENT_ID
        data["id_type"] = id_type
        if id_type not in IdType.values:
            err("id_type", "请选择证件类型。")
        elif not data["id_number"]:
            err("id_number", f"请填写{IdType(id_type).label}号码。")
        else:
            try:
                data["id_number"] = identity.validate_id(id_type, data["id_number"])
            except identity.IdentityError as exc:
                err("id_number", str(exc))
    elif kind == ApplicantType.ORGANISATION:
        data["id_type"] = data["id_number"] = ""
        if data["organisation_category"] not in OrganisationCategory.values:
            err("organisation_category", "请选择组织类别。")
        if not data["credit_code"]:
            err("credit_code", "请填写统一社会信用代码。")
        else:
            try:
                data["credit_code"] = identity.validate_credit_code(data["credit_code"])
            except identity.IdentityError as exc:
                err("credit_code", str(exc))
        if not data["contact_name"]:
            err("contact_name", "请填写联系人姓名。")
    if data["email"]:
        try:
            validate_email(data["email"])
        except ValidationError:
            err("email", "电子邮箱格式不正确,例如 name@example.com。")
    if data["phone"] and not re.match(r"^[0-9+()\- ]{5,30}$", data["phone"]):
        err("phone", "联系电话格式不正确,只能包含数字、空格、括号、加号和连字符。")
    if data["postcode"] and not re.match(r"^\d{6}$", data["postcode"]):
        err("postcode", "邮政编码应为6位数字。")
    if not any(data[name] for name in CONTACT_FIELDS):
        err("phone", "请至少填写一种联系方式(联系电话、电子邮箱或通信地址)。")
    if not data["description"]:
        err("description", "请描述所需的政府信息(名称、文件编号或其他特征)。")
    if purpose_required and not data["purpose"]:
        err("purpose", "请填写申请用途。")
    if data["document_number"]:
        from gongkai.catalogue import document_numbers

        try:
            data["document_number"] = document_numbers.normalise(data["document_number"])
        except document_numbers.DocumentNumberError:
            pass  # applicants misremember numbers; keep what they typed
    data["delivery_form"] = data["delivery_form"] or DeliveryForm.ELECTRONIC
    if data["delivery_form"] not in DeliveryForm.values:
        err("delivery_form", "请选择提供政府信息的形式(纸质、电子或当场查阅)。")
    method = data["receipt_method"] or default_receipt_method(data)
    data["receipt_method"] = method
    if not method:
        err("receipt_method", "没有填写电子邮箱或通信地址:请选择获取信息的方式,"
                              "以电子邮件获取请填写电子邮箱,邮寄请填写通信地址,也可选择当面领取。")
    elif method not in ReceiptMethod.values:
        err("receipt_method", "请选择获取信息的方式(电子邮件、邮寄或当面领取)。")
    elif method == ReceiptMethod.EMAIL and not data["email"]:
        err("email", "选择以电子邮件获取时,请填写电子邮箱。")
    elif method == ReceiptMethod.POST and not data["address"]:
        err("address", "选择邮寄获取时,请填写通信地址。")
    data["fee_waiver_requested"] = bool(data.get("fee_waiver_requested"))
    for name, limit in FIELD_MAX_LENGTH.items():
        if isinstance(data.get(name), str) and len(data[name]) > limit:
            errors[name] = [f"{FIELD_LABELS[name]}不超过{limit}个字符(现有{len(data[name])}个)。"]
    if errors:
        raise ValidationError(errors)
    return data


def _validate_receipt(agency: Agency, received_on: dt.date) -> None:
    """A receipt date cannot be in the future nor before the agency (or the Regulations)
    existed; ``Agency.established_on`` is used when the core model has it."""
    if received_on > _today():
        raise ValidationError({"received_on": ["收到申请之日不能晚于今天。"]})
    earliest = getattr(agency, "established_on", None) or EARLIEST_RECEIPT
    if received_on < earliest:
        raise ValidationError({"received_on": [
            f"收到申请之日不能早于{earliest.isoformat()}(机构成立或条例施行之前)。"]})


def _flag_similar(application: Application) -> None:
    """Art. 36(6) repeats (same applicant, information already answered) and Art. 44
    candidates (same information from different applicants)."""
    if not application.information_key:
        return
    same_info = Application.objects.filter(
        agency_id=application.agency_id, information_key=application.information_key,
    ).exclude(pk=application.pk)
    if application.applicant_key:
        earlier = (same_info.filter(applicant_key=application.applicant_key,
                                    reply_type__in=ANSWERED_REPLY_TYPES)
                   .order_by("-replied_on", "-id").first())
        if earlier is not None:
            application.is_repeated = True
            application.repeat_of = earlier
    # Few rows share an information key: count distinct applicants in Python, so that the
    # query stays on the (agency, information_key) index.
    keys = set(same_info.order_by().values_list("applicant_key", flat=True))
    application.similar_count = len(keys - {application.applicant_key})


def _record_requested(application: Application, record: Any, actor: Any) -> None:
    """An application for a record that is not public reopens its attribute (Shanghai
    practice: attributes are reviewed when circumstances change)."""
    if record is None or record.agency_id != application.agency_id or record.is_public:
        return
    from gongkai.catalogue.services import attribute_review_open

    attribute_review_open(actor=actor, record=record, reason="application")


def _create(*, agency: Agency, data: dict[str, Any], channel: str, received_on: dt.date,
            actor: Any, idempotency_key: str, fingerprint: str, submitted_at: dt.datetime | None,
            department: Department | None, requested_record: Any, access_code: str,
            submitted_by: Any = None) -> Application:
    application = Application(
        agency=agency, department=department, channel=channel, received_on=received_on,
        clock_start_on=received_on, due_on=received_on, submitted_at=submitted_at,
        idempotency_key=idempotency_key, submission_fingerprint=fingerprint,
        registered_by=_actor_or_none(actor), requested_record=requested_record,
        submitted_by=submitted_by,
        information_key=information_key_for(data.get("description", ""),
                                            data.get("document_number", "")),
        applicant_key=applicant_key_for(data), **data,
    )
    application.case_number = _next_case_number(agency, received_on.year)
    application.set_access_code(access_code)
    _apply_clock(application)
    _flag_similar(application)
    application.save()
    _event(application, "register" if actor else "submit", actor,
           details={"channel": channel, "received_on": received_on,
                    "rule": timelimits.RECEIPT_RULES[channel].event,
                    "repeated": application.is_repeated})
    _notice(application, NoticeKind.ACKNOWLEDGEMENT,
            context={"received_on": received_on, "due_on": application.due_on,
                     "due_on_provisional": application.due_on_provisional,
                     "clock": application.clock_steps})
    _record_requested(application, requested_record, actor)
    return application


def _replay(agency: Agency, idempotency_key: str, fingerprint: str) -> Application | None:
    return intake.replay_of(Application.objects.filter(agency=agency), idempotency_key,
                            fingerprint)


def _code_for_key(agency: Agency, idempotency_key: str) -> str:
    return intake.access_code_for_key(CASE_KIND, agency.pk, idempotency_key)


def _replayed_code(existing: Application, idempotency_key: str) -> str | None:
    return intake.replayed_code(existing, CASE_KIND, idempotency_key)


# Intake ---------------------------------------------------------------------------------


def purpose_required(agency: Agency) -> bool:
    """Agencies listed in GONGKAI_APPLICATIONS_ASK_PURPOSE ask the applicant for a purpose."""
    asked = getattr(settings, "GONGKAI_APPLICATIONS_ASK_PURPOSE", ())
    return agency.slug in asked or "*" in asked


def submit_online(*, agency: Agency, idempotency_key: str = "",
                  submitted_at: dt.datetime | None = None, requested_record: Any = None,
                  submitted_by: Any = None, **fields: Any) -> Submission:
    """A member of the public applies online (no account). Returns the case and the plain
    access code. The same ``idempotency_key`` with the same content returns the same case
    (and, within ``intake.REPLAY_CODE_WINDOW``, the same code, so a lost response is not a
    lost case); with other content it raises IdempotencyConflict. Fields: ``SUBMIT_FIELDS``.
    ``submitted_by``: the signed-in public account, if any (its account page lists the case)."""
    if not agency.is_active:
        raise ValidationError({"agency": ["该机构暂不受理网上申请。"]})
    idempotency_key = intake.clean_key(idempotency_key)
    data = _clean_fields(fields, purpose_required=purpose_required(agency))
    fingerprint = _fingerprint(data)
    existing = _replay(agency, idempotency_key, fingerprint)
    if existing is not None:
        return Submission(existing, _replayed_code(existing, idempotency_key), False)
    submitted_at = submitted_at or timezone.now()
    received_on = timelimits.online_receipt_date(submitted_at)
    code = intake.code_for_submission(CASE_KIND, agency.pk, idempotency_key)
    try:
        with transaction.atomic():
            application = _create(
                agency=agency, data=data, channel=Channel.ONLINE, received_on=received_on,
                actor=None, idempotency_key=idempotency_key, fingerprint=fingerprint,
                submitted_at=submitted_at, department=None, requested_record=requested_record,
                access_code=code, submitted_by=submitted_by)
    except IntegrityError:
        # A concurrent replay won the race on the unique key: answer with its case.
        existing = _replay(agency, idempotency_key, fingerprint)
        if existing is None:
            raise
        return Submission(existing, _replayed_code(existing, idempotency_key), False)
    return Submission(application, code, True)


def register(*, actor: Any, agency: Agency, channel: str, received_on: dt.date,
             arrived_on: dt.date | None = None, department: Department | None = None,
             idempotency_key: str = "", requested_record: Any = None,
             **fields: Any) -> Submission:
    """A disclosure officer registers an application that came by post, ordinary letter,
    fax, in person (or an online one confirmed late), with the true receipt date (Art. 31).
    An oral application is written down this way too (Art. 29). The access code is
    returned once, for the acknowledgement given to the applicant."""
    _require(ApplicationPolicy.can_register(actor, agency))
    if channel not in Channel.values:
        raise ValidationError({"channel": ["申请渠道不正确。"]})
    if not isinstance(received_on, dt.date):
        raise ValidationError({"received_on": ["请填写收到申请之日。"]})
    try:
        received_on = timelimits.receipt_date(channel, received_on, arrived_on=arrived_on)
    except timelimits.TimeLimitError as exc:
        raise ValidationError({"received_on": [str(exc)]}) from None
    _validate_receipt(agency, received_on)
    if department is not None and department.agency_id != agency.pk:
        raise ValidationError({"department": ["处室不属于该机构。"]})
    data = _clean_fields(fields)
    idempotency_key = intake.clean_key(idempotency_key)
    fingerprint = _fingerprint(data)
    existing = _replay(agency, idempotency_key, fingerprint)
    if existing is not None:
        return Submission(existing, None, False)
    code = intake.new_access_code()
    with transaction.atomic():
        application = _create(
            agency=agency, data=data, channel=channel, received_on=received_on, actor=actor,
            idempotency_key=idempotency_key, fingerprint=fingerprint, submitted_at=None,
            department=department, requested_record=requested_record, access_code=code)
    return Submission(application, code, True)


def link_requested_record(*, actor: Any, application: Application, record: Any) -> Application:
    """Note which catalogue record the application is about; a non-public record gets its
    disclosure attribute reviewed (catalogue ``attribute_review_open``)."""
    _require(ApplicationPolicy.can_handle(actor, application))
    if record.agency_id != application.agency_id:
        raise ValidationError({"record": ["只能关联本机构的政府信息。"]})
    with transaction.atomic():
        application = _lock(application)
        application.requested_record = record
        application.save(update_fields=["requested_record", "updated_at"])
        _event(application, "link_record", actor, details={"record": record.pk})
        _record_requested(application, record, actor)
    return application


# Handling -------------------------------------------------------------------------------


def assign(*, actor: Any, application: Application, department: Department | None = None,
           assignee: Any = None, comment: str = "") -> Application:
    """Route the case to a department and/or an officer (分办)."""
    _require(ApplicationPolicy.can_handle(actor, application))
    if department is not None and department.agency_id != application.agency_id:
        raise ValidationError({"department": ["处室不属于该机构。"]})
    if assignee is not None and not ApplicationPolicy.can_handle(assignee, application):
        raise ValidationError({"assignee": ["经办人须为本机构的依申请公开经办人员。"]})
    with transaction.atomic():
        application = _lock(application)
        before = application.status
        application.status = check_action(before, "assign")
        if department is not None:
            application.department = department
        if assignee is not None:
            application.assignee = assignee
        application.save()
        _event(application, "assign", actor, from_status=before, comment=comment,
               details={"department": getattr(department, "pk", None),
                        "assignee": getattr(assignee, "pk", None)})
    return application


def request_correction(*, actor: Any, application: Application, what_to_correct: str,
                       requested_on: dt.date | None = None,
                       reply_by: dt.date | None = None) -> Correction:
    """Ask the applicant once, within 7 working days of receipt, what to correct and by when
    (Art. 30). Asking twice or after the window is refused (InvalidTransition)."""
    _require(ApplicationPolicy.can_handle(actor, application))
    if not (what_to_correct or "").strip():
        raise ValidationError({"what_to_correct": ["请写明需要补正的内容。"]})
    requested_on = requested_on or _today()
    with transaction.atomic():
        application = _lock(application)
        before = application.status
        if Correction.objects.filter(application=application).exists():
            raise InvalidTransition(before, "request_correction", "补正只能告知一次。")
        after = check_action(before, "request_correction")
        if requested_on < application.received_on or requested_on > _today():
            raise ValidationError({"requested_on": ["告知补正日期应在收到申请之后、不晚于今天。"]})
        deadline = timelimits.correction_notice_deadline(application.received_on)
        if requested_on > deadline:
            raise InvalidTransition(before, "request_correction",
                                    f"告知补正的期限已于{deadline.isoformat()}届满(条例第三十条)。")
        reply_by = reply_by or timelimits.correction_reply_by(requested_on)
        if reply_by <= requested_on:
            raise ValidationError({"reply_by": ["补正期限应晚于告知日期。"]})
        correction = Correction.objects.create(
            application=application, requested_on=requested_on,
            what_to_correct=what_to_correct.strip(), reply_by=reply_by,
            requested_by=_actor_or_none(actor))
        application.status = after
        application.save()
        _event(application, "request_correction", actor, from_status=before,
               comment=what_to_correct, details={"reply_by": reply_by})
        _notice(application, NoticeKind.CORRECTION_REQUEST,
                context={"what_to_correct": what_to_correct, "reply_by": reply_by,
                         "requested_on": requested_on})
    return correction


def correction_warning(application: Application, today: dt.date | None = None) -> str:
    """A warning for the officer while the 7-working-day window to ask is closing."""
    if application.status not in (ApplicationStatus.RECEIVED, ApplicationStatus.IN_PROGRESS):
        return ""
    if Correction.objects.filter(application=application).exists():
        return ""
    today = today or _today()
    left = timelimits.correction_window_left(application.received_on, today)
    deadline = timelimits.correction_notice_deadline(application.received_on)
    if left < 0:
        return f"告知补正的期限已于{deadline.isoformat()}届满。"
    if left <= timelimits.CORRECTION_WARNING_WORKING_DAYS:
        return f"如需补正,须在{deadline.isoformat()}前告知申请人(剩余{left}个工作日)。"
    return ""


def receive_correction(*, actor: Any, application: Application, received_on: dt.date,
                       corrected_description: str = "") -> Application:
    """The corrected application arrived: the reply limit runs again from this day."""
    _require(ApplicationPolicy.can_handle(actor, application))
    return _receive_correction(application, actor, received_on, corrected_description)


def _receive_correction(application: Application, actor: Any, received_on: dt.date,
                        corrected_description: str) -> Application:
    with transaction.atomic():
        application = _lock(application)
        before = application.status
        after = check_action(before, "receive_correction")
        correction = application.correction
        if received_on < correction.requested_on or received_on > _today():
            raise ValidationError({"received_on": ["收到补正之日应在告知补正之后、不晚于今天。"]})
        correction.received_on = received_on
        correction.corrected_description = corrected_description.strip()
        correction.save()
        if correction.corrected_description:
            application.information_key = information_key_for(
                correction.corrected_description, application.document_number)
        application.status = after
        old, _moved = _apply_clock(application)
        application.save()
        _event(application, "receive_correction", actor, from_status=before, old_due_on=old,
               comment="收到补正,答复期限自收到补正之日重新计算(条例第三十条)。",
               details={"received_on": received_on})
    return application


def correction_supply_by_applicant(*, case_number: str, access_code: str,
                                   corrected_description: str) -> Application:
    """The applicant supplies the correction on the status page: received today, and the
    reply limit restarts (Art. 30). Wrong code or unknown case: PermissionDeniedError."""
    from gongkai.applications.selectors import application_for_applicant

    application = application_for_applicant(case_number, access_code)
    if application is None:
        raise PermissionDeniedError
    if not (corrected_description or "").strip():
        raise ValidationError({"corrected_description": ["请填写补正内容。"]})
    return _receive_correction(application, None, _today(), corrected_description)


def correction_deemed_withdrawn(*, actor: Any, application: Application,
                                on: dt.date | None = None) -> Application:
    """No correction by the deadline without good reason: deemed withdrawn (Art. 30);
    counted as 其他处理 1 in the annual report."""
    return _deemed_withdrawn(actor, application, on, action="correction_deemed_withdrawn",
                             step="correction", deadline="reply_by", label="补正期限",
                             reply_type_reason="no_correction")


def _deemed_withdrawn(actor: Any, application: Application, on: dt.date | None, *,
                      action: str, step: str, deadline: str, label: str,
                      reply_type_reason: str) -> Application:
    """The applicant let a deadline pass (correction, fee): the case closes as 其他处理
    with ``reply_type_reason``, once the step's ``deadline`` date is behind us."""
    if actor is not None:
        _require(ApplicationPolicy.can_handle(actor, application))
    on = on or _today()
    with transaction.atomic():
        application = _lock(application)
        before = application.status
        after = check_action(before, action)
        pending = getattr(application, step)
        due: dt.date = getattr(pending, deadline)
        if on <= due:
            raise InvalidTransition(before, action, f"{label}{due.isoformat()}尚未届满。")
        pending.deemed_withdrawn_on = on
        pending.save()
        _close(application, after, reply_types.OTHER, reply_type_reason, on)
        _event(application, action, actor, from_status=before)
    return application


def third_party_consultation_start(*, actor: Any, application: Application, kind: str, party_name: str,
                       party_address: str = "", started_on: dt.date | None = None) -> ThirdPartyConsultation:
    """Consult a third party (Art. 32) or another agency (Art. 34): 15 working days to
    answer; the clock is paused until the consultation ends."""
    _require(ApplicationPolicy.can_handle(actor, application))
    if kind not in ThirdPartyConsultationKind.values:
        raise ValidationError({"kind": ["征求意见类型不正确。"]})
    if not (party_name or "").strip():
        raise ValidationError({"party_name": ["请填写被征求意见方。"]})
    started_on = started_on or _today()
    with transaction.atomic():
        application = _lock(application)
        before = application.status
        after = check_action(before, "third_party_consultation_start")
        if started_on < application.clock_start_on or started_on > _today():
            raise ValidationError({"started_on": ["征求意见日期应在计时起算日之后、不晚于今天。"]})
        consultation = ThirdPartyConsultation.objects.create(
            application=application, kind=kind, party_name=party_name.strip(),
            party_address=party_address.strip(), started_on=started_on,
            answer_by=timelimits.third_party_consultation_answer_by(started_on),
            created_by=_actor_or_none(actor))
        application.status = after
        old, _moved = _apply_clock(application)
        application.save()
        _event(application, "third_party_consultation_start", actor, from_status=before, old_due_on=old,
               comment=f"征求{party_name}意见,期间不计入答复期限(条例第三十二条、第三十四条)。",
               details={"kind": kind, "answer_by": consultation.answer_by})
        _notice(application, NoticeKind.THIRD_PARTY_CONSULTATION_LETTER, recipient=party_name,
                channel=NoticeChannel.POST, third_party_consultation=consultation, visible=False,
                context={"party_name": party_name, "answer_by": consultation.answer_by,
                         "kind": kind})
    return consultation


def third_party_consultation_end(*, actor: Any, application: Application, ended_on: dt.date | None = None,
                     response: str = "", consented: bool | None = None) -> ThirdPartyConsultation:
    """The consulted party answered, or its 15 days passed (silence: the agency decides,
    Art. 32; another agency's silence is consent, Art. 34). The clock resumes."""
    _require(ApplicationPolicy.can_handle(actor, application))
    ended_on = ended_on or _today()
    with transaction.atomic():
        application = _lock(application)
        before = application.status
        after = check_action(before, "third_party_consultation_end")
        consultation = application.third_party_consultations.get(ended_on__isnull=True)
        if ended_on < consultation.started_on or ended_on > _today():
            raise ValidationError({"ended_on": ["结束日期应在征求意见之后、不晚于今天。"]})
        if consented is None and consultation.kind == ThirdPartyConsultationKind.OTHER_AGENCY \
                and not response and ended_on > consultation.answer_by:
            consented = True  # Art. 34: no answer in time counts as consent
        consultation.ended_on = ended_on
        consultation.response = response.strip()
        consultation.consented = consented
        consultation.save()
        application.status = after
        old, _moved = _apply_clock(application)
        application.save()
        _event(application, "third_party_consultation_end", actor, from_status=before, old_due_on=old,
               details={"ended_on": ended_on, "consented": consented})
    return consultation


def extension_request(*, actor: Any, application: Application, working_days: int,
                      reason: str) -> Extension:
    """Ask the head of the disclosure office for more time (Art. 33(2)): at most 20
    working days in total for the case."""
    _require(ApplicationPolicy.can_handle(actor, application))
    if not (reason or "").strip():
        raise ValidationError({"reason": ["请说明延期理由。"]})
    with transaction.atomic():
        application = _lock(application)
        before = application.status
        check_action(before, "extension_request")
        used = sum(e.working_days for e in application.extensions.filter(
            status=ExtensionStatus.APPROVED))
        limit = timelimits.EXTENSION_MAX_WORKING_DAYS - used
        if limit < 1:
            raise InvalidTransition(before, "extension_request", (
                f"本申请已延期{used}个工作日,延长期限已用满"
                f"(合计不超过{timelimits.EXTENSION_MAX_WORKING_DAYS}个工作日,条例第三十三条第二款),"
                "不能再延期。"))
        if not 1 <= int(working_days) <= limit:
            raise ValidationError({"working_days": [
                f"延长期限应为1至{limit}个工作日(合计不超过"
                f"{timelimits.EXTENSION_MAX_WORKING_DAYS}个工作日)。"]})
        if application.extensions.filter(status=ExtensionStatus.REQUESTED).exists():
            raise InvalidTransition(before, "extension_request", "已有待审批的延期申请。")
        extension = Extension.objects.create(application=application,
                                             working_days=int(working_days),
                                             reason=reason.strip(),
                                             requested_by=_actor_or_none(actor))
        _event(application, "extension_request", actor, from_status=before, comment=reason,
               details={"working_days": int(working_days)})
    return extension


def _pending_extension(application: Application, action: str) -> Extension:
    extension = application.extensions.filter(status=ExtensionStatus.REQUESTED).first()
    if extension is None:
        raise InvalidTransition(application.status, action, "没有待审批的延期申请。")
    return extension


def extension_approve(*, actor: Any, application: Application, note: str = "",
                      decided_on: dt.date | None = None) -> Extension:
    """Approval extends the due date and sends the extension notice to the applicant."""
    _require(ApplicationPolicy.can_approve_extension(actor, application))
    with transaction.atomic():
        application = _lock(application)
        before = application.status
        check_action(before, "extension_approve")
        extension = _pending_extension(application, "extension_approve")
        extension.status = ExtensionStatus.APPROVED
        extension.decided_by = _actor_or_none(actor)
        extension.decided_on = decided_on or _today()
        extension.decision_note = note
        extension.save()
        old, _moved = _apply_clock(application)
        application.save()
        _event(application, "extension_approve", actor, from_status=before, old_due_on=old,
               comment=note, details={"working_days": extension.working_days})
        _notice(application, NoticeKind.EXTENSION_NOTICE,
                context={"working_days": extension.working_days, "reason": extension.reason,
                         "due_on": application.due_on, "old_due_on": old})
    return extension


def extension_deny(*, actor: Any, application: Application, note: str = "") -> Extension:
    _require(ApplicationPolicy.can_approve_extension(actor, application))
    with transaction.atomic():
        application = _lock(application)
        before = application.status
        check_action(before, "extension_deny")
        extension = _pending_extension(application, "extension_deny")
        extension.status = ExtensionStatus.DENIED
        extension.decided_by = _actor_or_none(actor)
        extension.decided_on = _today()
        extension.decision_note = note
        extension.save()
        _event(application, "extension_deny", actor, from_status=before, comment=note)
    return extension


def note_add(*, actor: Any, application: Application, text: str) -> InternalNote:
    """A staff-only note on the case (never shown to the applicant)."""
    _require(ApplicationPolicy.can_handle(actor, application))
    if not (text or "").strip():
        raise ValidationError({"text": ["备注内容不能为空。"]})
    with transaction.atomic():
        note = InternalNote.objects.create(application=application, text=text.strip(),
                                           author=_actor_or_none(actor))
        _event(application, "note_add", actor)
    return note


# Fees -----------------------------------------------------------------------------------


def fee_count_in_month(application: Application) -> int:
    """Which application of the month this is for its applicant (per-request fees)."""
    if not application.applicant_key:
        return 1
    month_start = application.received_on.replace(day=1)
    return Application.objects.filter(
        agency_id=application.agency_id, applicant_key=application.applicant_key,
        received_on__gte=month_start, received_on__lte=application.received_on,
        id__lte=application.pk,
    ).count()


def fee_issue(*, actor: Any, application: Application, method: str,
              quantity: int | None = None, issued_on: dt.date | None = None) -> Fee:
    """Issue a fee notice when the applicant exceeds the free allowance (109号). Per request
    the quantity is the month's count (computed when omitted), per volume the pages. The
    clock is paused until payment; a free quote is refused (nothing to charge)."""
    _require(ApplicationPolicy.can_handle(actor, application))
    issued_on = issued_on or _today()
    with transaction.atomic():
        application = _lock(application)
        before = application.status
        after = check_action(before, "fee_issue")
        if Fee.objects.filter(application=application).exists():
            raise InvalidTransition(before, "fee_issue", "本申请已发出过收费通知。")
        if quantity is None:
            if method != fees.PER_VOLUME:
                quantity = fee_count_in_month(application)
            else:
                raise ValidationError({"quantity": ["按量计收须填写页数。"]})
        try:
            quote = fees.quote(method, int(quantity))
        except fees.FeeError as exc:
            raise ValidationError({"method": [str(exc)]}) from None
        if quote.is_free:
            raise ValidationError({"quantity": ["未超出免费额度,不收取信息处理费。"]})
        fee = Fee.objects.create(
            application=application, method=method, quantity=quote.quantity,
            amount=quote.amount, breakdown=[line.as_dict() for line in quote.lines],
            issued_on=issued_on, pay_by=timelimits.fee_pay_by(issued_on))
        application.status = after
        old, _moved = _apply_clock(application)
        application.save()
        fee.notice = _notice(application, NoticeKind.FEE_NOTICE,
                             context={"amount": quote.amount, "method": method,
                                      "lines": fee.breakdown, "pay_by": fee.pay_by})
        fee.save(update_fields=["notice"])
        _event(application, "fee_issue", actor, from_status=before, old_due_on=old,
               details={"amount": str(quote.amount), "pay_by": fee.pay_by})
    return fee


def fee_paid(*, actor: Any, application: Application, paid_on: dt.date | None = None) -> Fee:
    _require(ApplicationPolicy.can_handle(actor, application))
    paid_on = paid_on or _today()
    with transaction.atomic():
        application = _lock(application)
        before = application.status
        after = check_action(before, "fee_paid")
        fee = application.fee
        if paid_on < fee.issued_on or paid_on > _today():
            raise ValidationError({"paid_on": ["缴费日期应在通知之后、不晚于今天。"]})
        fee.paid_on = paid_on
        fee.save()
        application.status = after
        old, _moved = _apply_clock(application)
        application.save()
        _event(application, "fee_paid", actor, from_status=before, old_due_on=old,
               details={"paid_on": paid_on})
    return fee


def fee_confirm_by_applicant(*, case_number: str, access_code: str) -> Fee:
    """The applicant reports having paid; the officer confirms with ``fee_paid`` (no money
    moves in the product). Wrong code or unknown case: PermissionDeniedError."""
    from gongkai.applications.selectors import application_for_applicant

    application = application_for_applicant(case_number, access_code)
    if application is None:
        raise PermissionDeniedError
    with transaction.atomic():
        application = _lock(application)
        check_action(application.status, "fee_paid")
        fee = application.fee
        _event(application, "fee_payment_reported", None, comment="申请人报告已缴费,待经办人确认。")
    return fee


def fee_deemed_withdrawn(*, actor: Any, application: Application,
                         on: dt.date | None = None) -> Application:
    """Not paid within the period: deemed withdrawn (109号); 其他处理 2 in the report."""
    return _deemed_withdrawn(actor, application, on, action="fee_deemed_withdrawn",
                             step="fee", deadline="pay_by", label="缴费期限",
                             reply_type_reason="fee_unpaid")


# Reply and closing ----------------------------------------------------------------------


def _close(application: Application, status: str, reply_type: str, reply_type_reason: str,
           on: dt.date) -> None:
    application.status = status
    application.reply_type = reply_type
    application.reply_type_reason = reply_type_reason
    application.legal_basis = (application.legal_basis
                               or reply_types.legal_basis(reply_type, reply_type_reason))
    application.closed_on = on
    application.save()


@dataclass(frozen=True)
class WithheldPart:
    description: str
    reason: str  # a sub-reason code of reply_types.WITHHELD
    legal_basis: str = ""


@dataclass(frozen=True)
class _ReplyDraft:
    """A validated reply: what ``reply`` sends at once and ``reply_submit_for_review`` keeps
    for the reviewer."""

    reply_type: str
    reply_type_reason: str
    reply_text: str
    legal_basis: str
    records: list[Any]
    parts: list[WithheldPart]


def _clean_reply(application: Application, *, reply_type: str, reply_type_reason: str, reply_text: str,
                 legal_basis: str, records: Iterable[Any], files: Sequence[tuple[str, bytes]],
                 withheld: Sequence[WithheldPart | dict[str, str]]) -> _ReplyDraft:
    try:
        sub = reply_types.validate(reply_type, reply_type_reason)
    except reply_types.ReplyTypeError:
        raise ValidationError({"reply_type": ["请从法定答复类型中选择(含具体情形)。"]}) from None
    reply_type_reason = sub.code if sub is not None else ""
    parts = [p if isinstance(p, WithheldPart) else WithheldPart(**p) for p in withheld]
    withheld_codes = {s.code for s in reply_types.get(reply_types.WITHHELD).reasons}
    errors: dict[str, list[str]] = {}
    if reply_type == reply_types.PARTIALLY_DISCLOSED and not parts:
        errors.setdefault("withheld", []).append("部分公开须列明不予公开的部分及理由。")
    for part in parts:
        if part.reason not in withheld_codes or not part.description.strip():
            errors.setdefault("withheld", []).append("不予公开的部分须写明内容并选择法定理由。")
    records = list(records)
    if reply_type in DISCLOSED_REPLY_TYPES and not (records or files or reply_text.strip()):
        errors.setdefault("records", []).append("予以公开须提供信息、关联已公开信息或写明获取方式。")
    for name, data in files:
        if len(data) > MAX_UPLOAD_BYTES:
            errors.setdefault("files", []).append(f"{name}超过{MAX_UPLOAD_BYTES // 1048576}MB。")
    for record in records:
        if record.agency_id != application.agency_id:
            errors.setdefault("records", []).append("只能关联本机构的政府信息。")
    if errors:
        raise ValidationError(errors)
    return _ReplyDraft(reply_type, reply_type_reason, reply_text.strip(), legal_basis.strip(), records, parts)


def _check_reply_date(application: Application, replied_on: dt.date) -> None:
    if replied_on < application.received_on or replied_on > _today():
        raise ValidationError({"replied_on": ["答复日期应在收到申请之后、不晚于今天。"]})


def _issue_reply(application: Application, actor: Any, draft: _ReplyDraft, *, after: str,
                 replied_on: dt.date, files: Sequence[tuple[str, bytes]] = (),
                 review: ReplyReview | None = None) -> dict[str, Any]:
    """Send the reply (inside the caller's transaction, on the locked case): what it
    provides and withholds, the closing, the letter. Returns the letter's context."""
    for record in draft.records:
        DisclosureItem.objects.create(application=application, kind=DisclosureItemKind.RECORD,
                                      record=record, description=record.title[:300])
        _record_requested(application, record, actor)
    for name, data in files:
        item = DisclosureItem(application=application, kind=DisclosureItemKind.FILE,
                              original_name=name[:200], size=len(data),
                              sha256=hashlib.sha256(data).hexdigest(), description=name[:300])
        item.file.save(name, ContentFile(data), save=False)
        item.save()
    if review is not None:
        for stored in review.files.all():
            DisclosureItem.objects.create(
                application=application, kind=DisclosureItemKind.FILE, file=stored.file.name,
                original_name=stored.original_name, size=stored.size, sha256=stored.sha256,
                description=stored.original_name[:300])
    for part in draft.parts:
        DisclosureItem.objects.create(
            application=application, kind=DisclosureItemKind.WITHHELD,
            description=part.description.strip()[:300], withholding_reason=part.reason,
            legal_basis=part.legal_basis or reply_types.legal_basis(reply_types.WITHHELD, part.reason))
    application.reply_text = draft.reply_text
    application.legal_basis = (draft.legal_basis
                               or reply_types.legal_basis(draft.reply_type, draft.reply_type_reason))
    application.replied_on = replied_on
    _close(application, after, draft.reply_type, draft.reply_type_reason, replied_on)
    context: dict[str, Any] = {
        "reply_type": draft.reply_type, "reply_type_reason": draft.reply_type_reason,
        "legal_basis": application.legal_basis,
        "replied_on": replied_on, "on_time": replied_on <= application.due_on,
        "remedies": reply_types.tells_remedies(draft.reply_type, draft.reply_type_reason),
        "reconsideration_by": remedies.reconsideration_deadline(replied_on),
        "litigation_by": remedies.litigation_deadline(replied_on),
    }
    if review is not None:
        context["review"] = _review_metadata(review)
    _notice(application, NoticeKind.REPLY_LETTER, context=context)
    return context


def _person(user: Any) -> str:
    if user is None:
        return ""
    return (user.get_full_name() or user.get_username()) if hasattr(user, "get_username") else str(user)


def _review_metadata(review: ReplyReview) -> dict[str, Any]:
    """Who drafted and who approved the reply, and when: kept on the letter (its context and
    the PDF's metadata) so the signed letter itself shows its sign-off."""
    return {
        "submitted_by": _person(review.submitted_by),
        "submitted_at": timezone.localtime(review.submitted_at).isoformat(timespec="seconds")
        if review.submitted_at else "",
        "approved_by": _person(review.decided_by),
        "approved_at": timezone.localtime(review.decided_at).isoformat(timespec="seconds")
        if review.decided_at else "",
        "comment": review.comment,
    }


def reply(*, actor: Any, application: Application, reply_type: str, reply_type_reason: str = "",
          reply_text: str = "", legal_basis: str = "", replied_on: dt.date | None = None,
          records: Iterable[Any] = (), files: Sequence[tuple[str, bytes]] = (),
          withheld: Sequence[WithheldPart | dict[str, str]] = ()) -> Application:
    """Reply with a statutory reply type (Art. 36–37): link published records, attach files,
    and for partial disclosure list each withheld part with its legal ground. Generates
    the reply letter; proposes conversion to proactive disclosure when several applicants
    got the same information (Art. 44). A reply type the agency put under 审核 is refused
    here (InvalidTransition): it goes through ``reply_submit_for_review``."""
    _require(ApplicationPolicy.can_handle(actor, application))
    draft = _clean_reply(application, reply_type=reply_type, reply_type_reason=reply_type_reason,
                         reply_text=reply_text, legal_basis=legal_basis, records=records,
                         files=files, withheld=withheld)
    replied_on = replied_on or _today()
    with transaction.atomic():
        application = _lock(application)
        before = application.status
        after = check_action(before, "reply")
        if reply_review.needs_review(application.agency_id, reply_type):
            raise InvalidTransition(before, "reply", (
                f"本机关规定“{reply_types.get(reply_type).label}”答复须经处室负责人或公开办负责人审核,"
                "请提交审核。"))
        _check_reply_date(application, replied_on)
        _issue_reply(application, actor, draft, after=after, replied_on=replied_on, files=files)
        _event(application, "reply", actor, from_status=before,
               details={"reply_type": reply_type, "reply_type_reason": draft.reply_type_reason,
                        "on_time": replied_on <= application.due_on})
        if reply_type in DISCLOSED_REPLY_TYPES:
            _propose_conversion(application)
    return application


def reply_submit_for_review(*, actor: Any, application: Application, reply_type: str,
                            reply_type_reason: str = "", reply_text: str = "", legal_basis: str = "",
                            records: Iterable[Any] = (), files: Sequence[tuple[str, bytes]] = (),
                            withheld: Sequence[WithheldPart | dict[str, str]] = ()) -> ReplyReview:
    """The officer submits a draft reply for 审核: the reply type, reasons, what is provided
    or withheld, and the letter as it would go out (a preview kept with the draft). Any
    reply type may be submitted; the clock keeps running."""
    _require(ApplicationPolicy.can_handle(actor, application))
    from gongkai.applications import letters

    draft = _clean_reply(application, reply_type=reply_type, reply_type_reason=reply_type_reason,
                         reply_text=reply_text, legal_basis=legal_basis, records=records,
                         files=files, withheld=withheld)
    with transaction.atomic():
        application = _lock(application)
        before = application.status
        after = check_action(before, "reply_submit_for_review")
        preview = letters.preview_reply(
            application=application, reply_type=draft.reply_type, reply_type_reason=draft.reply_type_reason,
            reply_text=draft.reply_text,
            withheld=[{"description": p.description, "withholding_reason": p.reason,
                       "legal_basis": p.legal_basis} for p in draft.parts],
            record=draft.records[0] if draft.records else None, files=[n for n, _d in files])
        review = ReplyReview.objects.create(
            application=application, reply_type=draft.reply_type, reply_type_reason=draft.reply_type_reason,
            reply_text=draft.reply_text, legal_basis=draft.legal_basis,
            record_ids=[r.pk for r in draft.records],
            withheld=[{"description": p.description, "reason": p.reason,
                       "legal_basis": p.legal_basis} for p in draft.parts],
            preview_html=preview, submitted_by=_actor_or_none(actor))
        for name, data in files:
            stored = ReplyReviewFile(review=review, original_name=name[:200], size=len(data),
                                     sha256=hashlib.sha256(data).hexdigest())
            stored.file.save(name, ContentFile(data), save=False)
            stored.save()
        application.status = after
        application.save()
        _event(application, "reply_submit_for_review", actor, from_status=before,
               details={"review": review.pk, "reply_type": draft.reply_type,
                        "reply_type_reason": draft.reply_type_reason})
    return review


def _pending_review(application: Application, action: str) -> ReplyReview:
    review = application.reply_reviews.filter(status=ReplyReviewStatus.PENDING).first()
    if review is None:
        raise InvalidTransition(application.status, action, "没有待审核的答复。")
    return review


def _check_reviewer(actor: Any, application: Application, review: ReplyReview, action: str) -> None:
    if review.submitted_by_id is not None and review.submitted_by_id == getattr(actor, "pk", None):
        raise InvalidTransition(application.status, action, "不能审核本人提交的答复。")


def reply_review_approve(*, actor: Any, application: Application, comment: str = "",
                         replied_on: dt.date | None = None) -> Application:
    """The department head or office lead approves the draft: the reply goes out exactly
    as ``reply`` sends it, dated the day of approval, with the sign-off on the letter."""
    _require(ApplicationPolicy.can_review_reply(actor, application))
    replied_on = replied_on or _today()
    with transaction.atomic():
        application = _lock(application)
        before = application.status
        after = check_action(before, "reply_review_approve")
        review = _pending_review(application, "reply_review_approve")
        _check_reviewer(actor, application, review, "reply_review_approve")
        _check_reply_date(application, replied_on)
        from gongkai.catalogue.models import Record

        by_pk = Record.objects.in_bulk(review.record_ids)
        draft = _ReplyDraft(
            review.reply_type, review.reply_type_reason, review.reply_text, review.legal_basis,
            [by_pk[pk] for pk in review.record_ids if pk in by_pk],
            [WithheldPart(**p) for p in review.withheld])
        review.status = ReplyReviewStatus.APPROVED
        review.decided_by = _actor_or_none(actor)
        review.decided_at = timezone.now()
        review.comment = (comment or "").strip()
        review.save()
        _issue_reply(application, actor, draft, after=after, replied_on=replied_on, review=review)
        _event(application, "reply_review_approve", actor, from_status=before, comment=review.comment,
               details={"review": review.pk, "reply_type": draft.reply_type,
                        "reply_type_reason": draft.reply_type_reason,
                        "submitted_by": _person(review.submitted_by),
                        "on_time": replied_on <= application.due_on})
        if draft.reply_type in DISCLOSED_REPLY_TYPES:
            _propose_conversion(application)
    return application


def reply_review_return(*, actor: Any, application: Application, comment: str) -> ReplyReview:
    """The reviewer sends the draft back with comments; the officer revises and submits
    again (or replies directly if the type needs no review). The clock runs on."""
    _require(ApplicationPolicy.can_review_reply(actor, application))
    if not (comment or "").strip():
        raise ValidationError({"comment": ["退回时请写明审核意见。"]})
    with transaction.atomic():
        application = _lock(application)
        before = application.status
        after = check_action(before, "reply_review_return")
        review = _pending_review(application, "reply_review_return")
        _check_reviewer(actor, application, review, "reply_review_return")
        review.status = ReplyReviewStatus.RETURNED
        review.decided_by = _actor_or_none(actor)
        review.decided_at = timezone.now()
        review.comment = comment.strip()
        review.save()
        application.status = after
        application.save()
        _event(application, "reply_review_return", actor, from_status=before, comment=review.comment,
               details={"review": review.pk, "reply_type": review.reply_type})
    return review


def reply_review_setting_save(*, actor: Any, agency: Agency,
                              reply_type_codes: Iterable[str]) -> ReplyReviewSetting:
    """An agency administrator chooses which reply types need 审核 (``reply_review``)."""
    _require(ApplicationPolicy.can_configure_reply_review(actor, agency))
    codes = sorted(set(reply_type_codes))
    unknown = [c for c in codes if c not in reply_types.REPLY_TYPES_BY_CODE]
    if unknown:
        raise ValidationError({"reply_types": ["答复类型不正确。"]})
    with transaction.atomic():
        setting, _created = ReplyReviewSetting.objects.update_or_create(
            agency=agency, defaults={"reply_types": codes, "updated_by": _actor_or_none(actor)})
        audit_record(actor=actor, verb="application.reply_review_setting_save", obj=setting,
                     agency=agency, details={"reply_types": codes})
    return setting


def withdraw_by_applicant(*, case_number: str, access_code: str, reason: str = "") -> Application:
    """The applicant withdraws with the case number and code (no account). A wrong code
    and an unknown case give the same error (selectors.application_for_applicant)."""
    from gongkai.applications.selectors import application_for_applicant

    application = application_for_applicant(case_number, access_code)
    if application is None:
        raise PermissionDeniedError
    return _withdraw(application, None, reason or "申请人撤回申请。")


def withdraw(*, actor: Any, application: Application, reason: str,
             on: dt.date | None = None) -> Application:
    """Staff record a withdrawal the applicant made by letter or in person (on ``on``)."""
    _require(ApplicationPolicy.can_handle(actor, application))
    if not (reason or "").strip():
        raise ValidationError({"reason": ["请说明撤回情况。"]})
    on = on or _today()
    if on < application.received_on or on > _today():
        raise ValidationError({"on": ["撤回日期应在收到申请之后、不晚于今天。"]})
    return _withdraw(application, actor, reason, on)


def _withdraw(application: Application, actor: Any, reason: str,
              on: dt.date | None = None) -> Application:
    with transaction.atomic():
        application = _lock(application)
        before = application.status
        after = check_action(before, "withdraw")
        # A draft reply waiting for 审核 has nothing left to answer.
        application.reply_reviews.filter(status=ReplyReviewStatus.PENDING).update(
            status=ReplyReviewStatus.RETURNED, decided_at=timezone.now(), comment="申请已撤回。")
        _close(application, after, reply_types.OTHER, "other", on or _today())
        _event(application, "withdraw", actor, from_status=before, comment=reason,
               details={"by": "applicant" if actor is None else "staff"})
    return application


def archive(*, actor: Any, application: Application,
            archived_at: dt.datetime | None = None) -> Application:
    """Close the file (归档, Art. 45); the archive ZIP is built by ``archive.py``."""
    _require(ApplicationPolicy.can_handle(actor, application))
    with transaction.atomic():
        application = _lock(application)
        before = application.status
        application.status = check_action(before, "archive")
        application.archived_at = archived_at or timezone.now()
        application.save()
        _event(application, "archive", actor, from_status=before)
    return application


def review_record(*, actor: Any, application: Application, kind: str, filed_on: dt.date,
                  body: str = "", outcome: str = ReviewOutcome.PENDING,
                  decided_on: dt.date | None = None, note: str = "") -> Review:
    """Record a reconsideration or lawsuit about the reply (annual report table 四)."""
    _require(ApplicationPolicy.can_handle(actor, application))
    errors: dict[str, list[str]] = {}
    if kind not in ReviewKind.values:
        errors["kind"] = ["类型不正确。"]
    if outcome not in ReviewOutcome.values:
        errors["outcome"] = ["结果不正确。"]
    if filed_on > _today():
        errors["filed_on"] = ["提起日期不能晚于今天。"]
    if outcome != ReviewOutcome.PENDING and decided_on is None:
        errors["decided_on"] = ["已审结的请填写审结日期。"]
    if decided_on is not None and decided_on < filed_on:
        errors["decided_on"] = ["审结日期不能早于提起日期。"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        application = _lock(application)
        check_action(application.status, "review_record")
        review = Review.objects.create(application=application, kind=kind, filed_on=filed_on,
                                       body=body, outcome=outcome, decided_on=decided_on,
                                       note=note, recorded_by=_actor_or_none(actor))
        _event(application, "review_record", actor, details={"kind": kind, "outcome": outcome})
    return review


def review_update(*, actor: Any, review: Review, outcome: str, decided_on: dt.date | None,
                  note: str = "") -> Review:
    _require(ApplicationPolicy.can_handle(actor, review.application))
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": ["结果不正确。"]})
    if outcome != ReviewOutcome.PENDING and (decided_on is None or decided_on < review.filed_on):
        raise ValidationError({"decided_on": ["请填写不早于提起日期的审结日期。"]})
    with transaction.atomic():
        review.outcome, review.decided_on = outcome, decided_on
        review.note = note or review.note
        review.save()
        _event(review.application, "update_review", actor,
               details={"review": review.pk, "outcome": outcome})
    return review


def notice_mark_sent(*, actor: Any, notice: Notice, sent_at: dt.datetime | None = None) -> Notice:
    """Staff record that a letter went by post or was handed over (the product e-mails)."""
    _require(ApplicationPolicy.can_handle(actor, notice.application))
    with transaction.atomic():
        notice.sent_at = sent_at or timezone.now()
        notice.status = NoticeStatus.SENT
        notice.save(update_fields=["sent_at", "status"])
        _event(notice.application, "notice_sent", actor,
               details={"notice": notice.pk, "kind": notice.kind, "channel": notice.channel})
    return notice


def letter_template_save(*, actor: Any, agency: Agency | None, kind: str, reply_type: str = "",
                         title: str, body: str) -> LetterTemplate:
    """Agency administrators edit their letter templates; platform admins the defaults."""
    if agency is None:
        from gongkai.core.policies import is_platform_admin

        _require(is_platform_admin(actor))
    else:
        _require(ApplicationPolicy.can_edit_templates(actor, agency))
    if kind not in NoticeKind.values:
        raise ValidationError({"kind": ["文书类型不正确。"]})
    if reply_type and reply_type not in reply_types.REPLY_TYPES_BY_CODE:
        raise ValidationError({"reply_type": ["答复类型不正确。"]})
    if not title.strip() or not body.strip():
        raise ValidationError({"body": ["标题和正文不能为空。"]})
    with transaction.atomic():
        template, _created = LetterTemplate.objects.update_or_create(
            agency=agency, kind=kind, reply_type=reply_type,
            defaults={"title": title.strip(), "body": body, "updated_by": _actor_or_none(actor)})
        audit_record(actor=actor, verb="application.letter_template_save", obj=template,
                     agency=agency, details={"kind": kind, "reply_type": reply_type})
    return template


# Conversion to proactive disclosure (Art. 44) ------------------------------------------


def conversion_threshold() -> int:
    return int(getattr(settings, "GONGKAI_APPLICATIONS_CONVERSION_THRESHOLD", 2))


# Words that say how one asks, not what one asks for: ignored when comparing requests.
REQUEST_WORDS = frozenset({
    "请", "公开", "申请", "获取", "提供", "查询", "查阅", "复制", "本人", "我", "需要", "有关",
    "相关", "关于", "的", "和", "及", "与", "全文", "信息", "政府", "情况", "资料", "文件",
    "年", "年度",
})
# Share of content words two descriptions must have in common (Dice coefficient) to ask for
# the same information.
SIMILAR_REQUEST_THRESHOLD = 0.6
# Disclosed cases compared by wording with a new one (the newest first).
SIMILAR_REQUEST_CANDIDATES = 500


def request_terms(description: str) -> frozenset[str]:
    """The content words of a request, segmented like the search index (``search.text``)."""
    from gongkai.search.text import segment, without_stopwords

    return frozenset(t for t in without_stopwords(segment(description or ""))
                     if t not in REQUEST_WORDS)


def request_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of the content words; 0 when the numbers differ (another year or
    another document is other information, however alike the words)."""
    if not a or not b or {t for t in a if t.isdigit()} != {t for t in b if t.isdigit()}:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def same_information(application: Application) -> list[Application]:
    """Disclosed cases of the agency that asked for the same information as ``application``
    (itself included, if disclosed): the same document number or wording
    (``information_key``), the same catalogue record requested or provided, or — by
    meaning — descriptions sharing most of their content words (Dice ≥
    ``SIMILAR_REQUEST_THRESHOLD``), so that "请公开2019年法律援助经费使用情况" and
    "申请获取2019年度法律援助经费的使用情况" are one piece of information."""
    disclosed = Application.objects.filter(agency_id=application.agency_id,
                                           reply_type__in=DISCLOSED_REPLY_TYPES)
    records = set(DisclosureItem.objects.filter(
        application=application, kind=DisclosureItemKind.RECORD).values_list("record_id", flat=True))
    if application.requested_record_id:
        records.add(application.requested_record_id)
    found = {a.pk: a for a in disclosed.filter(information_key=application.information_key)} \
        if application.information_key else {}
    if records:
        for other in disclosed.filter(disclosure_items__record_id__in=records).distinct():
            found[other.pk] = other
        for other in disclosed.filter(requested_record_id__in=records):
            found[other.pk] = other
    terms = request_terms(application.description)
    if terms:
        for other in disclosed.exclude(pk__in=list(found)).order_by("-id")[:SIMILAR_REQUEST_CANDIDATES]:
            if request_similarity(terms, request_terms(other.description)) >= SIMILAR_REQUEST_THRESHOLD:
                found[other.pk] = other
    if application.reply_type in DISCLOSED_REPLY_TYPES:
        found[application.pk] = application
    return sorted(found.values(), key=lambda a: a.pk)


def _propose_conversion(application: Application) -> ConversionProposal | None:
    """Art. 44: when enough different applicants received the same information, propose
    it for proactive disclosure (once; a completed or dismissed proposal is not repeated)."""
    if not (application.information_key or application.description):
        return None
    disclosed = same_information(application)
    applicants = len({a.applicant_key for a in disclosed if a.applicant_key})
    if applicants < conversion_threshold():
        return None
    ids = [a.pk for a in disclosed]
    existing = (ConversionProposal.objects.filter(agency_id=application.agency_id,
                                                  applications__in=ids)
                .order_by("-id").distinct())
    proposal = next((p for p in existing if p.status == ConversionStatus.PROPOSED), None)
    if proposal is None:
        if any(p.status == ConversionStatus.COMPLETED for p in existing):
            return None
        key = application.information_key or _key(f"case:{application.pk}")
        if ConversionProposal.objects.filter(agency_id=application.agency_id, key=key,
                                             status=ConversionStatus.COMPLETED).exists():
            return None
        title = (application.document_number or application.description)[:300]
        proposal = ConversionProposal.objects.create(
            agency_id=application.agency_id, key=key, title=title)
        audit_record(actor=None, verb="application.conversion_propose", obj=proposal,
                     agency=application.agency_id, details={"applicants": applicants})
    proposal.applications.add(*disclosed)
    return proposal


@dataclass(frozen=True)
class ConversionSource:
    """What the applicants were actually given: the catalogue record provided (or asked
    for), and the files the replies attached."""

    record: Any
    files: list[DisclosureItem]
    first_replied_on: dt.date | None


def conversion_source(proposal: ConversionProposal) -> ConversionSource:
    cases = list(proposal.applications.order_by("id"))
    items = list(DisclosureItem.objects.filter(
        application__in=cases, kind__in=[DisclosureItemKind.RECORD, DisclosureItemKind.FILE])
        .select_related("record", "record__current_version").order_by("id"))
    record = next((i.record for i in items if i.record is not None), None)
    if record is None:
        record = next((a.requested_record for a in cases if a.requested_record_id), None)
    files: list[DisclosureItem] = []
    seen: set[str] = set()
    for item in items:
        if item.kind == DisclosureItemKind.FILE and item.file and item.sha256 not in seen:
            seen.add(item.sha256)
            files.append(item)
    replied = [a.replied_on for a in cases if a.replied_on]
    return ConversionSource(record, files, min(replied) if replied else None)


def _record_facts(record: Any) -> dict[str, Any]:
    version = getattr(record, "current_version", None)
    source = version if version is not None else record
    facts = {name: getattr(source, name, getattr(record, name, None))
             for name in ("title", "summary", "body", "keywords", "document_number", "formed_on",
                          "topic", "genre")}
    facts["is_official_document"] = record.is_official_document
    facts["department"] = record.department
    return {k: v for k, v in facts.items() if v not in (None, "")}


def conversion_complete(*, actor: Any, proposal: ConversionProposal, topic: Any = None,
                        genre: Any = None, title: str = "",
                        formed_on: dt.date | None = None) -> Any:
    """One click for an editor: a draft catalogue record made through the catalogue's own
    services (``record_create``, ``record_attach``), which then goes through its review
    and publication gate. Title, text, dates, document number, classification and
    attachments come from what the applicants were given: the catalogue record provided
    (or asked for), else the files of the replies (their text becomes the body; the
    产生日期 is then at the latest the first reply day). Arguments given here win."""
    _require(ApplicationPolicy.can_convert(actor, proposal.agency_id))
    from gongkai.catalogue.files import AttachmentRejected, check_attachment, extract_text
    from gongkai.catalogue.models import Genre, Topic
    from gongkai.catalogue.services import record_attach, record_create

    with transaction.atomic():
        proposal = ConversionProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != ConversionStatus.PROPOSED:
            raise ValidationError({"proposal": ["该转主动公开建议已处理。"]})
        count = proposal.applications.count()
        source = conversion_source(proposal)
        first = proposal.applications.order_by("id").first()
        fields: dict[str, Any] = {}
        attachments: list[tuple[str, bytes]] = []
        if source.record is not None:
            fields = _record_facts(source.record)
            for attachment in source.record.attachments.all():
                with attachment.file.open("rb") as handle:
                    attachments.append((attachment.original_name, handle.read()))
        texts: list[str] = []
        for item in source.files:
            with item.file.open("rb") as handle:
                data = handle.read()
            try:
                sniffed = check_attachment(data, item.original_name)
            except AttachmentRejected:
                continue
            attachments.append((item.original_name, data))
            text = (extract_text(data, sniffed.kind) or "").strip()
            if text:
                texts.append(text)
        if "body" not in fields and texts:
            fields["body"] = "\n\n".join(texts)
        if "title" not in fields:
            named = [i.original_name.rsplit(".", 1)[0] for i in source.files]
            fields["title"] = (proposal.title if not named or len(named[0]) < 4 else named[0])
        if "document_number" not in fields and first is not None and first.document_number:
            fields["document_number"] = first.document_number
        if "formed_on" not in fields:
            fields["formed_on"] = source.first_replied_on or _today()
        if "department" not in fields and first is not None and first.department_id:
            fields["department"] = first.department
        fields["summary"] = (fields.get("summary") or f"经{count}件依申请公开转为主动公开")[:100]
        if title:
            fields["title"] = title
        if formed_on:
            fields["formed_on"] = formed_on
        fields["title"] = str(fields["title"])[:300]
        fields["topic"] = topic or fields.get("topic") or Topic.objects.order_by("id").first()
        fields["genre"] = genre or fields.get("genre") or Genre.objects.order_by("id").first()
        if fields["topic"] is None or fields["genre"] is None:
            raise ValidationError({"topic": ["请先在目录中设置主题分类和体裁分类。"]})
        record = record_create(actor=actor, agency=proposal.agency, **fields)
        for name, data in attachments:
            record_attach(actor=actor, record=record, filename=name, data=data)
        proposal.record = record
        proposal.status = ConversionStatus.COMPLETED
        proposal.decided_by = _actor_or_none(actor)
        proposal.decided_at = timezone.now()
        proposal.save()
        audit_record(actor=actor, verb="application.conversion_complete", obj=proposal,
                     agency=proposal.agency_id,
                     details={"record": record.pk,
                              "source_record": getattr(source.record, "pk", None),
                              "files": len(attachments)})
    return record


def conversion_dismiss(*, actor: Any, proposal: ConversionProposal, reason: str = "") -> None:
    _require(ApplicationPolicy.can_convert(actor, proposal.agency_id))
    with transaction.atomic():
        proposal.status = ConversionStatus.DISMISSED
        proposal.decided_by = _actor_or_none(actor)
        proposal.decided_at = timezone.now()
        proposal.save()
        audit_record(actor=actor, verb="application.conversion_dismiss", obj=proposal,
                     agency=proposal.agency_id, details={"reason": reason})


# The calendar changed ---------------------------------------------------------------------


def recalculate(*, application: Application, reason: str, actor: Any = None,
                change: CalendarChange | None = None, clock: engine.Clock | None = None) -> bool:
    """Recompute one open case's due date; when it moves, the history says why (which
    calendar change, by whom)."""
    why = change.describe() if change is not None else reason
    with transaction.atomic():
        application = _lock(application)
        old_provisional = application.due_on_provisional
        old, moved = _apply_clock(application, clock=clock)
        if not moved and old_provisional == application.due_on_provisional:
            return False
        application.save()
        details: dict[str, Any] = {"reason": reason}
        if change is not None:
            details.update(calendar_change=change.summary, changed_by=change.actor_label,
                           audit_seq=change.audit_seq)
        _event(application, "due_date_recalculated", actor, old_due_on=old,
               comment=f"节假日安排变更,答复期限由{old}调整为{application.due_on}({why})。"
               if moved else f"节假日安排已公布,答复期限{application.due_on}已确定({why})。",
               details=details)
    return True


def recalculate_open(*, dates: Iterable[dt.date] | None = None, reason: str,
                     change: CalendarChange | None = None, clock: engine.Clock | None = None) -> int:
    """After a calendar change: every open case whose clock runs over a changed day
    (or every open case when ``dates`` is None).

    Runs in the ``workdays.recalculate_deadlines`` job, not in the administrator's request.
    One calendar snapshot serves every case; a case is locked and written only when its
    due date (or provisional mark) actually moves.
    """
    from gongkai.applications.workflow import OPEN_STATES

    qs = Application.objects.filter(status__in=OPEN_STATES)
    dates = sorted(dates or [])
    if dates:
        qs = qs.filter(clock_start_on__lte=dates[-1]).exclude(due_on__lt=dates[0])
        # Pauses assumed at full length can reach past due_on: keep those too.
        qs = qs | Application.objects.filter(
            status__in=[ApplicationStatus.IN_THIRD_PARTY_CONSULTATION, ApplicationStatus.AWAITING_FEE])
    clock = clock or engine.Clock()
    candidates = (qs.distinct().select_related("correction", "fee")
                  .prefetch_related("extensions", "third_party_consultations").order_by("pk"))
    moved = 0
    for application in candidates.iterator(chunk_size=500):
        fresh = timelimits.clock_for(application, clock=clock)
        if fresh.due_on == application.due_on and fresh.provisional == application.due_on_provisional:
            continue
        if recalculate(application=application, reason=reason, change=change, clock=clock):
            moved += 1
    return moved


def recalculate_after_calendar_change(change: CalendarChange, clock: engine.Clock) -> int:
    """The applications' deadline owner (``gongkai.workdays.deadlines``), called by the job."""
    return recalculate_open(dates=change.dates, reason=change.reason or change.verb,
                            change=change, clock=clock)


# Personal data --------------------------------------------------------------------------


def applicant_export(*, actor: Any, application: Application) -> dict[str, Any]:
    """Everything held about the applicant on this case, for a data subject request."""
    _require(ApplicationPolicy.can_view(actor, application))
    data = {name: getattr(application, name) for name in SUBMIT_FIELDS}
    data.update({
        "case_number": application.case_number, "agency": application.agency.name,
        "channel": application.channel, "received_on": application.received_on.isoformat(),
        "status": application.status, "reply_type": application.reply_type,
        "notices": [{"kind": n.kind, "created_at": n.created_at.isoformat(),
                     "sent_at": n.sent_at.isoformat() if n.sent_at else None}
                    for n in application.notices.filter(visible_to_applicant=True)],
    })
    with transaction.atomic():
        audit_record(actor=actor, verb="application.applicant_export", obj=application,
                     agency=application.agency_id)
    return data


ANONYMOUS = "(已匿名化)"


def anonymise(*, actor: Any, application: Application) -> Application:
    """Erase the applicant's personal data, keeping what the annual report counts
    (type, category, channel, dates, reply type). Rendered letters are deleted too."""
    if actor is not None:
        _require(ApplicationPolicy.can_anonymise(actor, application))
    with transaction.atomic():
        application = _lock(application)
        if application.anonymised_at is not None:
            return application
        if application.is_open:
            raise InvalidTransition(application.status, "anonymise", "办理中的申请不能匿名化。")
        application.applicant_name = ANONYMOUS
        for name in ("id_number", "credit_code", "contact_name", "phone", "email", "address",
                     "postcode", "purpose", "applicant_key"):
            setattr(application, name, "")
        application.anonymised_at = timezone.now()
        application.save()
        for notice in application.notices.all():
            if notice.pdf:
                notice.pdf.delete(save=False)
            notice.html = ""
            notice.recipient = ANONYMOUS if notice.third_party_consultation_id is None else notice.recipient
            notice.save()
        _event(application, "anonymise", actor)
    return application


def retention_days() -> int:
    return int(getattr(settings, "GONGKAI_APPLICATIONS_RETENTION_DAYS", 3650))


def anonymise_expired(*, today: dt.date | None = None) -> int:
    """Closed cases older than the retention period (counted from closing) are anonymised."""
    today = today or _today()
    cutoff = today - dt.timedelta(days=retention_days())
    due = Application.objects.filter(anonymised_at__isnull=True, closed_on__lt=cutoff,
                                     status__in=[ApplicationStatus.ARCHIVED,
                                                 ApplicationStatus.REPLIED,
                                                 ApplicationStatus.WITHDRAWN])
    done = 0
    for application in due.iterator():
        anonymise(actor=None, application=application)
        done += 1
    return done
