"""The disclosure catalogue (政府信息公开目录): records, their published versions,
attachments, links, review findings, index-number counters and attribute reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DisclosureAttribute(models.TextChoices):
    """公开属性 (Regulations Art. 19–21; Shanghai practice: decided at drafting)."""

    UNDECIDED = "undecided", _("未认定")
    PROACTIVE = "proactive", _("主动公开")
    ON_REQUEST = "on_request", _("依申请公开")
    WITHHELD = "withheld", _("不予公开")


class Validity(models.TextChoices):
    NOT_APPLICABLE = "", _("不适用")
    VALID = "valid", _("有效")
    EXPIRED = "expired", _("失效")
    REPEALED = "repealed", _("废止")


class RecordStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("待审查")
    RETURNED = "returned", _("已退回")
    SCHEDULED = "scheduled", _("待发布")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class Topic(models.Model):
    """主题分类: shared by every agency on the platform, editable by administrators."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=40, unique=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("主题分类")
        verbose_name_plural = _("主题分类")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class Genre(models.Model):
    """体裁分类 (通知, 决定, 意见, 办法, 规定, 公告 …)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=40, unique=True)
    is_normative = models.BooleanField(_("规范性文件体裁"), default=False)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("体裁分类")
        verbose_name_plural = _("体裁分类")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class Record(models.Model):
    """One item of government information. Staff edit the working fields here; what the
    public sees is the latest published ``RecordVersion`` (``current_version``)."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="records",
                               verbose_name=_("发布机构"))
    department = models.ForeignKey("core.Department", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="records", verbose_name=_("处室"))
    title = models.CharField(_("标题"), max_length=300)
    summary = models.CharField(_("内容概述"), max_length=100, blank=True)
    body = models.TextField(_("正文"), blank=True)
    body_html = models.TextField(_("正文（排版）"), blank=True, help_text=_(
        "编辑器排版后的正文，已按白名单清理；为空时按纯文本正文分段显示。"))
    keywords = models.CharField(_("关键词"), max_length=200, blank=True)
    document_number = models.CharField(_("文件编号"), max_length=60, blank=True)
    document_number_key = models.CharField(max_length=60, blank=True, db_index=True)
    is_official_document = models.BooleanField(_("行政公文"), default=True)
    formed_on = models.DateField(_("产生日期"))
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, verbose_name=_("主题分类"))
    genre = models.ForeignKey(Genre, on_delete=models.PROTECT, verbose_name=_("体裁分类"))
    disclosure_attribute = models.CharField(
        _("公开属性"), max_length=12, choices=DisclosureAttribute.choices,
        default=DisclosureAttribute.PROACTIVE)
    withholding_reason = models.TextField(_("不予公开理由"), blank=True)
    withholding_basis = models.CharField(_("法律依据"), max_length=200, blank=True)
    is_classified = models.BooleanField(_("涉密"), default=False)
    validity = models.CharField(_("有效性"), max_length=10, choices=Validity.choices,
                                blank=True, default=Validity.NOT_APPLICABLE)
    validity_changed_on = models.DateField(_("有效性变更日期"), null=True, blank=True)
    replaced_by = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="replaces", verbose_name=_("被替代为"))
    status = models.CharField(_("状态"), max_length=12, choices=RecordStatus.choices,
                              default=RecordStatus.DRAFT, db_index=True)
    publish_at = models.DateTimeField(_("定时发布时间"), null=True, blank=True)
    # Set once, at first publication (catalogue-fields.md: never changed).
    index_number = models.CharField(_("索取号"), max_length=40, null=True, blank=True,
                                    unique=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    current_version = models.ForeignKey("RecordVersion", on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="+")
    # True exactly when the public may see the record: published, proactive, not withdrawn.
    is_public = models.BooleanField(default=False, db_index=True)
    withdrawn_reason = models.TextField(_("撤回理由"), blank=True)
    next_attribute_review_on = models.DateField(_("下次属性审查日期"), null=True, blank=True)
    # The content (publication.content_digest) a reviewer approved with the scan's findings
    # in front of them: the publication gate lets flagged content out only when it matches.
    scan_cleared_digest = models.CharField(max_length=64, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("政府信息")
        verbose_name_plural = _("政府信息")
        indexes = [
            # Partial indexes: the public list (newest first) and its count read only the
            # public rows, in order, without a sort, on SQLite and PostgreSQL alike.
            models.Index(fields=["agency", "-published_on", "-id"],
                         condition=models.Q(is_public=True), name="record_public_list"),
            models.Index(fields=["-published_on", "-id"], condition=models.Q(is_public=True),
                         name="record_public_all"),
            models.Index(fields=["agency", "status"], name="record_agency_status"),
        ]


    def __str__(self) -> str:
        return self.title


class RecordVersion(models.Model):
    """A published snapshot. Corrections add versions; none is ever changed or removed."""

    record = models.ForeignKey(Record, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("版本"))
    title = models.CharField(_("标题"), max_length=300)
    summary = models.CharField(_("内容概述"), max_length=100, blank=True)
    body = models.TextField(_("正文"), blank=True)
    body_html = models.TextField(_("正文（排版）"), blank=True, help_text=_(
        "编辑器排版后的正文，已按白名单清理；为空时按纯文本正文分段显示。"))
    keywords = models.CharField(_("关键词"), max_length=200, blank=True)
    document_number = models.CharField(_("文件编号"), max_length=60, blank=True)
    formed_on = models.DateField(_("产生日期"))
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT)
    genre = models.ForeignKey(Genre, on_delete=models.PROTECT)
    disclosure_attribute = models.CharField(max_length=12, choices=DisclosureAttribute.choices)
    validity = models.CharField(max_length=10, choices=Validity.choices, blank=True)
    change_note = models.CharField(_("更正说明"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("发布版本")
        verbose_name_plural = _("发布版本")
        ordering = ["record_id", "number"]
        constraints = [models.UniqueConstraint(fields=["record", "number"],
                                               name="record_version_unique")]

    def __str__(self) -> str:
        return f"{self.record_id} v{self.number}"


class Attachment(models.Model):
    record = models.ForeignKey(Record, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(max_length=10)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    extracted_text = models.TextField(blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class LinkKind(models.TextChoices):
    INTERPRETATION = "interpretation", _("政策解读")
    REPLACES = "replaces", _("替代")
    DRAFT = "draft", _("征求意见稿")
    RELATED = "related", _("相关信息")


class RecordLink(models.Model):
    source = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=20, choices=LinkKind.choices, default=LinkKind.RELATED)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "target", "kind"],
                                               name="record_link_unique")]

    def __str__(self) -> str:
        return f"{self.source_id} -{self.kind}-> {self.target_id}"


class ScanFinding(models.Model):
    """A possible secret or personal datum found before review (Art. 17)."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=20)
    label = models.CharField(max_length=40)
    source = models.CharField(max_length=220)
    masked = models.CharField(max_length=80)
    context = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.label}: {self.masked}"


class RecordEvent(models.Model):
    """The record's own history (drafted, submitted, returned, published v2 …)."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="events")
    verb = models.CharField(max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+")
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.record_id} {self.verb}"


class IndexCounter(models.Model):
    """The last serial used per agency and year; locked while a number is assigned so
    that serials are gap-free and never reused (catalogue-fields.md)."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"],
                                               name="index_counter_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last_serial}"


class ReviewReason(models.TextChoices):
    PERIODIC = "periodic", _("定期审查")
    APPLICATION = "application", _("依申请触发")
    CAMPAIGN = "campaign", _("历史信息转化")


class ReviewDecision(models.TextChoices):
    PENDING = "", _("待审查")
    CONVERT = "convert", _("转为主动公开")
    KEEP = "keep", _("维持原属性")


class Campaign(models.Model):
    """A historical conversion campaign (work plan point 10)."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    since_year = models.PositiveSmallIntegerField(_("起始年份"), default=2010)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("历史信息转化")
        verbose_name_plural = _("历史信息转化")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class AttributeReview(models.Model):
    """One re-examination of a record's disclosure attribute (公开属性审查)."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="attribute_reviews")
    reason = models.CharField(max_length=12, choices=ReviewReason.choices)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="reviews")
    opened_on = models.DateField()
    decision = models.CharField(max_length=10, choices=ReviewDecision.choices, blank=True,
                                default=ReviewDecision.PENDING)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["opened_on", "id"]
        constraints = [
            # At most one open review per record (STYLE.md: "at most one open X").
            models.UniqueConstraint(fields=["record"], condition=models.Q(decision=""),
                                    name="one_open_attribute_review"),
        ]

    def __str__(self) -> str:
        return f"{self.record_id} {self.reason} {self.decision or 'open'}"
