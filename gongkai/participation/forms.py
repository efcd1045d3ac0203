"""Forms of participation. They carry fields; the rules and their Chinese messages are
the services' (``apply_errors`` puts a service's ValidationError back on the form)."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.core.intake import HoneypotFormMixin
from gongkai.participation.models import OpenDayKind, QuestionKind

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class BaseForm(forms.Form):
    id_prefix = "f"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's errors onto the form: known fields beside them, the rest form-wide."""
    for field, messages in getattr(error, "message_dict", {"__all__": error.messages}).items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)


class KeyedForm(BaseForm):
    """A public form whose retry is recognised: the key is drawn when the empty form is
    shown and posted back hidden."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", secrets.token_urlsafe(18))


class AgencyChoiceMixin(forms.Form):
    agency = forms.TypedChoiceField(label=_("机构"), coerce=int)

    def set_agencies(self, agencies: list[Any]) -> None:
        field = self.fields["agency"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(a.pk, a.name) for a in agencies]


# Staff: surveys ---------------------------------------------------------------------------


class SurveyForm(AgencyChoiceMixin, BaseForm):
    id_prefix = "survey"
    title = forms.CharField(label=_("标题"), max_length=200)
    description = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 4}),
                                  required=False)
    opens_at = forms.DateTimeField(label=_("开始时间"), widget=DATETIME_INPUT,
                                   input_formats=DATETIME_FORMATS)
    closes_at = forms.DateTimeField(label=_("截止时间"), widget=DATETIME_INPUT,
                                    input_formats=DATETIME_FORMATS)
    anonymous = forms.BooleanField(label=_("匿名调查（不收集姓名和联系方式）"), required=False,
                                   initial=True)
    one_per_person = forms.BooleanField(label=_("每人限答一次（须登录公众账号，只保存不可逆校验值）"),
                                        required=False)


class QuestionForm(BaseForm):
    id_prefix = "question"
    kind = forms.ChoiceField(label=_("题型"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("题目"), max_length=500)
    help_text = forms.CharField(label=_("补充说明"), max_length=500, required=False)
    required = forms.BooleanField(label=_("必答"), required=False)
    options = forms.CharField(label=_("选项（单选、多选、矩阵的列；每行一个）"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    rows = forms.CharField(label=_("矩阵行（每行一个）"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    scale_min = forms.IntegerField(label=_("量表最小值"), initial=1, min_value=0, max_value=10)
    scale_max = forms.IntegerField(label=_("量表最大值"), initial=5, min_value=0, max_value=10)
    show_if = forms.TypedChoiceField(label=_("显示条件：当以下题目"), coerce=int, required=False,
                                     empty_value=None)
    show_if_option = forms.TypedChoiceField(label=_("选择了以下选项时才显示"), coerce=int,
                                            required=False, empty_value=None)

    def set_conditions(self, questions: list[Any]) -> None:
        choice_qs = [q for q in questions if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)]
        show_if = self.fields["show_if"]
        option = self.fields["show_if_option"]
        assert isinstance(show_if, forms.ChoiceField) and isinstance(option, forms.ChoiceField)
        show_if.choices = [("", _("（总是显示）"))] + [
            (q.pk, f"{q.position}. {q.text}") for q in choice_qs]
        width = max((len(q.options) for q in choice_qs), default=0)
        option.choices = [("", "—")] + [(i, f"第{i + 1}个选项") for i in range(width)]


class ResultsPublishForm(BaseForm):
    id_prefix = "results"
    questions = forms.TypedMultipleChoiceField(label=_("公开哪些题目的结果"), coerce=int,
                                               widget=forms.CheckboxSelectMultiple, required=False)
    summary = forms.CharField(label=_("结果说明"), widget=forms.Textarea(attrs={"rows": 3}),
                              required=False)


class ReasonForm(BaseForm):
    id_prefix = "reason"
    reason = forms.CharField(label=_("原因"), widget=forms.Textarea(attrs={"rows": 2}),
                             required=False)


# Staff: solicitations ---------------------------------------------------------------------


class SolicitationForm(AgencyChoiceMixin, BaseForm):
    id_prefix = "solicitation"
    title = forms.CharField(label=_("标题"), max_length=200)
    description = forms.CharField(label=_("征集说明"), widget=forms.Textarea(attrs={"rows": 5}))
    opens_at = forms.DateTimeField(label=_("开始时间"), widget=DATETIME_INPUT,
                                   input_formats=DATETIME_FORMATS)
    closes_at = forms.DateTimeField(label=_("截止时间"), widget=DATETIME_INPUT,
                                    input_formats=DATETIME_FORMATS)


class IdeaAnswerForm(BaseForm):
    id_prefix = "answer"
    answer = forms.CharField(label=_("答复（将与意见一并公开）"),
                             widget=forms.Textarea(attrs={"rows": 3}), required=False)


# Staff: open days -------------------------------------------------------------------------


class OpenDayForm(AgencyChoiceMixin, BaseForm):
    id_prefix = "openday"
    kind = forms.ChoiceField(label=_("类型"), choices=OpenDayKind.choices)
    theme = forms.CharField(label=_("主题"), max_length=200)
    description = forms.CharField(label=_("活动介绍"), widget=forms.Textarea(attrs={"rows": 4}),
                                  required=False)
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=DATETIME_INPUT,
                                    input_formats=DATETIME_FORMATS)
    ends_at = forms.DateTimeField(label=_("结束时间"), widget=DATETIME_INPUT,
                                  input_formats=DATETIME_FORMATS)
    place = forms.CharField(label=_("地点"), max_length=300, required=False)
    online_url = forms.URLField(label=_("线上链接"), required=False, assume_scheme="https")
    capacity = forms.IntegerField(label=_("名额"), min_value=1, max_value=100000)


class CapacityForm(BaseForm):
    id_prefix = "capacity"
    capacity = forms.IntegerField(label=_("名额"), min_value=1, max_value=100000)


MAX_PHOTO_BYTES = 5 * 1024 * 1024


class RecordForm(BaseForm):
    id_prefix = "record"
    summary = forms.CharField(label=_("活动纪实"), widget=forms.Textarea(attrs={"rows": 6}))
    photo = forms.ImageField(label=_("照片（可选，JPEG或PNG，不超过5MB）"), required=False)
    photo_caption = forms.CharField(label=_("照片说明"), max_length=200, required=False)

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > MAX_PHOTO_BYTES:
            raise ValidationError(_("照片不能超过5MB。"))
        return photo


class CheckinForm(BaseForm):
    id_prefix = "checkin"
    code = forms.CharField(label=_("签到码"), max_length=20,
                           widget=forms.TextInput(attrs={"autocomplete": "off",
                                                         "autocapitalize": "characters",
                                                         "inputmode": "text"}))


# Public -----------------------------------------------------------------------------------


class IdeaForm(HoneypotFormMixin, KeyedForm):
    id_prefix = "idea"
    title = forms.CharField(label=_("标题"), max_length=100)
    text = forms.CharField(label=_("意见建议"), widget=forms.Textarea(attrs={"rows": 6}),
                           max_length=2000)
    name = forms.CharField(label=_("姓名（选填，不公开）"), max_length=50, required=False)
    email = forms.EmailField(label=_("电子邮箱（选填，不公开）"), required=False)


class IdeaLookupForm(BaseForm):
    id_prefix = "lookup"
    case_number = forms.CharField(label=_("意见编号"), max_length=30)
    access_code = forms.CharField(label=_("查询码"), max_length=20)


class RegistrationForm(HoneypotFormMixin, BaseForm):
    id_prefix = "reg"
    name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("手机号码"), max_length=30, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel",
                                                          "autocomplete": "tel"}))
    email = forms.EmailField(label=_("电子邮箱（用于接收提醒）"), required=False)


class CancelForm(BaseForm):
    id_prefix = "cancel"
    code = forms.CharField(label=_("签到码"), max_length=20)
