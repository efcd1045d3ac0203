"""Power and responsibility lists (权责清单) and service items with their guides (办事指南).

Powers are versioned by effective date: a ``Power`` is the stable identity (agency + code),
each ``PowerVersion`` one state of it from ``effective_on``, written by one change
(动态调整) that says what changed and why. The list of any date is, per power, the latest
version in effect that day, unless that version removes the power.

Guides are versioned like catalogue records: each ``ServiceGuide`` row is one version of
an item's guide, drafted, reviewed and published (``workflow.py`` holds the transitions);
the public sees the item's latest published version only.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PowerType(models.TextChoices):
    LICENSING = "licensing", _("行政许可")
    PENALTY = "penalty", _("行政处罚")
    COERCION = "coercion", _("行政强制")
    LEVY = "levy", _("行政征收")
    BENEFIT = "benefit", _("行政给付")
    INSPECTION = "inspection", _("行政检查")
    CONFIRMATION = "confirmation", _("行政确认")
    REWARD = "reward", _("行政奖励")
    ADJUDICATION = "adjudication", _("行政裁决")
    OTHER = "other", _("其他")


class ChangeKind(models.TextChoices):
    ADD = "add", _("新增")
    MODIFY = "modify", _("调整")
    REMOVE = "remove", _("取消")


class Power(models.Model):
    """One statutory power of an agency, identified by its code for as long as it exists."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="powers",
                               verbose_name=_("机构"))
    code = models.CharField(_("事项编码"), max_length=60)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("权力事项")
        verbose_name_plural = _("权力事项")
        ordering = ["agency_id", "code"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"],
                                               name="services_power_unique_code")]

    def __str__(self) -> str:
        return self.code


class PowerVersion(models.Model):
    """One state of a power from ``effective_on``, and the change (动态调整) that made it.

    ``basis`` is a list of ``{"law": title, "article": "第六条", "law_version": "YYYY-MM-DD"}``:
    the law's title and article number as the library writes them, and the version date of
    the law in force when the basis was recorded (so a later amendment can be flagged).
    """

    power = models.ForeignKey(Power, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"))
    effective_on = models.DateField(_("生效日期"), db_index=True)
    change_kind = models.CharField(_("调整类型"), max_length=10, choices=ChangeKind.choices)
    change_reason = models.TextField(_("调整理由"))
    changed_fields = models.JSONField(_("调整内容"), default=list, blank=True)
    power_type = models.CharField(_("权力类型"), max_length=20, choices=PowerType.choices)
    name = models.CharField(_("事项名称"), max_length=200)
    department = models.ForeignKey("core.Department", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("实施处室"))
    basis = models.JSONField(_("设定依据"), default=list, blank=True)
    responsibilities = models.TextField(_("责任事项"), blank=True)
    accountability = models.TextField(_("追责情形"), blank=True)
    created_by = models.ForeignKey("core.User", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("权力事项版本")
        verbose_name_plural = _("权力事项版本")
        ordering = ["power_id", "number"]
        constraints = [models.UniqueConstraint(fields=["power", "number"],
                                               name="services_powerversion_unique_number")]

    def __str__(self) -> str:
        return f"{self.power.code} v{self.number}"

    @property
    def removed(self) -> bool:
        return self.change_kind == ChangeKind.REMOVE


class ServiceItem(models.Model):
    """An approval or service the public can apply for (行政审批服务事项)."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT,
                               related_name="service_items", verbose_name=_("机构"))
    code = models.CharField(_("事项编码"), max_length=60)
    name = models.CharField(_("事项名称"), max_length=200)
    power = models.ForeignKey(Power, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="service_items", verbose_name=_("对应权力事项"))
    department = models.ForeignKey("core.Department", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("承办处室"))
    keywords = models.CharField(_("关键词"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("服务事项")
        verbose_name_plural = _("服务事项")
        ordering = ["agency_id", "code"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"],
                                               name="services_item_unique_code")]

    def __str__(self) -> str:
        return self.name


class GuideStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("待审核")
    PUBLISHED = "published", _("已发布")
    SUPERSEDED = "superseded", _("已被新版本替代")


class ServiceGuide(models.Model):
    """One version of an item's guide (办事指南). Time limits are in working days and are
    counted by the shared clock (``limits.py``)."""

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="guides")
    number = models.PositiveIntegerField(_("版本号"))
    status = models.CharField(_("状态"), max_length=20, choices=GuideStatus.choices,
                              default=GuideStatus.DRAFT)
    conditions = models.TextField(_("申请条件"), blank=True)
    # The procedure, one step per entry, in order.
    steps = models.JSONField(_("办理流程"), default=list, blank=True)
    statutory_days = models.PositiveIntegerField(_("法定办结时限（工作日）"), null=True, blank=True)
    promised_days = models.PositiveIntegerField(_("承诺办结时限（工作日）"), null=True, blank=True)
    time_limit_basis = models.CharField(_("时限依据"), max_length=300, blank=True)
    fees = models.CharField(_("收费标准"), max_length=300, blank=True)
    fee_basis = models.CharField(_("收费依据"), max_length=300, blank=True)
    place = models.CharField(_("办理地点"), max_length=300, blank=True)
    hours = models.CharField(_("办理时间"), max_length=200, blank=True)
    online_url = models.URLField(_("网上办理地址"), blank=True)
    contacts = models.CharField(_("咨询电话"), max_length=200, blank=True)
    # [{"question": …, "answer": …}]
    faqs = models.JSONField(_("常见问题"), default=list, blank=True)
    # As PowerVersion.basis.
    basis = models.JSONField(_("法律依据"), default=list, blank=True)
    change_note = models.CharField(_("修订说明"), max_length=300, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)
    created_by = models.ForeignKey("core.User", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    submitted_by = models.ForeignKey("core.User", on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+")
    reviewed_by = models.ForeignKey("core.User", on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("办事指南")
        verbose_name_plural = _("办事指南")
        ordering = ["item_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"],
                                    name="services_guide_unique_number"),
            # At most one version being worked on, and one published, per item.
            models.UniqueConstraint(fields=["item"],
                                    condition=Q(status__in=["draft", "in_review"]),
                                    name="services_guide_one_open"),
            models.UniqueConstraint(fields=["item"], condition=Q(status="published"),
                                    name="services_guide_one_published"),
        ]

    def __str__(self) -> str:
        return f"{self.item.name} v{self.number}"


class GuideMaterial(models.Model):
    """One material (申请材料) of a guide version. ``condition_tags`` empty: everyone brings
    it; otherwise only people whose answers in a scenario guide carry one of the tags."""

    guide = models.ForeignKey(ServiceGuide, on_delete=models.CASCADE, related_name="materials")
    order = models.PositiveIntegerField(_("序号"), default=0)
    name = models.CharField(_("材料名称"), max_length=200)
    copies = models.CharField(_("份数与形式"), max_length=100, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    condition_tags = models.JSONField(_("适用情形"), default=list, blank=True)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["guide_id", "order", "id"]

    def __str__(self) -> str:
        return self.name


class FileKind(models.TextChoices):
    BLANK = "blank", _("空白表格")
    SAMPLE = "sample", _("填写样例")


class MaterialFile(models.Model):
    """A blank form or a filled sample of a material, checked by its bytes like a
    catalogue attachment (``gongkai.catalogue.files.check_attachment``)."""

    material = models.ForeignKey(GuideMaterial, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("类型"), max_length=10, choices=FileKind.choices)
    original_name = models.CharField(_("文件名"), max_length=200)
    file = models.FileField(upload_to="service-forms/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("表格文件")
        verbose_name_plural = _("表格文件")
        ordering = ["material_id", "kind", "id"]

    def __str__(self) -> str:
        return self.original_name


class Scenario(models.Model):
    """A scenario guide ("我要…"): a few questions that narrow to the items and materials
    of one person's case. Questions, choices and what each choice implies are data."""

    agency = models.ForeignKey("core.Agency", on_delete=models.CASCADE,
                               related_name="service_scenarios", verbose_name=_("机构"))
    slug = models.SlugField(_("网址标识"), max_length=60)
    title = models.CharField(_("标题"), max_length=100)
    intro = models.TextField(_("说明"), blank=True)
    # Items shown when no answer names any.
    item_codes = models.JSONField(_("默认事项编码"), default=list, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("场景引导")
        verbose_name_plural = _("场景引导")
        ordering = ["agency_id", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["agency", "slug"],
                                               name="services_scenario_unique_slug")]

    def __str__(self) -> str:
        return self.title


class ScenarioQuestion(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveIntegerField(_("序号"))
    key = models.SlugField(_("参数名"), max_length=40)
    text = models.CharField(_("问题"), max_length=200)
    help_text = models.CharField(_("提示"), max_length=300, blank=True)

    class Meta:
        ordering = ["scenario_id", "order"]
        constraints = [models.UniqueConstraint(fields=["scenario", "key"],
                                               name="services_question_unique_key")]

    def __str__(self) -> str:
        return self.text


class ScenarioChoice(models.Model):
    """One answer: the items it adds, the material tags it sets, or a message that ends
    the guide (e.g. "this is handled by the court, not the bureau")."""

    question = models.ForeignKey(ScenarioQuestion, on_delete=models.CASCADE,
                                 related_name="choices")
    order = models.PositiveIntegerField(_("序号"), default=0)
    value = models.SlugField(_("取值"), max_length=40)
    label = models.CharField(_("选项"), max_length=200)
    item_codes = models.JSONField(_("对应事项编码"), default=list, blank=True)
    tags = models.JSONField(_("材料情形"), default=list, blank=True)
    stop_message = models.CharField(_("终止提示"), max_length=300, blank=True)

    class Meta:
        ordering = ["question_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["question", "value"],
                                               name="services_choice_unique_value")]

    def __str__(self) -> str:
        return self.label
