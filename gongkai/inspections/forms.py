"""Staff forms of random inspections."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from gongkai.inspections.models import Outcome, PoolKind

IMPORT_KINDS = (("items", _("随机抽查事项清单")), *PoolKind.choices)


class ImportForm(forms.Form):
    agency = forms.TypedChoiceField(label=_("机构"), coerce=int)
    kind = forms.ChoiceField(label=_("导入内容"), choices=IMPORT_KINDS)
    file = forms.FileField(label=_("CSV 文件"), help_text=_(
        "首行为列名。事项清单：序号,检查项目,检查子项,检查主体,检查依据,检查方式,检查内容,备注；"
        "检查对象：名称,统一社会信用代码,法定代表人,地址；执法人员：姓名,执法证号,执法领域,回避单位（信用代码，以分号分隔）。"))

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]


class PlanForm(forms.Form):
    agency = forms.TypedChoiceField(label=_("机构"), coerce=int)
    title = forms.CharField(label=_("计划名称"), max_length=200)
    items = forms.MultipleChoiceField(label=_("检查事项"), widget=forms.CheckboxSelectMultiple)
    share_percent = forms.DecimalField(label=_("抽查比例（%）"), min_value=0.01, max_value=100,
                                       decimal_places=2)
    inspectors_per_entity = forms.IntegerField(label=_("每户执法人员数"), min_value=2,
                                               max_value=10, initial=2)
    inspector_field = forms.CharField(label=_("执法人员领域（可选）"), max_length=100, required=False,
                                      help_text=_("只抽取执法领域包含此文字的执法人员，留空则不限。"))
    period_start = forms.DateField(label=_("检查开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("检查结束日期"), widget=forms.DateInput(attrs={"type": "date"}))
    public_value_source = forms.CharField(
        label=_("公开随机值来源（事先指定）"), max_length=300,
        help_text=_("公布承诺后才产生、机关无法控制的公开数值，例如某日上证综合指数收盘点数。"))
    public_value_date = forms.DateField(label=_("公开随机值产生日期"),
                                        widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, agencies=(), items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]
        self.fields["items"].choices = [(str(i.pk), f"{i.agency.short_name} {i}") for i in items]
        self.fields["share_percent"].initial = settings.GONGKAI_INSPECTIONS_DEFAULT_SHARE_BP / 100


class DrawForm(forms.Form):
    public_value = forms.CharField(label=_("公开随机值"), max_length=300)


class ResultForm(forms.Form):
    inspected_on = forms.DateField(label=_("检查日期"), widget=forms.DateInput(attrs={"type": "date"}))
    outcome = forms.ChoiceField(label=_("检查结果"), choices=Outcome.choices)
    note = forms.CharField(label=_("结果说明"), required=False, max_length=500)
