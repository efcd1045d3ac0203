"""Policy interpretations (政策解读) and the 三同步 rule (synchronised_release).

An interpretation explains one policy record of the catalogue. While staff prepare it, its
contents live here; when it is published it becomes a catalogue record of its own (genre
解读), made through ``catalogue.services.publish_external`` and linked both ways to the
policy with a ``RecordLink`` of kind ``interpretation``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Form(models.TextChoices):
    """The forms the work plan names; all but text count toward the 50 % share."""

    TEXT = "text", _("文字解读")
    CHART = "chart", _("图表图解")
    AUDIO = "audio", _("音频")
    VIDEO = "video", _("视频")
    ANIMATION = "animation", _("动漫")
    FLOW = "flow", _("流程演示")
    PRESS = "press", _("新闻发布会/媒体通气会")


# Accessibility before publication: time-based media carry captions or a transcript, a
# picture carries a text alternative (WCAG 2.1 1.2.1–1.2.2, 1.1.1).
NEEDS_CAPTIONS = frozenset({Form.AUDIO, Form.VIDEO, Form.ANIMATION, Form.PRESS})
NEEDS_TEXT_ALTERNATIVE = frozenset({Form.CHART, Form.FLOW})
NON_TEXT = frozenset(Form) - {Form.TEXT}

# The contents an interpretation covers (participation-and-enforcement-rules.md).
SECTIONS = (
    ("background", _("背景依据")),
    ("purpose", _("目标任务")),
    ("main_measures", _("主要内容和举措")),
    ("scope", _("适用范围")),
    ("standards", _("执行标准")),
    ("time_limits", _("实施时限")),
    ("terms", _("关键词解释")),
    ("differences", _("新旧政策差异")),
)


class Status(models.TextChoices):
    DRAFT = "draft", _("起草中")
    PREPARED = "prepared", _("已备妥")
    PUBLISHED = "published", _("已发布")


TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.PREPARED}),
    Status.PREPARED: frozenset({Status.DRAFT, Status.PUBLISHED}),
    Status.PUBLISHED: frozenset(),
}


class Interpretation(models.Model):
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    policy = models.ForeignKey("catalogue.Record", on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("所解读的政策文件"))
    # Set at publication: the interpretation's own catalogue record.
    record = models.OneToOneField("catalogue.Record", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+")
    title = models.CharField(_("标题"), max_length=200)
    form = models.CharField(_("解读形式"), max_length=12, choices=Form.choices,
                            default=Form.TEXT)
    department = models.ForeignKey("core.Department", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+",
                                   verbose_name=_("解读处室（谁起草谁解读）"))
    background = models.TextField(_("背景依据"), blank=True)
    purpose = models.TextField(_("目标任务"), blank=True)
    main_measures = models.TextField(_("主要内容和举措"), blank=True)
    scope = models.TextField(_("适用范围"), blank=True)
    standards = models.TextField(_("执行标准"), blank=True)
    time_limits = models.TextField(_("实施时限"), blank=True)
    terms = models.TextField(_("关键词解释"), blank=True)
    differences = models.TextField(_("新旧政策差异"), blank=True)
    media_url = models.URLField(_("音视频或图解地址"), blank=True)
    captions = models.TextField(_("字幕或文字稿"), blank=True)
    text_alternative = models.TextField(_("图解的文字说明"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT, db_index=True)
    # The policy's version number the interpretation was published against (later
    # corrections of the policy keep the link; the page says which version it explained).
    policy_version = models.PositiveIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("政策解读")
        verbose_name_plural = _("政策解读")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_non_text(self) -> bool:
        return self.form in NON_TEXT


class SyncRule(models.Model):
    """须同步解读: in this agency, a policy of this genre formed on or after ``applies_from``
    is published only with its interpretation prepared, or an exemption recorded."""

    agency = models.ForeignKey("core.Agency", on_delete=models.CASCADE, related_name="+")
    genre = models.ForeignKey("catalogue.Genre", on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("体裁"))
    applies_from = models.DateField(_("适用于此日及以后产生的文件"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("须同步解读的体裁")
        verbose_name_plural = _("须同步解读的体裁")
        constraints = [models.UniqueConstraint(fields=["agency", "genre"],
                                               name="interpretation_sync_rule_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id}:{self.genre_id}"


class WaiverKind(models.TextChoices):
    DEFERRED = "deferred", _("政策先行发布，解读在规定期限内发布")
    EXEMPT = "exempt", _("无需解读")


class Waiver(models.Model):
    """An explicit, recorded exception to 三同步 for one policy: who, why, when. A deferred
    interpretation gets its due date when the policy is published."""

    policy = models.OneToOneField("catalogue.Record", on_delete=models.CASCADE,
                                  related_name="+")
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=10, choices=WaiverKind.choices)
    reason = models.TextField(_("理由"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    policy_published_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(_("解读应发布日期"), null=True, blank=True, db_index=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("三同步例外")
        verbose_name_plural = _("三同步例外")

    def __str__(self) -> str:
        return f"{self.policy_id} {self.kind}"
