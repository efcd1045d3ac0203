from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.standards.models import CHANNELS, LEVELS, Audience, Manner


class ItemForm(forms.Form):
    serial = forms.IntegerField(label=_("序号"), min_value=1)
    level1 = forms.CharField(label=_("一级事项"), max_length=100)
    level2 = forms.CharField(label=_("二级事项"), max_length=200, required=False)
    content = forms.CharField(label=_("公开内容（要素）"), widget=forms.Textarea(attrs={"rows": 3}))
    basis = forms.CharField(label=_("公开依据"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    time_limit = forms.CharField(label=_("公开时限"), max_length=200, required=False)
    limit_days = forms.IntegerField(label=_("时限（工作日）"), min_value=1, max_value=365,
                                    required=False,
                                    help_text=_("留空按信息形成或变更之日起20个工作日计算。"))
    subject = forms.CharField(label=_("公开主体"), max_length=200)
    channels = forms.MultipleChoiceField(label=_("公开渠道和载体"), required=False,
                                         choices=[(c, c) for c in CHANNELS],
                                         widget=forms.CheckboxSelectMultiple)
    audience = forms.ChoiceField(label=_("公开对象"), choices=Audience.choices)
    manner = forms.ChoiceField(label=_("公开方式"), choices=Manner.choices)
    levels = forms.MultipleChoiceField(label=_("公开层级"), required=False,
                                       choices=[(v, v) for v in LEVELS],
                                       widget=forms.CheckboxSelectMultiple)


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("关联类型"))
    target = forms.CharField(label=_("关联目标"), max_length=500)
    label = forms.CharField(label=_("链接文字"), max_length=200, required=False)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.key, k.label) for k in kinds]
        self.fields["target"].help_text = "；".join(f"{k.label}：{k.help}" for k in kinds)


class ImportForm(forms.Form):
    agency = forms.ChoiceField(label=_("导入到机构"))
    file = forms.FileField(label=_("文件（CSV 或 Excel .xlsx）"))
    dry_run = forms.BooleanField(label=_("只检查，不写入"), required=False)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.slug, a.name) for a in agencies]
