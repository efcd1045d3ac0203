"""Staff forms of enforcement publicity (labels in Chinese, validated again by services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.enforcement.models import Category, ChangeKind, GuidanceKind, PartyType


class DecisionForm(forms.Form):
    agency = forms.TypedChoiceField(label=_("机构"), coerce=int)
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices)
    document_number = forms.CharField(label=_("决定文书号"), max_length=100,
                                      help_text=_("例如 沪司罚决〔2026〕3号"))
    decided_on = forms.DateField(label=_("决定日期"), widget=forms.DateInput(attrs={"type": "date"}))
    # Natural person first and by default: a slip masks a company's name, never shows a person's.
    party_type = forms.ChoiceField(label=_("当事人类型"), choices=PartyType.choices[::-1],
                                   initial=PartyType.NATURAL_PERSON)
    party_name = forms.CharField(label=_("当事人名称或姓名"), max_length=200,
                                 help_text=_("自然人公开时只显示姓氏加“某”。"))
    party_credit_code = forms.CharField(label=_("统一社会信用代码（法人）"), max_length=18,
                                        required=False)
    party_is_minor = forms.BooleanField(label=_("当事人为未成年人（不予公开）"), required=False)
    facts = forms.CharField(label=_("主要事实"), widget=forms.Textarea(attrs={"rows": 4}))
    basis = forms.CharField(label=_("执法依据"), widget=forms.Textarea(attrs={"rows": 2}),
                            help_text=_("写明法律名称和条号，例如《中华人民共和国律师法》第五十条"))
    decision = forms.CharField(label=_("决定内容"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]


class WithdrawForm(forms.Form):
    change_kind = forms.ChoiceField(label=_("情形"), choices=ChangeKind.choices)
    changed_on = forms.DateField(label=_("变更、撤销或确认日期"),
                                 widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("撤回理由（将公开）"), widget=forms.Textarea(attrs={"rows": 2}))


class OfficerForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=60)
    certificate_number = forms.CharField(label=_("执法证号"), max_length=40)
    field = forms.CharField(label=_("执法领域"), max_length=100)


class BodyForm(forms.Form):
    name = forms.CharField(label=_("执法主体名称"), max_length=200)
    kind = forms.CharField(label=_("主体性质"), max_length=60, initial="法定行政机关")
    duties = forms.CharField(label=_("职责与权限"), widget=forms.Textarea(attrs={"rows": 2}),
                             required=False)
    phone = forms.CharField(label=_("咨询电话"), max_length=60, required=False)


class GuidanceForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=GuidanceKind.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 4}))
