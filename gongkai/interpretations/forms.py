from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Department
from gongkai.interpretations.models import SECTIONS, Interpretation, WaiverKind
from gongkai.interpretations.services import EDITABLE_FIELDS


class InterpretationForm(forms.ModelForm):
    media_url = forms.URLField(label=_("音视频或图解地址"), required=False, assume_scheme="https")
    class Meta:
        model = Interpretation
        fields = list(EDITABLE_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name, _ in SECTIONS} | {
            "captions": forms.Textarea(attrs={"rows": 4}),
            "text_alternative": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "captions": _("音频、视频、动漫、新闻发布会：发布前必须提供字幕或完整文字稿。"),
            "text_alternative": _("图表图解、流程演示：发布前必须提供供读屏软件朗读的文字说明。"),
            "department": _("谁起草谁解读：填写起草政策文件的处室。"),
        }

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Department.objects.filter(agency_id=agency_id)


class NewInterpretationForm(InterpretationForm):
    policy = forms.IntegerField(label=_("所解读的政策文件（信息编号）"), min_value=1)
    field_order = ["policy"]


class WaiverForm(forms.Form):
    kind = forms.ChoiceField(label=_("例外类型"), choices=WaiverKind.choices,
                             widget=forms.RadioSelect)
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000)


class SyncRuleForm(forms.Form):
    agency = forms.TypedChoiceField(label=_("机构"), coerce=int)
    genre = forms.TypedChoiceField(label=_("须同步解读的体裁"), coerce=int)
    applies_from = forms.DateField(label=_("适用于此日及以后产生的文件"),
                                   widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, agencies: list[Any], **kwargs: Any):
        from gongkai.catalogue.models import Genre

        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]  # type: ignore[attr-defined]
        self.fields["genre"].choices = [  # type: ignore[attr-defined]
            (g.pk, g.name) for g in Genre.objects.exclude(code="interpretation")]
