"""Forms of the consultation pages. They carry the fields; the rules live in ``services``
and come back field by field through ``apply_errors``."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.consultations import limits
from gongkai.consultations.models import Channel, Disposition, Stage
from gongkai.core.intake import HoneypotFormMixin

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BaseForm(forms.Form):
    id_prefix = "f"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def set_choices(form: forms.Form, name: str, choices: list[Any]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


class CommentForm(HoneypotFormMixin, BaseForm):
    """The public comment form: on the whole draft or one article/paragraph."""

    id_prefix = "c"
    anchor = forms.ChoiceField(label=_("针对"), required=False)
    text = forms.CharField(label=_("意见内容"), widget=forms.Textarea(attrs={"rows": 8}),
                           required=False,
                           help_text=_("不超过5000字。请勿填写身份证号、电话等个人信息，意见可能公开。"))
    display_name = forms.CharField(label=_("公开显示的名称（可不填，不填显示为“匿名”）"),
                                   required=False, max_length=200)
    email = forms.CharField(label=_("电子邮箱（可不填；填写后，意见采纳情况公布时通知您，不会公开）"),
                            required=False, max_length=254,
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100, required=False)

    def __init__(self, *args: Any, anchors: list[dict[str, Any]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        set_choices(self, "anchor", [("", _("草案整体"))] + [
            (a["key"], f"{a['label']} {a['text'][:20]}") for a in anchors])
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", secrets.token_urlsafe(18))


class TrackForm(BaseForm):
    id_prefix = "t"
    tracking_code = forms.CharField(label=_("意见查询码"), max_length=60,
                                    widget=forms.TextInput(attrs={"autocomplete": "off"}))


class ConsultationForm(BaseForm):
    kind = forms.ChoiceField(label=_("草案类别"), choices=limits.ConsultationKind.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    decision = forms.TypedChoiceField(label=_("重大行政决策事项（可不选）"), required=False,
                                      coerce=int, empty_value=None)
    summary = forms.CharField(label=_("主要内容"), widget=forms.Textarea(attrs={"rows": 3}),
                              required=False)
    explanation = forms.CharField(label=_("起草说明"), widget=forms.Textarea(attrs={"rows": 4}),
                                  required=False)
    basis = forms.CharField(label=_("依据和理由"), widget=forms.Textarea(attrs={"rows": 3}),
                            required=False)
    contact = forms.CharField(label=_("联系方式（通信地址、电话、电子邮箱）"),
                              widget=forms.Textarea(attrs={"rows": 2}), required=False)
    channels = forms.CharField(label=_("其他意见提交方式"), widget=forms.Textarea(attrs={"rows": 2}),
                               required=False)
    text = forms.CharField(label=_("草案正文（每条一行，“第X条”开头）"),
                           widget=forms.Textarea(attrs={"rows": 12}))


class ScheduleForm(BaseForm):
    id_prefix = "s"
    opens_on = forms.DateField(label=_("开始日期"), widget=DATE_INPUT)
    closes_on = forms.DateField(label=_("截止日期"), widget=DATE_INPUT)
    period_reason = forms.CharField(label=_("期限短于规定的理由（将公开）"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))


class ExtendForm(BaseForm):
    id_prefix = "e"
    closes_on = forms.DateField(label=_("新的截止日期"), widget=DATE_INPUT)
    notice = forms.CharField(label=_("延期公告"), widget=forms.Textarea(attrs={"rows": 2}))


class VersionForm(BaseForm):
    id_prefix = "v"
    text = forms.CharField(label=_("新版本正文"), widget=forms.Textarea(attrs={"rows": 10}))
    note = forms.CharField(label=_("修改说明"), required=False)


class OfflineCommentForm(BaseForm):
    id_prefix = "o"
    channel = forms.ChoiceField(label=_("渠道"), choices=[c for c in Channel.choices
                                                        if c[0] != Channel.ONLINE])
    received_on = forms.DateField(label=_("收到日期"), widget=DATE_INPUT)
    anchor = forms.CharField(label=_("针对条款（如 a3，可不填）"), required=False, max_length=20)
    display_name = forms.CharField(label=_("显示名称"), required=False, max_length=200)
    email = forms.CharField(label=_("电子邮箱"), required=False, max_length=254)
    text = forms.CharField(label=_("意见内容"), widget=forms.Textarea(attrs={"rows": 4}))


class ModerateForm(BaseForm):
    id_prefix = "m"
    publish = forms.TypedChoiceField(label=_("审核结果"), coerce=lambda v: v == "1",
                                     choices=[("1", _("公开")), ("0", _("不予公开"))],
                                     widget=forms.RadioSelect)
    reason = forms.CharField(label=_("不予公开的理由（提交人可见）"), required=False, max_length=300)


class AnswerForm(BaseForm):
    id_prefix = "a"
    disposition = forms.ChoiceField(label=_("处理结果"), choices=Disposition.choices)
    answer = forms.CharField(label=_("答复（未采纳须说明理由）"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class BulkAnswerForm(BaseForm):
    id_prefix = "b"
    scope = forms.ChoiceField(label=_("答复范围"), choices=[
        ("selected", _("勾选的意见")), ("group", _("一组相似意见")), ("article", _("某一条的全部意见"))],
        widget=forms.RadioSelect, initial="selected")
    group = forms.TypedChoiceField(label=_("相似意见组"), required=False, coerce=int,
                                   empty_value=None)
    article = forms.CharField(label=_("条款（如 a3）"), required=False, max_length=20)
    disposition = forms.ChoiceField(label=_("处理结果"), choices=Disposition.choices)
    template = forms.TypedChoiceField(label=_("答复模板（可不选）"), required=False, coerce=int,
                                      empty_value=None)
    answer = forms.CharField(label=_("答复"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class TemplateForm(BaseForm):
    id_prefix = "tp"
    title = forms.CharField(label=_("模板名称"), max_length=100)
    disposition = forms.ChoiceField(label=_("处理结果"), choices=Disposition.choices)
    text = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(BaseForm):
    id_prefix = "r"
    summary = forms.CharField(label=_("总体情况说明"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))


class DecisionForm(BaseForm):
    id_prefix = "d"
    year = forms.IntegerField(label=_("目录年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("决策事项名称"), max_length=200)
    summary = forms.CharField(label=_("主要内容"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    basis = forms.CharField(label=_("决策依据"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))
    planned_on = forms.DateField(label=_("计划完成时间"), required=False, widget=DATE_INPUT)


class StageForm(BaseForm):
    id_prefix = "st"
    stage = forms.ChoiceField(label=_("程序环节"), choices=Stage.choices)
    planned_on = forms.DateField(label=_("计划时间"), required=False, widget=DATE_INPUT)
    done_on = forms.DateField(label=_("完成时间"), required=False, widget=DATE_INPUT)
    note = forms.CharField(label=_("说明"), required=False, max_length=500)


class SettingsForm(BaseForm):
    id_prefix = "cfg"
    publish_immediately = forms.BooleanField(label=_("意见提交后立即公开(事后审核)"),
                                             required=False)


class AttendanceApplyForm(HoneypotFormMixin, BaseForm):
    id_prefix = "at"
    name = forms.CharField(label=_("姓名"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("报名类别"), required=False, widget=forms.RadioSelect,
                                 choices=[("stakeholder", _("利害关系人")),
                                          ("business", _("企业代表")), ("citizen", _("市民代表"))])
    organisation = forms.CharField(label=_("单位（可不填）"), max_length=200, required=False)
    contact = forms.CharField(label=_("联系电话或电子邮箱（不公开）"), max_length=200,
                              required=False)
    reason = forms.CharField(label=_("报名理由"), required=False,
                             widget=forms.Textarea(attrs={"rows": 4}))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", secrets.token_urlsafe(18))


class AttendanceCallForm(BaseForm):
    id_prefix = "ac"
    meeting = forms.CharField(label=_("会议名称"), max_length=100)
    meeting_on = forms.DateField(label=_("会议日期"), widget=DATE_INPUT)
    seats = forms.IntegerField(label=_("列席名额"), min_value=1, max_value=1000)
    apply_until = forms.DateField(label=_("报名截止日期"), widget=DATE_INPUT)
    announcement = forms.CharField(label=_("公告内容"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))
