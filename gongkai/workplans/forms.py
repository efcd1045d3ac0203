"""Staff forms (labels on every field; the services check the rules)."""

from __future__ import annotations

from django import forms

from gongkai.core.models import Agency, Department
from gongkai.workplans.models import ProgressStatus, WorkPoint

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class PlanForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label="机构", empty_label=None)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=9998)
    title = forms.CharField(label="标题", max_length=200)
    document_number = forms.CharField(label="文件编号", max_length=60, required=False)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class PointForm(forms.Form):
    number = forms.IntegerField(label="序号", min_value=1, max_value=999)
    chapter = forms.CharField(label="所属部分", max_length=100, required=False)
    title = forms.CharField(label="要点", max_length=200)
    text = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class TaskForm(forms.Form):
    point = forms.ModelChoiceField(queryset=WorkPoint.objects.none(), label="要点")
    lead_department = forms.ModelChoiceField(queryset=Department.objects.none(), label="牵头处室")
    deadline = forms.DateField(label="完成时限", widget=DATE)
    measures = forms.CharField(label="工作措施", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].queryset = plan.points.order_by("number")
        self.fields["lead_department"].queryset = Department.objects.filter(
            agency_id=plan.agency_id, is_active=True)


class ProgressFields(forms.Form):
    status = forms.ChoiceField(label="进展状态", choices=ProgressStatus.choices)
    percent = forms.IntegerField(label="完成比例（%）", min_value=0, max_value=100)
    progress = forms.CharField(label="工作进展", widget=forms.Textarea(attrs={"rows": 3}),
                               required=False)
    problems = forms.CharField(label="存在问题", widget=forms.Textarea(attrs={"rows": 2}),
                               required=False)
    next_steps = forms.CharField(label="下一步举措", widget=forms.Textarea(attrs={"rows": 2}),
                                 required=False)


class ReportForm(ProgressFields):
    reported_on = forms.DateField(label="报送日期", widget=DATE)


class PublishProgressForm(ProgressFields):
    point = forms.ModelChoiceField(queryset=WorkPoint.objects.none(), label="要点")

    field_order = ["point", "status", "percent", "progress", "problems", "next_steps"]

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].queryset = plan.points.order_by("number")
        self.order_fields(self.field_order)


class PublishPlanForm(forms.Form):
    confirm = forms.BooleanField(label="确认公开工作要点", required=True)
