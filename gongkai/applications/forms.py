"""Forms of the application pages, public and staff.

They turn posted text into typed values and check what one field can check alone or with
its neighbours (an ID number against its type, a receipt method against the contact it
needs); the rules of the procedure (which step is allowed now, how long a period is) live
in ``services`` and come back through ``apply_errors``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.applications import identity, outcomes
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
from gongkai.applications.timelimits import EXTENSION_MAX_WORKING_DAYS

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


class ApplicationForm(BaseForm):
    """Regulations Art. 29: who applies, how to reach them, what information, in what form.

    ``idempotency_key`` is drawn when the empty form is shown and posted back as a hidden
    field: a double click or a resubmitted page makes one case, not two. ``website`` is a
    field people never see (a trap for form-filling robots).
    """

    id_prefix = "a"

    applicant_type = forms.ChoiceField(label=_("申请人类型"), choices=ApplicantType.choices,
                                       widget=forms.RadioSelect, initial=ApplicantType.NATURAL_PERSON)
    applicant_name = forms.CharField(label=_("姓名或名称"), max_length=200)
    id_type = forms.ChoiceField(label=_("证件类型"), choices=IdType.choices, required=False,
                                initial=IdType.RESIDENT_ID,
                                help_text=_("自然人填写。"))
    id_number = forms.CharField(label=_("证件号码"), max_length=40, required=False,
                                help_text=_("自然人填写;居民身份证号码为18位,末位可为X。"))
    organisation_category = forms.ChoiceField(
        label=_("组织类别"), required=False,
        choices=[("", _("(法人或其他组织填写)")), *OrganisationCategory.choices])
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False,
                                  help_text=_("法人或其他组织填写,18位。"))
    contact_name = forms.CharField(label=_("联系人"), max_length=100, required=False,
                                   help_text=_("法人或其他组织填写。"))
    phone = forms.CharField(label=_("联系电话"), max_length=30)
    email = forms.EmailField(label=_("电子邮箱"), required=False,
                             help_text=_("选择以电子邮件获取时必填。"))
    address = forms.CharField(label=_("通信地址"), max_length=300, required=False,
                              help_text=_("选择邮寄获取时必填。"))
    postcode = forms.RegexField(label=_("邮政编码"), regex=r"^\d{6}$", required=False,
                                error_messages={"invalid": _("邮政编码应为6位数字。")})
    description = MultilineField(label=_("所需信息的内容描述"), max_length=DESCRIPTION_MAX,
                                 help_text=_("请写明信息的名称、文件编号或其他有助于确定该信息的特征。"))
    document_number = forms.CharField(label=_("文件编号(如知道)"), max_length=60, required=False)
    purpose = MultilineField(label=_("用途"), max_length=500, required=False)
    delivery_form = forms.ChoiceField(label=_("提供政府信息的形式"), choices=DeliveryForm.choices,
                                      widget=forms.RadioSelect, initial=DeliveryForm.ELECTRONIC)
    receipt_method = forms.ChoiceField(label=_("获取信息的方式"), choices=ReceiptMethod.choices,
                                       widget=forms.RadioSelect, initial=ReceiptMethod.EMAIL)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100, required=False)
    website = forms.CharField(label=_("请勿填写此项"), required=False, max_length=200)

    def __init__(self, *args: Any, purpose_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["purpose"].required = purpose_required
        if not purpose_required:
            self.fields["purpose"].label = _("用途(选填)")
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", secrets.token_urlsafe(18))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("applicant_type")
        if kind == ApplicantType.NATURAL_PERSON:
            id_type, number = data.get("id_type") or "", data.get("id_number") or ""
            if not id_type:
                self.add_error("id_type", _("请选择证件类型。"))
            if not number.strip():
                self.add_error("id_number", _("请填写证件号码。"))
            elif id_type:
                try:
                    data["id_number"] = identity.validate_id(id_type, number)
                except identity.IdentityError as exc:
                    self.add_error("id_number", str(exc))
            data["organisation_category"] = data["credit_code"] = ""
        elif kind == ApplicantType.ORGANISATION:
            if not data.get("organisation_category"):
                self.add_error("organisation_category", _("请选择组织类别。"))
            code = data.get("credit_code") or ""
            if not code.strip():
                self.add_error("credit_code", _("请填写统一社会信用代码。"))
            else:
                try:
                    data["credit_code"] = identity.validate_credit_code(code)
                except identity.IdentityError as exc:
                    self.add_error("credit_code", str(exc))
            if not (data.get("contact_name") or "").strip():
                self.add_error("contact_name", _("请填写联系人。"))
            data["id_type"] = data["id_number"] = ""
        receipt = data.get("receipt_method")
        if receipt == ReceiptMethod.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("选择以电子邮件获取时,请填写电子邮箱。"))
        if receipt == ReceiptMethod.POST and not (data.get("address") or "").strip():
            self.add_error("address", _("选择邮寄获取时,请填写通信地址。"))
        if not (data.get("description") or "").strip():
            self.add_error("description", _("请描述所需的政府信息。"))
        return data

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def applicant(self) -> dict[str, Any]:
        """The applicant as the API takes it (``services`` validates it again)."""
        d = self.cleaned_data
        fields = {"type": d["applicant_type"], "name": d["applicant_name"].strip(),
                  "phone": d["phone"].strip(), "email": d.get("email") or "",
                  "address": (d.get("address") or "").strip(), "postcode": d.get("postcode") or ""}
        if d["applicant_type"] == ApplicantType.NATURAL_PERSON:
            fields.update(id_type=d["id_type"], id_number=d["id_number"])
        else:
            fields.update(category=d["organisation_category"], credit_code=d["credit_code"],
                          contact=(d.get("contact_name") or "").strip())
        return fields

    def request_fields(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"description": d["description"].strip(),
                "document_number": (d.get("document_number") or "").strip(),
                "purpose": (d.get("purpose") or "").strip(),
                "delivery_form": d["delivery_form"], "receipt_method": d["receipt_method"]}


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
    access_code = forms.CharField(label=_("查询码(再次输入以确认)"), max_length=40,
                                  widget=forms.TextInput(attrs={"autocomplete": "off"}))


class ConfirmForm(BaseForm):
    """A step the applicant confirms by typing the access code again (withdraw, fee)."""

    id_prefix = "w"

    access_code = forms.CharField(label=_("查询码(再次输入以确认)"), max_length=40,
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

    ended_on = forms.DateField(label=_("收到意见之日(或期满之日)"), widget=DATE_INPUT)
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
    quantity = forms.IntegerField(label=_("本月第几件申请(按件)或页数(按量)"), min_value=1)


class ReplyForm(BaseForm):
    """Art. 36–37: the outcome from the statutory list, what is provided, what is withheld."""

    id_prefix = "rp"

    outcome = forms.ChoiceField(label=_("答复类型"))
    reply_text = MultilineField(label=_("答复说明(写入答复书)"), max_length=4000, required=False)
    record_index = forms.CharField(label=_("关联已公开信息的索取号"), max_length=60, required=False)
    file = forms.FileField(label=_("提供的信息(文件)"), required=False)
    withheld_parts = MultilineField(
        label=_("不予公开的部分"), max_length=4000, required=False,
        help_text=_("部分公开时每行一项:内容|情形代码,例如:第3页个人联系方式|third_party。"
                    "情形代码见答复类型中“不予公开”一组。"))
    other_agency = forms.CharField(label=_("负责公开的机关(无法提供时,如能确定)"), max_length=200,
                                   required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "outcome", list(outcomes.all_choices()))

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("文件过大(不超过20MB)。"))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        raw = data.get("outcome") or ""
        outcome, _sep, sub = raw.partition(":")
        data["outcome_code"], data["sub_reason"] = outcome, sub
        parts: list[dict[str, str]] = []
        withheld_codes = {s.code for s in outcomes.get(outcomes.WITHHELD).sub_reasons}
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
            parts.append({"description": text.strip(), "withheld_reason": code,
                          "legal_basis": outcomes.legal_basis(outcomes.WITHHELD, code)})
        data["withheld"] = parts
        # Art. 36(5): the letter names the agency responsible when it is known.
        other = (data.get("other_agency") or "").strip()
        text = (data.get("reply_text") or "").strip()
        if other:
            text = "\n".join(t for t in (text, f"经了解,该政府信息由{other}负责公开,"
                                               f"您可向其提出申请。") if t)
        data["letter_text"] = text
        if outcome == outcomes.PARTIALLY_DISCLOSED and not parts and "withheld_parts" not in self.errors:
            self.add_error("withheld_parts", _("部分公开须列明不予公开的部分及其法律依据。"))
        return data


class NoteForm(BaseForm):
    id_prefix = "n"

    text = MultilineField(label=_("备注(仅工作人员可见)"), max_length=4000)


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
