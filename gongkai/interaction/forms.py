"""Forms carry the fields; the rules are the service's (``services.clean_fields``), whose
errors come back field by field through ``apply_errors``."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.core.intake import HoneypotFormMixin
from gongkai.interaction import limits
from gongkai.interaction.models import MessageType, Rating


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    raw = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    for field, messages in raw.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)


class MessageForm(HoneypotFormMixin, forms.Form):
    type = forms.ChoiceField(label=_("来信类型"), choices=MessageType.choices,
                             widget=forms.RadioSelect)
    subject = forms.CharField(label=_("标题"), required=False, max_length=200)
    text = forms.CharField(label=_("来信内容"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 8}))
    attachment = forms.FileField(label=_("附件（可选）"), required=False)
    name = forms.CharField(label=_("姓名"), required=False, max_length=100,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(label=_("联系电话（可选）"), required=False, max_length=40,
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    email = forms.CharField(label=_("电子邮箱（可选）"), required=False, max_length=254,
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    reply_by_email = forms.BooleanField(label=_("答复后通过电子邮件通知我"), required=False)
    publish_consent = forms.BooleanField(
        label=_("同意在网站上公开来信和答复（隐去个人信息，公开前请您确认）"), required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        low, high = limits.subject_range()
        most = limits.text_max()
        self.fields["subject"].help_text = _("%(low)s至%(high)s个字。") % {"low": low, "high": high}
        self.fields["text"].help_text = _("不超过%(n)s个字。") % {"n": most}
        self.fields["attachment"].help_text = _(
            "PDF、Word、图片或纯文本，不超过%(kb)s KB。") % {"kb": limits.attachment_max_bytes() // 1024}
        self.fields["name"].help_text = _("仅供工作人员联系您，不会公开。")
        for name in ("subject", "text", "name"):
            self.fields[name].marked_required = True  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)

    def submission_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {k: data.get(k) for k in ("type", "subject", "text", "name", "phone", "email",
                                         "reply_by_email", "publish_consent")}


class LookupForm(forms.Form):
    case_number = forms.CharField(label=_("信件编号"), max_length=30)
    access_code = forms.CharField(label=_("查询码"), max_length=40)


class RateForm(forms.Form):
    rating = forms.ChoiceField(label=_("您对答复的评价"), choices=Rating.choices,
                               widget=forms.RadioSelect)
    comment = forms.CharField(label=_("意见（可选）"), required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 3}))


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("需要重新办理的原因"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 4}))


class SupplyForm(forms.Form):
    text = forms.CharField(label=_("补充内容"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 5}))


class AnswerForm(forms.Form):
    reply = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 8}))


class PublicationForm(forms.Form):
    subject = forms.CharField(label=_("公开标题"), max_length=200)
    text = forms.CharField(label=_("公开的来信内容"), widget=forms.Textarea(attrs={"rows": 6}))
    reply = forms.CharField(label=_("公开的答复内容"), widget=forms.Textarea(attrs={"rows": 6}))


class TemplateForm(forms.Form):
    title = forms.CharField(label=_("模板名称"), max_length=100)
    body = forms.CharField(label=_("模板内容"), widget=forms.Textarea(attrs={"rows": 6}))


class HotlineImportForm(forms.Form):
    file = forms.FileField(label=_("工单文件（CSV、Excel 或 JSON）"))


class LimitsForm(forms.Form):
    consult_days = forms.IntegerField(label=_("咨询答复时限（工作日）"), required=False,
                                   min_value=1, max_value=60)
    complaint_days = forms.IntegerField(label=_("投诉答复时限（工作日）"), required=False,
                                   min_value=1, max_value=60)
    suggestion_days = forms.IntegerField(label=_("建议答复时限（工作日）"), required=False,
                                   min_value=1, max_value=60)
    help_days = forms.IntegerField(label=_("求助答复时限（工作日）"), required=False,
                                   min_value=1, max_value=60)
    complex_days = forms.IntegerField(label=_("复杂事项答复时限（工作日）"), required=False,
                                   min_value=1, max_value=60)
    hotline_days = forms.IntegerField(label=_("热线工单办理时限（工作日）"), required=False,
                                   min_value=1, max_value=60)
    reply_review = forms.BooleanField(label=_("答复须经审核后发出"), required=False)
