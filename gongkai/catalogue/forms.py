"""Forms for the catalogue staff pages.

They only turn posted text into typed values and limit choices to what the person may
pick (agencies they edit, departments of that agency); the rules that span fields
(withholding reason, classified records, validity dates, document numbers) live in
``services._validate`` and come back here through ``apply_errors``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.catalogue import richtext
from gongkai.catalogue.models import (
    AttributeReview,
    DisclosureAttribute,
    Genre,
    LinkKind,
    Record,
    ReviewDecision,
    Topic,
    Validity,
)
from gongkai.catalogue.policies import RecordPolicy
from gongkai.core.models import Agency, Department

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class MultilineField(forms.CharField):
    """Browsers post textarea line breaks as CRLF; keep LF so that what is stored, counted
    against max_length and compared for changes is what the person typed."""

    widget = forms.Textarea

    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        return text if text is None else text.replace("\r\n", "\n").replace("\r", "\n")


class StaffForm(forms.Form):
    """Several forms share the record page: each gets its own id prefix so that every
    label points at its own input."""

    id_prefix = "f"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.required:  # beside the visible "*" of _field.html
                field.widget.attrs.setdefault("aria-required", "true")

    @property
    def has_required_fields(self) -> bool:
        return any(field.required for field in self.fields.values())


def set_choices(form: forms.Form, name: str, choices: list[Any]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names; errors about fields the
    form does not show go to the top of the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        name = field if field in form.fields else None
        for message in errors:
            if name is None and field != "__all__":
                label = field_label(field)
                form.add_error(None, f"{label}:{message}" if label else message)
            else:
                form.add_error(name, message)


def field_label(field: str) -> str:
    try:
        return str(getattr(Record._meta.get_field(field), "verbose_name", ""))
    except FieldDoesNotExist:
        return ""


def lookup_record(index_number: str, *, agency_ids: list[int] | None) -> Record | None:
    """A record by its index number among those the person may see, or a public one."""
    from gongkai.catalogue import selectors

    record = selectors.staff_record_list(agency_ids=agency_ids).filter(
        index_number=index_number).first()
    return record or selectors.public_record_by_index(index_number)


class RecordForm(StaffForm):
    """Drafting and editing a record. ``agencies`` is given only when creating: the
    agency of an existing record does not change."""

    id_prefix = "rec"

    agency = forms.TypedChoiceField(label=_("发布机构"), coerce=int)
    department = forms.TypedChoiceField(label=_("处室"), coerce=int, required=False,
                                        empty_value=None)
    title = forms.CharField(label=_("标题"), max_length=300)
    summary = MultilineField(label=_("内容概述"), max_length=100, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("不超过100字。"))
    # The rich-text editor (catalogue/richtext.js) takes this textarea over and posts HTML;
    # without script it stays a textarea for plain text. record_fields tells them apart.
    body = MultilineField(label=_("正文"), required=False, strip=False,
                          widget=forms.Textarea(attrs={"rows": 12, "data-richtext": ""}),
                          help_text=_("可用编辑器工具栏设置标题、列表、表格、加粗和链接；"
                                      "发布时只保留这些排版，其余代码会被清除。"))
    keywords = forms.CharField(label=_("关键词"), max_length=200, required=False,
                               help_text=_("多个关键词以空格或逗号分隔。"))
    document_number = forms.CharField(label=_("文件编号"), max_length=60, required=False,
                                      help_text=_("例如：沪司办〔2020〕6号。也可输入[]、【】或()。"))
    is_official_document = forms.BooleanField(label=_("行政公文"), required=False, initial=True)
    formed_on = forms.DateField(label=_("产生日期"), widget=DATE_INPUT,
                                help_text=_("公文为签发日期。"))
    topic = forms.ModelChoiceField(label=_("主题分类"), queryset=Topic.objects.all(),
                                   empty_label=_("请选择"))
    genre = forms.ModelChoiceField(label=_("体裁分类"), queryset=Genre.objects.all(),
                                   empty_label=_("请选择"))
    disclosure_attribute = forms.ChoiceField(
        label=_("公开属性"), initial=DisclosureAttribute.PROACTIVE,
        choices=[c for c in DisclosureAttribute.choices if c[0] != DisclosureAttribute.UNDECIDED])
    withholding_reason = MultilineField(
        label=_("不予公开理由"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("依申请公开或不予公开时必填。"))
    withholding_basis = forms.CharField(label=_("法律依据"), max_length=200, required=False,
                                        help_text=_("例如：《政府信息公开条例》第十五条。"))
    is_classified = forms.BooleanField(label=_("涉密"), required=False)
    validity = forms.ChoiceField(label=_("有效性"), choices=Validity.choices, required=False,
                                 help_text=_("规范性文件填写。"))
    validity_changed_on = forms.DateField(label=_("有效性变更日期"), required=False,
                                          widget=DATE_INPUT,
                                          help_text=_("失效或废止时必填。"))
    replaced_by = forms.CharField(label=_("被替代为（索取号）"), max_length=40, required=False,
                                  help_text=_("填写替代本文件的新文件的索取号，例如 002420455M/2020-00035。"))

    def __init__(self, *args: Any, user: Any, record: Record | None = None,
                 agencies: list[Agency] | None = None, **kwargs: Any) -> None:
        if record is not None:
            kwargs.setdefault("initial", record_initial(record))
        super().__init__(*args, **kwargs)
        self.user = user
        self.record = record
        if record is not None:
            del self.fields["agency"]
            agencies = [record.agency]
            if record.disclosure_attribute == DisclosureAttribute.UNDECIDED:
                set_choices(self, "disclosure_attribute", list(DisclosureAttribute.choices))
        else:
            agencies = agencies or []
            set_choices(self, "agency", [(a.pk, a.name) for a in agencies])
            if len(agencies) == 1:
                self.fields["agency"].initial = agencies[0].pk
        self._agencies = {a.pk: a for a in agencies}
        departments = Department.objects.filter(
            agency_id__in=list(self._agencies), is_active=True).select_related("agency")
        if record is not None and record.department_id:
            departments = departments | Department.objects.filter(pk=record.department_id)
        current = record.department_id if record is not None else None
        # A department-scoped editor is offered only the departments they may write for.
        self._departments = {d.pk: d for d in departments
                             if d.pk == current or RecordPolicy.can_create(user, d.agency_id, d)}
        groups: dict[str, list[tuple[int, str]]] = {}
        for d in sorted(self._departments.values(), key=lambda d: (d.agency_id, d.sort_order, d.pk)):
            groups.setdefault(d.agency.name, []).append((d.pk, d.name))
        choices: list[Any] = [("", _("（不指定处室）"))]
        # With several agencies to choose from, departments are grouped under their agency.
        choices += list(groups.items()) if len(groups) > 1 else next(iter(groups.values()), [])
        set_choices(self, "department", choices)

    def clean_department(self) -> Department | None:
        pk = self.cleaned_data.get("department")
        return self._departments.get(pk) if pk else None

    def clean_replaced_by(self) -> Record | None:
        value = self.cleaned_data.get("replaced_by", "").strip()
        if not value:
            return None
        record = lookup_record(value, agency_ids=RecordPolicy.agencies_visible(self.user))
        if record is None:
            raise ValidationError(_("没有找到索取号为“%(value)s”的信息。"), params={"value": value})
        return record

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        agency_id = self.record.agency_id if self.record else data.get("agency")
        department = data.get("department")
        if agency_id is None:
            return data
        if department is not None and department.agency_id != agency_id:
            self.add_error("department", _("所选处室不属于所选机构。"))
        elif self.record is None and not RecordPolicy.can_create(self.user, agency_id, department):
            self.add_error("department", _("您只能为本人所在处室新建信息，请选择处室。"))
        elif self.record is not None and "department" in self.changed_data and \
                not RecordPolicy.can_create(self.user, agency_id, department):
            self.add_error("department", _("您不能把信息转到这个处室。"))
        return data

    def chosen_agency(self) -> Agency:
        if self.record is not None:
            return self.record.agency
        return self._agencies[self.cleaned_data["agency"]]

    def record_fields(self, *, changed_only: bool = False) -> dict[str, Any]:
        """The cleaned values as keyword arguments for record_create / record_update."""
        names = [n for n in self.fields if n != "agency"]
        if changed_only:
            names = [n for n in names if n in self.changed_data]
        fields = {name: self.cleaned_data[name] for name in names}
        if "body" in fields and richtext.is_markup(fields["body"]):
            # from the editor: the service cleans it and derives the plain body from it
            fields["body_html"] = fields.pop("body")
        return fields


def record_initial(record: Record) -> dict[str, Any]:
    initial = {name: getattr(record, name) for name in (
        "title", "summary", "keywords", "document_number", "is_official_document",
        "formed_on", "disclosure_attribute", "withholding_reason", "withholding_basis",
        "is_classified", "validity", "validity_changed_on")}
    # the formatted body, else the text (the editor's script makes paragraphs of it; without
    # script the textarea shows the text as it is)
    initial["body"] = record.body_html or record.body
    initial["department"] = record.department_id
    initial["topic"] = record.topic_id
    initial["genre"] = record.genre_id
    initial["replaced_by"] = record.replaced_by.index_number or "" if record.replaced_by else ""
    return initial


class AttachmentForm(StaffForm):
    id_prefix = "att"

    file = forms.FileField(label=_("附件文件"), help_text=_(
        "可上传 PDF、Word、Excel、图片和纯文本文件；系统按文件内容识别格式。"))


class LinkForm(StaffForm):
    id_prefix = "link"

    target = forms.CharField(label=_("关联信息的索取号"), max_length=40)
    kind = forms.ChoiceField(label=_("关联类型"), choices=LinkKind.choices,
                             initial=LinkKind.RELATED)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_target(self) -> Record:
        value = self.cleaned_data["target"].strip()
        record = lookup_record(value, agency_ids=RecordPolicy.agencies_visible(self.user))
        if record is None:
            raise ValidationError(_("没有找到索取号为“%(value)s”的信息。"), params={"value": value})
        return record


class ApproveForm(StaffForm):
    id_prefix = "approve"

    publish_at = forms.DateTimeField(
        label=_("定时发布时间"), required=False, input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("留空则立即发布。"))
    comment = forms.CharField(label=_("审查意见"), required=False, max_length=300,
                              help_text=_("更正再次发布时作为更正说明向公众展示。"))

    def clean_publish_at(self) -> dt.datetime | None:
        value = self.cleaned_data.get("publish_at")
        if value is not None and value <= timezone.now():
            raise ValidationError(_("定时发布时间须晚于现在；要立即发布请留空。"))
        return value


class ReturnForm(StaffForm):
    id_prefix = "return"

    comment = MultilineField(label=_("退回意见"), widget=forms.Textarea(attrs={"rows": 3}))


class RedactForm(StaffForm):
    id_prefix = "redact"

    text = forms.CharField(label=_("要遮盖的文字"), strip=False, max_length=300,
                           help_text=_("标题、内容概述和正文中所有相同的文字都会被替换为■。"))
    reason = forms.CharField(label=_("遮盖理由"), max_length=300)


class WithdrawForm(StaffForm):
    id_prefix = "withdraw"

    reason = MultilineField(label=_("撤回理由"), widget=forms.Textarea(attrs={"rows": 3}))


class RecordFilterForm(StaffForm):
    id_prefix = "filter"

    status = forms.ChoiceField(label=_("状态"), required=False)
    q = forms.CharField(label=_("标题、索取号或文件编号"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from gongkai.catalogue.models import RecordStatus

        set_choices(self, "status", [("", _("全部")), *RecordStatus.choices])


class TimelinessFilterForm(StaffForm):
    id_prefix = "tl"

    year = forms.IntegerField(label=_("产生年份"), min_value=1949)
    department = forms.TypedChoiceField(label=_("处室"), coerce=int, required=False,
                                        empty_value=None)

    def __init__(self, *args: Any, departments: list[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].validators.append(_not_after_this_year)
        set_choices(self, "department", [("", _("全部处室"))] + [
            (d.pk, str(d)) for d in departments])


def _not_after_this_year(value: int) -> None:
    if value > timezone.localdate().year:
        raise ValidationError(_("年份不能晚于今年。"))


class AttributeReviewDecideForm(StaffForm):
    id_prefix = "ar"

    reviews = forms.ModelMultipleChoiceField(
        label=_("选中的审查"), queryset=AttributeReview.objects.none(),
        widget=forms.CheckboxSelectMultiple, error_messages={"required": _("请至少勾选一条信息。")})
    decision = forms.ChoiceField(
        label=_("审查结论"), widget=forms.RadioSelect,
        choices=[(ReviewDecision.CONVERT, ReviewDecision.CONVERT.label),
                 (ReviewDecision.KEEP, ReviewDecision.KEEP.label)])
    reason = MultilineField(label=_("理由"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("维持原属性时必填。"))

    def __init__(self, *args: Any, queue: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reviews"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = queue


class CampaignForm(StaffForm):
    id_prefix = "campaign"

    agency = forms.TypedChoiceField(label=_("机构"), coerce=int)
    name = forms.CharField(label=_("名称"), max_length=100,
                           initial=_("历史政府信息公开属性审查"))
    since_year = forms.IntegerField(label=_("起始年份"), initial=2010, min_value=1949,
                                    help_text=_("该年及以后产生的行政公文纳入审查。"))

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._agencies = {a.pk: a for a in agencies}
        set_choices(self, "agency", [(a.pk, a.name) for a in agencies])

    def clean_since_year(self) -> int:
        value = self.cleaned_data["since_year"]
        if value > timezone.localdate().year:
            raise ValidationError(_("起始年份不能晚于今年。"))
        return value

    def chosen_agency(self) -> Agency:
        return self._agencies[self.cleaned_data["agency"]]
