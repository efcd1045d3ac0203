"""Letters to applicants and consulted parties, rendered from editable templates.

Every notice (受理回执, 补正告知书, 延期答复告知书, 征求意见函, 收费通知书, 答复书/告知书 per
reply_type) has a default body shipped in ``templates/applications/letters/`` that an agency
administrator may override with a ``LetterTemplate`` row. Template authors are trusted with
wording, not with the system: bodies are rendered by a sandboxed Django ``Engine`` (no
loaders, so no ``{% include %}``/``{% extends %}``; no tag libraries beyond the built-ins)
over a context of plain strings, numbers and lists of dicts built here, so no model object,
manager or method is reachable from a template.

What the law requires is not left to the editable body: the legal basis of a reply comes
from ``reply_types.legal_basis`` and the paragraph on administrative reconsideration
(行政复议法 Art. 20: 60 days) and litigation (行政诉讼法 Art. 46: 6 months), worded by
``remedies``, is added by the fixed page layout for every reply whose reply type
``reply_types.tells_remedies``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import Q
from django.template import Context, Engine, TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from gongkai.applications import remedies, reply_types
from gongkai.applications.models import (
    Application,
    DisclosureItemKind,
    LetterTemplate,
    Notice,
    NoticeKind,
    ThirdPartyConsultationKind,
)

DEFAULTS_DIR = Path(__file__).parent / "templates" / "applications" / "letters"
MAX_TEMPLATE_CHARS = 20_000

TITLES: dict[str, str] = {
    NoticeKind.ACKNOWLEDGEMENT: "政府信息公开申请受理回执",
    NoticeKind.CORRECTION_REQUEST: "政府信息公开申请补正告知书",
    NoticeKind.EXTENSION_NOTICE: "政府信息公开申请延期答复告知书",
    NoticeKind.THIRD_PARTY_CONSULTATION_LETTER: "政府信息公开征求意见函",
    NoticeKind.FEE_NOTICE: "政府信息公开信息处理费缴费通知书",
    NoticeKind.REPLY_LETTER: "政府信息公开申请答复书",
}
# Replies that provide nothing are 告知书 in Chinese practice; those that provide are 答复书.
REPLY_TITLES: dict[str, str] = {
    reply_types.DISCLOSED: "政府信息公开申请答复书",
    reply_types.PARTIALLY_DISCLOSED: "政府信息公开申请答复书",
    reply_types.WITHHELD: "政府信息公开申请告知书",
    reply_types.UNAVAILABLE: "政府信息公开申请告知书",
    reply_types.NOT_PROCESSED: "政府信息公开申请告知书",
    reply_types.OTHER: "政府信息公开申请告知书",
}

# The variables every template may use, with what they mean: shown in the template editor
# and used to render its preview.
VARIABLES: dict[str, str] = {
    "agency_name": "机构名称", "case_number": "申请编号", "applicant_name": "申请人姓名或名称",
    "received_on": "收到申请之日", "channel": "申请渠道", "description": "所需信息的内容描述",
    "document_number": "文件编号", "due_on": "答复期限", "due_on_provisional": "期限是否暂定",
    "issued_on": "文书日期", "delivery_form": "提供形式",
    "correction_request": "需补正的内容(补正告知书)", "correction_deadline": "补正期限",
    "extension_days": "延长工作日数(延期告知书)", "extension_reason": "延期理由",
    "consultee_name": "被征求意见方(征求意见函)", "consultee_is_agency": "是否为其他机关",
    "third_party_consultation_deadline": "征求意见答复期限",
    "third_party_consultation_reason": "征求意见的原因",
    "fee_method": "计收方式(收费通知书)", "fee_amount": "应缴金额(元)",
    "fee_explanation": "计费说明", "fee_deadline": "缴费期限",
    "payment_instructions": "缴费方式",
    "reply_type": "答复类型代码(答复书)", "reply_type_reason": "具体情形代码", "reply_type_label": "答复类型",
    "reason_text": "具体情形", "legal_basis": "法律依据", "reply_text": "答复说明",
    "provided": "提供的信息", "withheld_parts": "不予公开部分(列表:part、ground)",
    "record_title": "已公开信息名称", "record_index": "索取号", "record_url": "查阅地址",
    "status_url": "办理进度查询地址",
}


class LetterTemplateError(ValueError):
    """A template an administrator wrote that does not compile or render."""


# The sandbox: no loaders, no libraries, autoescaping on, unknown names render empty.
_SANDBOX = Engine(dirs=[], app_dirs=False, loaders=[], libraries={}, autoescape=True,
                  string_if_invalid="", debug=False)


def template_key(kind: str, reply_type: str = "") -> str:
    return f"{kind}/{reply_type}" if kind == NoticeKind.REPLY_LETTER and reply_type else kind


def default_body(kind: str, reply_type: str = "") -> str:
    if kind == NoticeKind.REPLY_LETTER:
        path = DEFAULTS_DIR / "reply_letter" / f"{reply_type or reply_types.DISCLOSED}.html"
    else:
        path = DEFAULTS_DIR / f"{kind}.html"
    return path.read_text(encoding="utf-8")


def default_title(kind: str, reply_type: str = "") -> str:
    if kind == NoticeKind.REPLY_LETTER:
        return REPLY_TITLES.get(reply_type, TITLES[kind])
    return TITLES[kind]


def template_for(agency_id: int | None, kind: str, reply_type: str = "") -> tuple[str, str, bool]:
    """(title, body, customised): the agency's own template, else a platform-wide row,
    else the shipped default."""
    wanted = reply_type if kind == NoticeKind.REPLY_LETTER else ""
    scope = Q(agency__isnull=True) | Q(agency_id=agency_id) if agency_id else Q(agency__isnull=True)
    rows = sorted(LetterTemplate.objects.filter(scope, kind=kind, reply_type=wanted),
                  key=lambda r: r.agency_id is None)
    row = rows[0] if rows else None
    if row is not None:
        return row.title or default_title(kind, reply_type), row.body, True
    return default_title(kind, reply_type), default_body(kind, reply_type), False


def compile_body(body: str) -> Any:
    if len(body) > MAX_TEMPLATE_CHARS:
        raise LetterTemplateError(f"模板过长(不超过{MAX_TEMPLATE_CHARS}字)。")
    try:
        return _SANDBOX.from_string(body)
    except TemplateSyntaxError as exc:
        raise LetterTemplateError(f"模板语法错误:{exc}") from exc


# Letter variables renamed to the glossary's words (docs/applications.md "Names"). An
# agency's stored template body may still use an old name; it keeps rendering as before.
OLD_VARIABLE_NAMES: dict[str, str] = {
    "outcome": "reply_type", "sub_reason": "reply_type_reason", "outcome_label": "reply_type_label",
}


def render_body(body: str, context: dict[str, Any]) -> str:
    """The body as safe HTML; raises LetterTemplateError for a broken template."""
    template = compile_body(body)
    plain = _plain(context)
    for old, new in OLD_VARIABLE_NAMES.items():
        if new in plain:
            plain.setdefault(old, plain[new])
    try:
        return template.render(Context(plain, autoescape=True))
    except Exception as exc:  # an {% include %} or a bad filter argument, found at render
        raise LetterTemplateError(f"模板无法生成:{exc}") from exc


def _plain(value: Any) -> Any:
    """Only data reaches a template: strings, numbers, booleans and lists/dicts of them."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, bool | int | float | Decimal) or value is None:
        return value
    if isinstance(value, dt.date):
        return cn_date(value)
    return str(value)


def cn_date(value: dt.date | str | None) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    else:
        day = value
    return f"{day.year}年{day.month}月{day.day}日"


# Context ------------------------------------------------------------------------------


def _application_context(application: Application) -> dict[str, Any]:
    agency = application.agency
    return {
        "agency_name": agency.name,
        "agency_address": agency.address,
        "agency_phone": agency.phone,
        "case_number": application.case_number,
        "applicant_name": application.applicant_name,
        "received_on": application.received_on,
        "channel": application.get_channel_display(),
        "description": application.description,
        "document_number": application.document_number,
        "due_on": application.due_on,
        "due_on_provisional": application.due_on_provisional,
        "delivery_form": application.get_delivery_form_display(),
        "status_url": status_url(agency),
    }


def status_url(agency: Any) -> str:
    """Where the applicant follows the case (absolute: the letter is read on paper or in a
    PDF, not on our site)."""
    from django.urls import reverse

    from gongkai.core.links import absolute_url

    return absolute_url(reverse("applications:status", kwargs={"agency": agency.slug}))


def _correction_context(application: Application) -> dict[str, Any]:
    correction = getattr(application, "correction", None) if _has(application, "correction") else None
    if correction is None:
        return {}
    return {"correction_request": correction.what_to_correct,
            "correction_deadline": correction.reply_by}


def _extension_context(application: Application) -> dict[str, Any]:
    extension = application.extensions.filter(status="approved").order_by("-id").first()
    if extension is None:
        extension = application.extensions.order_by("-id").first()
    if extension is None:
        return {}
    return {"extension_days": extension.working_days, "extension_reason": extension.reason}


def _third_party_consultation_context(notice: Notice) -> dict[str, Any]:
    consultation = (notice.third_party_consultation
                    or notice.application.third_party_consultations.order_by("-id").first())
    if consultation is None:
        return {}
    return {"consultee_name": consultation.party_name,
            "consultee_is_agency": consultation.kind == ThirdPartyConsultationKind.OTHER_AGENCY,
            "third_party_consultation_deadline": consultation.answer_by}


def _fee_context(application: Application) -> dict[str, Any]:
    fee = getattr(application, "fee", None) if _has(application, "fee") else None
    if fee is None:
        return {}
    unit = "件" if fee.method == "per_request" else "页"
    context = {"fee_method": fee.get_method_display(), "fee_amount": f"{fee.amount:.2f}",
               "fee_explanation": f"计费数量 {fee.quantity} {unit}", "fee_deadline": fee.pay_by}
    context.update(_frozen(NoticeKind.FEE_NOTICE, {"lines": fee.breakdown}))
    return context


def _reply_context(application: Application) -> dict[str, Any]:
    reply_type, sub = application.reply_type, application.reply_type_reason
    if not reply_type:
        return {}
    try:
        reply_type_reason = reply_types.validate(reply_type, sub)
        basis = application.legal_basis or reply_types.legal_basis(reply_type, sub)
        label = str(reply_types.get(reply_type).label)
    except reply_types.ReplyTypeError:
        reply_type_reason, basis, label = None, application.legal_basis, reply_type
    items = list(application.disclosure_items.select_related("record", "record__current_version"))
    provided = [i.original_name or i.description for i in items if i.kind == DisclosureItemKind.FILE]
    withheld = [{"part": i.description, "ground": _ground(i)} for i in items
                if i.kind == DisclosureItemKind.WITHHELD]
    context: dict[str, Any] = {
        "reply_type": reply_type, "reply_type_reason": reply_type_reason.code if reply_type_reason else "",
        "reply_type_label": label, "reason_text": str(reply_type_reason.label) if reply_type_reason else "",
        "legal_basis": basis, "reply_text": application.reply_text,
        "withheld_parts": withheld,
    }
    record_item = next((i for i in items if i.kind == DisclosureItemKind.RECORD and i.record), None)
    if record_item is not None and record_item.record is not None:
        record = record_item.record
        version = record.current_version
        context.update(record_title=version.title if version else record.title,
                       record_index=record.index_number or "",
                       record_url=_record_url(application, record))
        provided.append(f"《{context['record_title']}》")
    context["provided"] = "、".join(p for p in provided if p)
    return context


def _ground(item: Any) -> str:
    label = ""
    if item.withholding_reason:
        try:
            label = str(reply_types.get(reply_types.WITHHELD).reason(item.withholding_reason).label)
        except KeyError:
            label = item.withholding_reason
    basis = item.legal_basis
    return "，".join(p for p in (label, f"依据{basis}" if basis else "") if p)


def _record_url(application: Application, record: Any) -> str:
    if not record.is_public:
        return ""
    from django.urls import reverse

    from gongkai.core.links import absolute_url

    return absolute_url(reverse("catalogue:record", kwargs={
        "agency": application.agency.slug, "pk": record.pk}))


def _has(application: Application, name: str) -> bool:
    from django.core.exceptions import ObjectDoesNotExist

    try:
        getattr(application, name)
    except ObjectDoesNotExist:
        return False
    return True


def letter_context(notice: Notice) -> dict[str, Any]:
    """Facts for the letter: the case, the step the notice reports, and ``notice.context``
    (the facts frozen when the notice was issued) on top, so a letter re-rendered later
    still says what it said on the day."""
    application = notice.application
    context = _application_context(application)
    context.update(_correction_context(application))
    context.update(_extension_context(application))
    context.update(_fee_context(application))
    if notice.kind == NoticeKind.THIRD_PARTY_CONSULTATION_LETTER:
        context.update(_third_party_consultation_context(notice))
    if notice.kind == NoticeKind.REPLY_LETTER:
        context.update(_reply_context(application))
    frozen = notice.context if isinstance(notice.context, dict) else {}
    context.update(_frozen(notice.kind, frozen))
    issued = timezone.localtime(notice.created_at).date() if notice.created_at else timezone.localdate()
    context["issued_on"] = frozen.get("issued_on") or issued
    if notice.kind == NoticeKind.THIRD_PARTY_CONSULTATION_LETTER and notice.recipient:
        context.setdefault("consultee_name", notice.recipient)
    return context


# Keys the services freeze in ``Notice.context`` → the template variables they fill.
FROZEN_KEYS: dict[str, dict[str, str]] = {
    NoticeKind.ACKNOWLEDGEMENT: {"received_on": "received_on", "due_on": "due_on",
                                 "due_on_provisional": "due_on_provisional"},
    NoticeKind.CORRECTION_REQUEST: {"what_to_correct": "correction_request",
                                    "reply_by": "correction_deadline"},
    NoticeKind.EXTENSION_NOTICE: {"working_days": "extension_days", "reason": "extension_reason",
                                  "due_on": "due_on"},
    NoticeKind.THIRD_PARTY_CONSULTATION_LETTER: {"party_name": "consultee_name",
                                     "answer_by": "third_party_consultation_deadline"},
    NoticeKind.FEE_NOTICE: {"amount": "fee_amount", "pay_by": "fee_deadline"},
    NoticeKind.REPLY_LETTER: {"legal_basis": "legal_basis"},
}


def _iso_date(value: Any) -> Any:
    """JSON keeps dates as ISO strings; letters print them the Chinese way."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _frozen(kind: str, frozen: dict[str, Any]) -> dict[str, Any]:
    out = {target: _iso_date(frozen[key]) for key, target in FROZEN_KEYS.get(kind, {}).items()
           if frozen.get(key) not in (None, "")}
    if kind == NoticeKind.THIRD_PARTY_CONSULTATION_LETTER and frozen.get("kind"):
        out["consultee_is_agency"] = frozen["kind"] == ThirdPartyConsultationKind.OTHER_AGENCY
    if kind == NoticeKind.FEE_NOTICE:
        lines = [str(line.get("text") or line.get("label") or line.get("description") or "")
                 + (f" {line['quantity']} × {line['rate']} 元 = {line['amount']} 元"
                    if {"quantity", "rate", "amount"} <= set(line) else "")
                 for line in frozen.get("lines") or [] if isinstance(line, dict)]
        if any(lines):
            out["fee_explanation"] = ";".join(x for x in lines if x)
        if "fee_amount" in out:
            out["fee_amount"] = f"{Decimal(str(out['fee_amount'])):.2f}"
    return out


def remedies_text() -> str:
    return remedies.remedies_text()


def _tells_remedies(kind: str, reply_type: str, reply_type_reason: str) -> bool:
    if kind != NoticeKind.REPLY_LETTER or not reply_type:
        return False
    try:
        return reply_types.tells_remedies(reply_type, reply_type_reason)
    except reply_types.ReplyTypeError:
        return True


def sign_off_text(notice: Notice) -> str:
    """The reply's 审核 as the letter's metadata says it (the PDF's Subject and the
    signature's reason): who approved, when, who drafted. Empty for a reply sent without
    review and for other letters."""
    review = (notice.context or {}).get("review") if isinstance(notice.context, dict) else None
    if not isinstance(review, dict) or not review.get("approved_by"):
        return ""
    text = f"审核:{review['approved_by']}于{review.get('approved_at', '')}批准"
    if review.get("submitted_by"):
        text += f";经办:{review['submitted_by']}"
    return text


def render_letter(*, kind: str, reply_type: str, context: dict[str, Any], title: str,
                  body: str, sign_off: str = "") -> str:
    """The full letter page (fixed layout around the editable body)."""
    plain = _plain(context)
    page = dict(plain)
    page["sign_off"] = sign_off
    page["title"] = title
    page["body"] = mark_safe(render_body(body, context))  # noqa: S308  (autoescaped above)
    page["letter_number"] = f"申请编号:{plain.get('case_number', '')}"
    if _tells_remedies(kind, reply_type, str(context.get("reply_type_reason", ""))):
        page["remedies"] = remedies_text()
    return render_to_string("applications/letter_page.html", page)


def render_notice_html(notice: Notice) -> str:
    """The letter as a complete HTML document (the PDF is made from it)."""
    application = notice.application
    reply_type = application.reply_type if notice.kind == NoticeKind.REPLY_LETTER else ""
    title, body, _custom = template_for(application.agency_id, notice.kind, reply_type)
    return render_letter(kind=notice.kind, reply_type=reply_type, context=letter_context(notice),
                         title=title, body=body, sign_off=sign_off_text(notice))


def render_notice_pdf(notice: Notice) -> bytes:
    """The letter as a signed PDF (PAdES, registered for the public verifier)."""
    from gongkai.signing.services import render_pdf, sign_pdf

    html = notice.html or render_notice_html(notice)
    application = notice.application
    pdf = render_pdf(html)
    title = TITLES.get(notice.kind, notice.kind)
    sign_off = sign_off_text(notice)
    return sign_pdf(agency=application.agency, pdf=pdf,
                    reason=f"{title} {application.case_number}" + (f"({sign_off})" if sign_off else ""))


def sample_context(agency: Any, kind: str, reply_type: str = "") -> dict[str, Any]:
    """Made-up facts for the template editor's preview (no real applicant)."""
    today = timezone.localdate()
    context: dict[str, Any] = {
        "agency_name": agency.name, "agency_address": agency.address, "agency_phone": agency.phone,
        "case_number": f"{today.year}-0001", "applicant_name": "(申请人姓名)",
        "received_on": today, "channel": "网上申请", "description": "(所需信息的内容描述)",
        "document_number": "", "due_on": today + dt.timedelta(days=28),
        "due_on_provisional": False, "issued_on": today, "delivery_form": "电子",
        "correction_request": "(需补正的内容)", "correction_deadline": today + dt.timedelta(days=21),
        "extension_days": 20, "extension_reason": "(延期理由)",
        "consultee_name": "(被征求意见方)", "consultee_is_agency": False,
        "third_party_consultation_deadline": today + dt.timedelta(days=21),
        "fee_method": "按件计收", "fee_amount": "100.00", "fee_explanation": "(计费说明)",
        "fee_deadline": today + dt.timedelta(days=28), "reply_text": "",
        "status_url": status_url(agency),
    }
    if kind == NoticeKind.REPLY_LETTER:
        item = reply_types.get(reply_type or reply_types.DISCLOSED)
        sub = item.reasons[0] if item.reasons and item.code != reply_types.DISCLOSED else None
        context.update(reply_type=item.code, reply_type_reason=sub.code if sub else "",
                       reply_type_label=str(item.label), reason_text=str(sub.label) if sub else "",
                       legal_basis=reply_types.legal_basis(item.code, sub.code if sub else ""),
                       provided="(提供的信息)",
                       withheld_parts=[{"part": "(不予公开部分)", "ground": _ground_of(
                           "third_party", reply_types.legal_basis(reply_types.WITHHELD, "third_party"))}])
    return context


def preview(*, agency: Any, kind: str, reply_type: str, title: str, body: str) -> str:
    return render_letter(kind=kind, reply_type=reply_type, context=sample_context(agency, kind, reply_type),
                         title=title, body=body)


def preview_reply(*, application: Application, reply_type: str, reply_type_reason: str, reply_text: str,
                  withheld: list[dict[str, str]], record: Any, files: list[str]) -> str:
    """The reply letter as it would go out, before anything is saved (the reply form's
    preview button)."""
    context = _application_context(application)
    try:
        sub = reply_types.validate(reply_type, reply_type_reason)
        basis = reply_types.legal_basis(reply_type, reply_type_reason)
        label = str(reply_types.get(reply_type).label)
    except reply_types.ReplyTypeError:
        sub, basis, label = None, "", reply_type
    provided = list(files)
    context.update(reply_type=reply_type, reply_type_reason=sub.code if sub else "", reply_type_label=label,
                   reason_text=str(sub.label) if sub else "", legal_basis=basis,
                   reply_text=reply_text, issued_on=timezone.localdate(),
                   withheld_parts=[{"part": p["description"], "ground": _ground_of(
                       p["withholding_reason"], p.get("legal_basis", ""))} for p in withheld])
    if record is not None:
        version = record.current_version
        context.update(record_title=version.title if version else record.title,
                       record_index=record.index_number or "",
                       record_url=_record_url(application, record))
        provided.append(f"《{context['record_title']}》")
    context["provided"] = "、".join(provided)
    title, body, _custom = template_for(application.agency_id, NoticeKind.REPLY_LETTER, reply_type)
    return render_letter(kind=NoticeKind.REPLY_LETTER, reply_type=reply_type, context=context,
                         title=title, body=body)


def _ground_of(code: str, basis: str) -> str:
    class _Item:
        withholding_reason = code
        legal_basis = basis

    return _ground(_Item())
