"""Forms of the application pages, public and staff.

They turn posted text into typed values; the rules (what an application must contain,
which step is allowed now, how long a period is) live in ``services`` and come back, field
by field, through ``apply_errors``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.applications import reply_types
from gongkai.applications.models import (
    ApplicantType,
    Application,
    Channel,
    DeliveryForm,
    FeeMethod,
    IdType,
    NoticeKind,
    OrganisationCategory,
    ReceiptMethod,
    ReviewKind,
    ReviewOutcome,
    ThirdPartyConsultationKind,
)
from gongkai.applications.services import (
    FIELD_LABELS,
    FIELD_MAX_LENGTH,
    SUBMIT_FIELDS,
    required_fields,
)
from gongkai.applications.timelimits import EXTENSION_MAX_WORKING_DAYS
from gongkai.core.intake import HoneypotFormMixin

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DESCRIPTION_MAX = 2000
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class MultilineField(forms.CharField):
    """Keep LF line breaks (browsers post CRLF), so lengths count what was typed."""

    widget = forms.Textarea

    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        return text if text is None else text.replace("\r\n", "\n").replace("\r", "\n")


class BaseForm(forms.Form):
    """Several forms share the case page: each gets its own id prefix so that every label
    points at its own input."""

    id_prefix = "f"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def set_choices(form: forms.Form, name: str, choices: list[Any]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's ValidationError next to the fields it names (others at the top)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        name = field if field in form.fields else None
        for message in errors:
            if name is None and field != "__all__":
                label = field_label(field)
                form.add_error(None, f"{label}:{message}" if label else message)
            else:
                form.add_error(name, message)


def field_label(field: str) -> str:
    try:
        return str(getattr(Application._meta.get_field(field), "verbose_name", ""))
    except FieldDoesNotExist:
        return ""


# The application (public and staff) -------------------------------------------------


def _text(label: Any, name: str, **kwargs: Any) -> forms.CharField:
    """A text field the service validates: no Django-level required or length check (their
    generic messages would duplicate the service's precise ones); the browser's maxlength
    comes from the service's limit."""
    widget = kwargs.pop("widget", None) or forms.TextInput()
    limit = FIELD_MAX_LENGTH.get(name)
    if limit:
        widget.attrs.setdefault("maxlength", str(limit))
    field_class = kwargs.pop("field_class", forms.CharField)
    return field_class(label=label, required=False, widget=widget, **kwargs)


def _choice(label: Any, choices: Any, name: str, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, required=False, choices=choices,
        error_messages={"invalid_choice": f"请从列表中选择{FIELD_LABELS.get(name, '')}。"},
        **kwargs)


class ApplicationForm(HoneypotFormMixin, BaseForm):
    """Regulations Art. 29: who applies, how to reach them, what information, in what form.

    The form only carries the fields: every rule about them (what is required for which
    applicant type and receipt method, formats, lengths) is ``services._clean_fields``,
    whose errors come back field by field through ``apply_errors``. Fields are marked
    required from ``services.required_fields`` for what the applicant chose.

    ``idempotency_key`` is drawn when the empty form is shown and posted back as a hidden
    field: a double click or a resubmitted page makes one case, not two. The honeypot
    field comes from the public-intake kit (``core/intake.py``).
    """

    id_prefix = "a"

    applicant_type = _choice(_("申请人类型"), ApplicantType.choices, "applicant_type",
                             widget=forms.RadioSelect, initial=ApplicantType.NATURAL_PERSON)
    applicant_name = _text(_("姓名或名称"), "applicant_name")
    id_type = _choice(_("证件类型"), IdType.choices, "id_type", initial=IdType.RESIDENT_ID,
                      help_text=_("自然人必填。"))
    id_number = _text(_("证件号码"), "id_number",
                      help_text=_("自然人必填；居民身份证号码为18位，末位可为X。"))
    organisation_category = _choice(
        _("组织类别"), [("", _("（法人或其他组织填写）")), *OrganisationCategory.choices],
        "organisation_category", help_text=_("法人或其他组织必填。"))
    credit_code = _text(_("统一社会信用代码"), "credit_code",
                        help_text=_("法人或其他组织必填，18位。"))
    contact_name = _text(_("联系人"), "contact_name", help_text=_("法人或其他组织必填。"))
    phone = _text(_("联系电话"), "phone",
                  help_text=_("联系电话、电子邮箱、通信地址至少填写一项。"))
    email = _text(_("电子邮箱"), "email", widget=forms.EmailInput(),
                  help_text=_("选择以电子邮件获取时必填。"))
    address = _text(_("通信地址"), "address", help_text=_("选择邮寄获取时必填。"))
    postcode = _text(_("邮政编码"), "postcode")
    description = _text(_("所需信息的内容描述"), "description", field_class=MultilineField,
                        widget=forms.Textarea(),
                        help_text=_("请写明信息的名称、文件编号或其他有助于确定该信息的特征。"))
    document_number = _text(_("文件编号（如知道）"), "document_number")
    purpose = _text(_("用途"), "purpose", field_class=MultilineField, widget=forms.Textarea())
    delivery_form = _choice(_("提供政府信息的形式"), DeliveryForm.choices, "delivery_form",
                            widget=forms.RadioSelect, initial=DeliveryForm.ELECTRONIC)
    receipt_method = _choice(
        _("获取信息的方式"), ReceiptMethod.choices, "receipt_method", widget=forms.RadioSelect,
        help_text=_("未选择时：填写了电子邮箱的以电子邮件送达，否则填写了通信地址的邮寄送达。"))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100, required=False)

    def __init__(self, *args: Any, purpose_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.purpose_required = purpose_required
        if not purpose_required:
            self.fields["purpose"].label = _("用途（选填）")
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", secrets.token_urlsafe(18))
        chosen = self.data if self.is_bound else {
            name: self.initial.get(name, field.initial) for name, field in self.fields.items()}
        for name in required_fields(dict(chosen.items()), purpose_required=purpose_required):
            if name in self.fields:
                # A mark for the page (``_field.html``) and for assistive technology; the
                # check itself is the service's.
                field = self.fields[name]
                field.marked_required = True  # type: ignore[attr-defined]
                field.widget.attrs["aria-required"] = "true"

    def submission_fields(self) -> dict[str, Any]:
        """What the service takes (``services.SUBMIT_FIELDS``), as posted."""
        d = self.cleaned_data
        return {name: d.get(name) or "" for name in SUBMIT_FIELDS if name in self.fields}

    def request_fields(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {name: d.get(name) or "" for name in
                ("description", "document_number", "purpose", "delivery_form", "receipt_method")}


class RegisterForm(ApplicationForm):
    """Staff register an application that came by post, fax or in person, with the true
    receipt date (Art. 31)."""

    id_prefix = "r"

    agency = forms.ChoiceField(label=_("受理机构"))
    channel = forms.ChoiceField(
        label=_("申请渠道"),
        choices=[c for c in Channel.choices if c[0] != Channel.ONLINE],
        help_text=_("当面提交:提交之日;邮寄(需签收):签收之日;平常信函:与申请人确认之日;"
                    "传真:双方确认之日。"))
    received_on = forms.DateField(label=_("收到申请之日"), widget=DATE_INPUT)

    field_order = ["agency", "channel", "received_on"]

    def __init__(self, *args: Any, agencies: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "agency", [(str(a.pk), a.name) for a in agencies])
        if len(agencies) == 1:
            self.fields["agency"].initial = str(agencies[0].pk)
        self.fields["website"].widget = forms.HiddenInput()
        self.fields["website"].label = ""
        self._agencies = {str(a.pk): a for a in agencies}
        # Staff type what is on paper: the e-mail/address rule of the online form applies,
        # but the applicant may have asked for collection.
        self.fields["received_on"].initial = timezone.localdate()

    def clean_received_on(self) -> dt.date:
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise ValidationError(_("收到申请之日不能晚于今天。"))
        return value

    def chosen_agency(self) -> Any:
        return self._agencies[self.cleaned_data["agency"]]


class SuggestForm(forms.Form):
    """The 先查一查 button: the description is searched in the published records."""

    description = forms.CharField(required=False, max_length=DESCRIPTION_MAX)


# Public status page -----------------------------------------------------------------


class StatusLookupForm(BaseForm):
    id_prefix = "s"

    case_number = forms.CharField(label=_("申请编号"), max_length=30)
    access_code = forms.CharField(label=_("查询码"), max_length=40,
                                  widget=forms.TextInput(attrs={"autocomplete": "off"}))


class SupplyCorrectionForm(BaseForm):
    id_prefix = "c"

    corrected_description = MultilineField(label=_("补正后的内容描述"), max_length=DESCRIPTION_MAX)
    access_code = forms.CharField(label=_("查询码（再次输入以确认）"), max_length=40,
                                  widget=forms.TextInput(attrs={"autocomplete": "off"}))


class ConfirmForm(BaseForm):
    """A step the applicant confirms by typing the access code again (withdraw, fee)."""

    id_prefix = "w"

    access_code = forms.CharField(label=_("查询码（再次输入以确认）"), max_length=40,
                                  widget=forms.TextInput(attrs={"autocomplete": "off"}))
    confirm = forms.BooleanField(label=_("我已阅读并确认"), required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("prefix"):
            kwargs.setdefault("auto_id", "%s")  # the prefix already makes the ids unique
        super().__init__(*args, **kwargs)


# Staff actions ----------------------------------------------------------------------


class AssignForm(BaseForm):
    id_prefix = "as"

    department = forms.ChoiceField(label=_("承办处室"), required=False)
    assignee = forms.ChoiceField(label=_("经办人"), required=False)

    def __init__(self, *args: Any, departments: list[Any], officers: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        set_choices(self, "department", [("", "—")] + [(str(d.pk), d.name) for d in departments])
        set_choices(self, "assignee", [("", "—")] + [
            (str(u.pk), getattr(u, "display_name", "") or u.username) for u in officers])
        self._departments = {str(d.pk): d for d in departments}
        self._officers = {str(u.pk): u for u in officers}

    def chosen(self) -> tuple[Any, Any]:
        d = self.cleaned_data
        return self._departments.get(d.get("department") or ""), self._officers.get(d.get("assignee") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("department") and not data.get("assignee"):
            raise ValidationError(_("请选择承办处室或经办人。"))
        return data


class CorrectionRequestForm(BaseForm):
    id_prefix = "cr"

    what_to_correct = MultilineField(label=_("需补正的内容"), max_length=2000)


class ReceiveCorrectionForm(BaseForm):
    id_prefix = "rc"

    received_on = forms.DateField(label=_("收到补正之日"), widget=DATE_INPUT)
    corrected_description = MultilineField(label=_("补正后的内容描述"), max_length=DESCRIPTION_MAX,
                                           required=False)


class ThirdPartyConsultationStartForm(BaseForm):
    id_prefix = "cs"

    kind = forms.ChoiceField(label=_("征求对象类型"), choices=ThirdPartyConsultationKind.choices)
    party_name = forms.CharField(label=_("被征求意见方"), max_length=200)
    party_address = forms.CharField(label=_("地址"), max_length=300, required=False)
    started_on = forms.DateField(label=_("发出征求意见之日"), widget=DATE_INPUT)


class ThirdPartyConsultationEndForm(BaseForm):
    id_prefix = "ce"

    ended_on = forms.DateField(label=_("收到意见之日（或期满之日）"), widget=DATE_INPUT)
    consented = forms.TypedChoiceField(
        label=_("意见"), coerce=lambda v: {"yes": True, "no": False}.get(v),
        choices=[("yes", _("同意公开")), ("no", _("不同意公开")), ("none", _("逾期未答复"))])
    response = MultilineField(label=_("意见摘要"), max_length=2000, required=False)


class ExtensionRequestForm(BaseForm):
    id_prefix = "ex"

    working_days = forms.IntegerField(label=_("延长工作日数"), min_value=1,
                                      max_value=EXTENSION_MAX_WORKING_DAYS, initial=20)
    reason = MultilineField(label=_("延期理由"), max_length=1000)


class ExtensionDecideForm(BaseForm):
    id_prefix = "ed"

    approve = forms.TypedChoiceField(label=_("审批结果"), coerce=lambda v: v == "yes",
                                     choices=[("yes", _("批准")), ("no", _("不批准"))])
    note = MultilineField(label=_("审批意见"), max_length=1000, required=False)


class FeeIssueForm(BaseForm):
    id_prefix = "fe"

    method = forms.ChoiceField(label=_("计收方式"), choices=FeeMethod.choices)
    quantity = forms.IntegerField(label=_("本月第几件申请（按件）或页数（按量）"), min_value=1)


class ReplyForm(BaseForm):
    """Art. 36–37: the reply type from the statutory list, what is provided, what is withheld."""

    id_prefix = "rp"

    reply_type = forms.ChoiceField(label=_("答复类型"))
    reply_text = MultilineField(label=_("答复说明（写入答复书）"), max_length=4000, required=False)
    record_index = forms.CharField(label=_("关联已公开信息的索取号"), max_length=60, required=False)
    file = forms.FileField(label=_("提供的信息（文件）"), required=False)
    withheld_parts = MultilineField(
        label=_("不予公开的部分"), max_length=4000, required=False,
        help_text=_("部分公开时每行一项:内容|情形代码,例如:第3页个人联系方式|third_party。"
                    "情形代码见答复类型中“不予公开”一组。"))
    other_agency = forms.CharField(label=_("负责公开的机关（无法提供时，如能确定）"), max_length=200,
                                   required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "reply_type", list(reply_types.all_choices()))

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("文件过大（不超过20MB）。"))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        raw = data.get("reply_type") or ""
        reply_type, _sep, sub = raw.partition(":")
        data["reply_type_code"], data["reply_type_reason"] = reply_type, sub
        parts: list[dict[str, str]] = []
        withheld_codes = {s.code for s in reply_types.get(reply_types.WITHHELD).reasons}
        for n, line in enumerate((data.get("withheld_parts") or "").splitlines(), start=1):
            if not line.strip():
                continue
            text, _bar, code = line.rpartition("|")
            if not text:
                text, code = code, ""
            code = code.strip()
            if code not in withheld_codes:
                self.add_error("withheld_parts", _("第%(n)d行的情形代码“%(code)s”不在法定列表中。")
                               % {"n": n, "code": code})
                continue
            parts.append({"description": text.strip(), "withholding_reason": code,
                          "legal_basis": reply_types.legal_basis(reply_types.WITHHELD, code)})
        data["withheld"] = parts
        # Art. 36(5): the letter names the agency responsible when it is known.
        other = (data.get("other_agency") or "").strip()
        text = (data.get("reply_text") or "").strip()
        if other:
            text = "\n".join(t for t in (text, f"经了解,该政府信息由{other}负责公开,"
                                               f"您可向其提出申请。") if t)
        data["letter_text"] = text
        if (reply_type == reply_types.PARTIALLY_DISCLOSED and not parts
                and "withheld_parts" not in self.errors):
            self.add_error("withheld_parts", _("部分公开须列明不予公开的部分及其法律依据。"))
        return data


class NoteForm(BaseForm):
    id_prefix = "n"

    text = MultilineField(label=_("备注（仅工作人员可见）"), max_length=4000)


class ReviewForm(BaseForm):
    id_prefix = "rv"

    kind = forms.ChoiceField(label=_("类型"), choices=ReviewKind.choices)
    filed_on = forms.DateField(label=_("提起日期"), widget=DATE_INPUT)
    body = forms.CharField(label=_("复议机关或法院"), max_length=200, required=False)
    outcome = forms.ChoiceField(label=_("结果"), choices=ReviewOutcome.choices,
                                initial=ReviewOutcome.PENDING)
    decided_on = forms.DateField(label=_("审结日期"), widget=DATE_INPUT, required=False)
    note = MultilineField(label=_("说明"), max_length=2000, required=False)


class WithdrawStaffForm(BaseForm):
    id_prefix = "wd"

    reason = MultilineField(label=_("撤回说明"), max_length=1000)


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("申请编号或内容"), required=False, max_length=100)


class LetterTemplateForm(BaseForm):
    id_prefix = "lt"

    title = forms.CharField(label=_("标题"), max_length=200)
    body = MultilineField(label=_("正文模板"), max_length=20_000,
                          widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false"}))

    def clean_body(self) -> str:
        from gongkai.applications import letters

        body = self.cleaned_data["body"]
        try:
            letters.compile_body(body)
        except letters.LetterTemplateError as exc:
            raise ValidationError(str(exc)) from exc
        return body


LETTER_KINDS: list[tuple[str, str]] = [
    (k, str(label)) for k, label in NoticeKind.choices if k != NoticeKind.REPLY_LETTER]
