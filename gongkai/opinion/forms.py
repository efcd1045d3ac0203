from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.opinion.models import Level, Stage


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ConcernForm(forms.Form):
    agency = forms.TypedChoiceField(label=_("机构"), coerce=int)
    title = forms.CharField(label=_("标题"), max_length=200)
    level = forms.ChoiceField(label=_("级别"), choices=Level.choices, widget=forms.RadioSelect)
    registered_at = forms.DateTimeField(
        label=_("登记时间（北京时间）"), required=False, widget=LocalDateTimeInput(),
        help_text=_("留空为当前时间。时限自此刻起按小时连续计算，节假日不扣除。"))
    note = forms.CharField(label=_("收集情况"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]


class StepForm(forms.Form):
    stage = forms.ChoiceField(label=_("环节"), choices=[
        (Stage.CONSULTED, Stage.CONSULTED.label), (Stage.ASSESSED, Stage.ASSESSED.label),
        (Stage.EVALUATED, Stage.EVALUATED.label)])
    note = forms.CharField(label=_("记录"), widget=forms.Textarea(attrs={"rows": 3}))
    public_note = forms.CharField(label=_("公开说明（可选）"), required=False, max_length=300)


class RespondForm(forms.Form):
    title = forms.CharField(label=_("回应标题"), max_length=300)
    summary = forms.CharField(label=_("公开摘要"), max_length=100,
                              help_text=_("公众看到的事件概述，不得包含个人信息。"))
    body = forms.CharField(label=_("回应内容"), widget=forms.Textarea(attrs={"rows": 6}))


class PressForm(forms.Form):
    held_at = forms.DateTimeField(label=_("发布会时间（北京时间）"), widget=LocalDateTimeInput())
    note = forms.CharField(label=_("记录"), required=False)


class InboundForm(forms.Form):
    agency = forms.TypedChoiceField(label=_("机构"), coerce=int)
    title = forms.CharField(label=_("标题"), max_length=300)
    text = forms.CharField(label=_("内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]


class FeedForm(forms.Form):
    agency = forms.TypedChoiceField(label=_("机构"), coerce=int)
    name = forms.CharField(label=_("名称"), max_length=100)
    url = forms.URLField(label=_("订阅源地址（RSS 或 Atom）"), assume_scheme="https")

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]
