"""Staff forms. Lists typed as lines (steps, FAQs "问题|回答", bases "法律 第N条") so the
forms work without JavaScript."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Department
from gongkai.services.basis import basis_text, parse_basis_text
from gongkai.services.models import FileKind, PowerType


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class PowerForm(forms.Form):
    code = forms.CharField(label=_("事项编码"), max_length=60)
    power_type = forms.ChoiceField(label=_("权力类型"), choices=PowerType.choices)
    name = forms.CharField(label=_("事项名称"), max_length=200)
    department: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("实施处室"), queryset=Department.objects.none(), required=False)
    basis = forms.CharField(label=_("设定依据"), widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("每行一条，写法：法律法规名称 第N条，"
                                        "如：中华人民共和国律师法 第六条"))
    responsibilities = forms.CharField(label=_("责任事项"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 3}))
    accountability = forms.CharField(label=_("追责情形"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    effective_on = forms.DateField(label=_("生效日期"), help_text=_("格式：YYYY-MM-DD"))
    reason = forms.CharField(label=_("调整理由"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, agency, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        department = self.fields["department"]
        assert isinstance(department, forms.ModelChoiceField)
        department.queryset = agency.departments.filter(is_active=True)
        if editing:
            self.fields["code"].disabled = True

    def basis_entries(self) -> list[dict]:
        return parse_basis_text(self.cleaned_data["basis"])

    @staticmethod
    def initial_from(version) -> dict:
        return {"code": version.power.code, "power_type": version.power_type,
                "name": version.name, "department": version.department_id,
                "basis": "\n".join(basis_text([b]) for b in version.basis),
                "responsibilities": version.responsibilities,
                "accountability": version.accountability}


class ImportForm(forms.Form):
    agency = forms.ChoiceField(label=_("机构"))
    effective_on = forms.DateField(label=_("生效日期"), help_text=_("格式：YYYY-MM-DD"))
    file = forms.FileField(label=_("CSV 或 JSON 文件"),
                           help_text=_("列：code, type, name, department, basis, "
                                       "responsibilities, accountability, reason"))

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]


class ItemForm(forms.Form):
    agency = forms.ChoiceField(label=_("机构"))
    code = forms.CharField(label=_("事项编码"), max_length=60)
    name = forms.CharField(label=_("事项名称"), max_length=200)
    keywords = forms.CharField(label=_("关键词"), max_length=300, required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]


class GuideForm(forms.Form):
    conditions = forms.CharField(label=_("申请条件"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    steps = forms.CharField(label=_("办理流程"), required=False,
                            widget=forms.Textarea(attrs={"rows": 5}),
                            help_text=_("每行一个步骤，按顺序填写"))
    statutory_days = forms.IntegerField(label=_("法定办结时限（工作日）"), required=False,
                                        min_value=0, max_value=365)
    promised_days = forms.IntegerField(label=_("承诺办结时限（工作日）"), required=False,
                                       min_value=0, max_value=365)
    time_limit_basis = forms.CharField(label=_("时限依据"), required=False, max_length=300)
    fees = forms.CharField(label=_("收费标准"), required=False, max_length=300)
    fee_basis = forms.CharField(label=_("收费依据"), required=False, max_length=300)
    place = forms.CharField(label=_("办理地点"), required=False, max_length=300)
    hours = forms.CharField(label=_("办理时间"), required=False, max_length=200)
    online_url = forms.URLField(label=_("网上办理地址"), required=False, assume_scheme="https")
    contacts = forms.CharField(label=_("咨询电话"), required=False, max_length=200)
    faqs = forms.CharField(label=_("常见问题"), required=False,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("每行一问一答，用竖线分隔：问题|回答"))
    basis = forms.CharField(label=_("法律依据"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("每行一条，写法：法律法规名称 第N条"))
    change_note = forms.CharField(label=_("修订说明"), required=False, max_length=300)

    @staticmethod
    def initial_from(guide) -> dict:
        return {
            **{f: getattr(guide, f) for f in ("conditions", "statutory_days", "promised_days",
                                              "time_limit_basis", "fees", "fee_basis", "place",
                                              "hours", "online_url", "contacts", "change_note")},
            "steps": "\n".join(guide.steps),
            "faqs": "\n".join(f"{f['question']}|{f['answer']}" for f in guide.faqs),
            "basis": "\n".join(basis_text([b]) for b in guide.basis),
        }

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["steps"] = _lines(data["steps"])
        data["faqs"] = [dict(zip(("question", "answer"), (line.split("|", 1) + [""])[:2],
                                 strict=True)) for line in _lines(data["faqs"])]
        data["basis"] = parse_basis_text(data["basis"])
        return data


class MaterialForm(forms.Form):
    name = forms.CharField(label=_("材料名称"), max_length=200)
    copies = forms.CharField(label=_("份数与形式"), max_length=100, required=False)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)
    condition_tags = forms.CharField(label=_("适用情形标签"), max_length=200, required=False,
                                     help_text=_("留空表示所有申请人都需提交；多个标签用逗号分隔"))

    def tags(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data["condition_tags"].replace("，", ",").split(",")
                if t.strip()]


class MaterialFileForm(forms.Form):
    kind = forms.ChoiceField(label=_("文件类型"), choices=FileKind.choices)
    file = forms.FileField(label=_("文件"))


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("修改意见"), widget=forms.Textarea(attrs={"rows": 3}))
