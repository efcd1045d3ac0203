"""Forms of the directory's pages. Validation of the facts themselves (licence numbers,
credit codes, parents) lives in ``services.clean_entity_data``, shared with import and
API; these forms only check types and carry labels."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.directory.connectors import NUMBER_PATTERN
from gongkai.directory.models import (
    AssessmentResult,
    ConnectorSystem,
    Entity,
    EntityKind,
    LicenceStatus,
)


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("名称、姓名或证号"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("类别"), required=False,
                             choices=[("", _("全部"))] + list(EntityKind.choices))
    district = forms.CharField(label=_("所在区"), required=False, max_length=40)
    service = forms.CharField(label=_("服务范围"), required=False, max_length=50)
    licence_number = forms.CharField(label=_("执业（许可）证号"), required=False, max_length=40)

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {name: value for name, value in self.cleaned_data.items() if value}
        return {name: value for name, value in self.cleaned_data.items() if value}


DATE = forms.DateInput(attrs={"type": "date"})


class EntityForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=EntityKind.choices)
    name = forms.CharField(label=_("名称或姓名"), max_length=200)
    district = forms.CharField(label=_("所在区"), max_length=40, required=False)
    address = forms.CharField(label=_("地址"), max_length=300, required=False)
    services = forms.CharField(label=_("服务范围"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}))
    licence_number = forms.CharField(label=_("执业（许可）证号"), max_length=40, required=False)
    licence_status = forms.ChoiceField(label=_("执业状态"), choices=LicenceStatus.choices)
    licence_issued_on = forms.DateField(label=_("发证日期"), required=False, widget=DATE)
    licence_valid_until = forms.DateField(label=_("有效期至"), required=False, widget=DATE)
    last_assessment_on = forms.DateField(label=_("最近年度考核日期"), required=False, widget=DATE)
    assessment_result = forms.ChoiceField(label=_("年度考核结果"), required=False,
                                          choices=AssessmentResult.choices)
    next_assessment_on = forms.DateField(label=_("下次年度考核日期"), required=False, widget=DATE)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=60, required=False)
    email = forms.CharField(label=_("电子邮箱"), max_length=254, required=False)
    website = forms.CharField(label=_("网址"), max_length=200, required=False)
    opening_hours = forms.CharField(label=_("办公时间"), max_length=200, required=False)
    parent_licence_number = forms.CharField(label=_("执业机构证号"), max_length=40,
                                            required=False,
                                            help_text=_("律师、公证员、司法鉴定人填写所在机构的证号。"))
    is_listed = forms.BooleanField(label=_("对外公布"), required=False, initial=True)

    @classmethod
    def initial_for(cls, entity: Entity) -> dict:
        data = {name: getattr(entity, name) for name in cls.base_fields
                if name != "parent_licence_number"}
        data["parent_licence_number"] = entity.parent.licence_number if entity.parent else ""
        return data


class ImportForm(forms.Form):
    agency = forms.ChoiceField(label=_("导入到机构"))
    file = forms.FileField(label=_("文件（CSV 或 Excel .xlsx）"))
    dry_run = forms.BooleanField(label=_("只检查，不写入"), required=False)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.slug, a.name) for a in agencies]


class ConnectorForm(forms.Form):
    base_url = forms.CharField(label=_("接口地址"), max_length=200, required=False,
                               help_text=_("例如 https://gz.example.gov.cn/api/"))
    timeout_seconds = forms.DecimalField(label=_("超时（秒）"), min_value=0.5, max_value=30,
                                         decimal_places=1)
    retries = forms.IntegerField(label=_("重试次数"), min_value=0, max_value=3)
    enabled = forms.BooleanField(label=_("启用"), required=False)


class LookupForm(forms.Form):
    system = forms.ChoiceField(label=_("查询事项"), choices=ConnectorSystem.choices)
    number = forms.CharField(label=_("办理编号"), max_length=40,
                             help_text=_("公证申请号或鉴定案件编号，例如 2026沪东证字第1234号写作 2026-1234"))

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if not NUMBER_PATTERN.match(number):
            raise forms.ValidationError(_("编号只能包含数字、字母、括号和连字符，4至40个字符。"))
        return number
