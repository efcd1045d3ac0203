"""Staff forms for each step (labels on every field; the services check the rules)."""

from __future__ import annotations

from django import forms

from gongkai.core.models import Agency, Department
from gongkai.proposals import limits
from gongkai.proposals.models import Outcome, ProposalKind, PublishMode, Satisfaction

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class RegisterForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label="承办机构", empty_label=None)
    kind = forms.ChoiceField(label="类别", choices=ProposalKind.choices)
    session = forms.CharField(label="会议届次", max_length=100,
                              help_text="如：市十六届人大三次会议")
    number = forms.CharField(label="编号", max_length=40, help_text="如：0123")
    proposers = forms.CharField(label="代表委员", max_length=300,
                                help_text="领衔人和附议人，用顿号分隔")
    subject = forms.CharField(label="标题", max_length=300)
    text = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 5}), required=False)
    registered_on = forms.DateField(label="登记日期", widget=DATE)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class AssignForm(forms.Form):
    lead_department = forms.ModelChoiceField(queryset=Department.objects.none(), label="主办处室")
    co_departments = forms.ModelMultipleChoiceField(queryset=Department.objects.none(), label="会办处室",
                                                    required=False)
    assigned_on = forms.DateField(label="交办日期", widget=DATE)

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        departments = Department.objects.filter(agency=agency, is_active=True)
        self.fields["lead_department"].queryset = departments
        self.fields["co_departments"].queryset = departments


class ExtendForm(forms.Form):
    months = forms.IntegerField(label="延长月数", min_value=1,
                                max_value=max(1, limits.max_extension_months()))
    reason = forms.CharField(label="延期理由", max_length=300)


class ReplyForm(forms.Form):
    outcome = forms.ChoiceField(label="办理结果", choices=[("", "请选择"), *Outcome.choices])
    replied_on = forms.DateField(label="答复日期", widget=DATE)
    text = forms.CharField(label="答复全文", widget=forms.Textarea(attrs={"rows": 8}))
    publish_mode = forms.ChoiceField(label="公开方式", choices=PublishMode.choices,
                                     initial=PublishMode.FULL)
    summary = forms.CharField(label="答复摘要", widget=forms.Textarea(attrs={"rows": 3}),
                              required=False, help_text="摘要公开时必填")
    summary_reason = forms.CharField(label="摘要公开理由", max_length=300, required=False)


class CorrectForm(forms.Form):
    text = forms.CharField(label="答复全文", widget=forms.Textarea(attrs={"rows": 8}))
    publish_mode = forms.ChoiceField(label="公开方式", choices=PublishMode.choices)
    summary = forms.CharField(label="答复摘要", widget=forms.Textarea(attrs={"rows": 3}),
                              required=False)
    summary_reason = forms.CharField(label="摘要公开理由", max_length=300, required=False)


class FeedbackForm(forms.Form):
    satisfaction = forms.ChoiceField(label="代表委员意见", choices=Satisfaction.choices)
    feedback_on = forms.DateField(label="反馈日期", widget=DATE)


class RedoForm(forms.Form):
    started_on = forms.DateField(label="重新办理起算日期", widget=DATE, required=False,
                                 help_text="默认为收到不满意意见之日")


class CloseForm(forms.Form):
    closed_on = forms.DateField(label="办结日期", widget=DATE)
    comment = forms.CharField(label="说明", max_length=300, required=False)


class PublishForm(forms.Form):
    confirm = forms.BooleanField(label="已核对公开文本（联系方式将自动删除）", required=True)
