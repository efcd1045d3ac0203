"""The standard disclosure catalogue (公开标准目录, 国办发〔2019〕54号 columns) and each
item's hyperlinks to what fulfils it (the work plan's "以超链接方式归集展示")."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

CHANNELS = (
    "政府网站", "政务新媒体", "广播电视", "纸质媒体", "公开查阅点", "政务服务中心", "便民服务站",
    "入户/现场", "社区/村公示栏（电子屏）", "精准推送", "法律服务网", "其他",
)
LEVELS = ("市级", "区级", "县级", "乡级", "村级")


class Audience(models.TextChoices):
    PUBLIC = "public", _("全社会")
    SPECIFIC = "specific", _("特定群体")


class Manner(models.TextChoices):
    PROACTIVE = "proactive", _("主动")
    ON_REQUEST = "on_request", _("依申请")


class StandardItem(models.Model):
    """One row of the standard catalogue."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT,
                               related_name="standard_items", verbose_name=_("机构"))
    serial = models.PositiveIntegerField(_("序号"))
    level1 = models.CharField(_("一级事项"), max_length=100)
    level2 = models.CharField(_("二级事项"), max_length=200, blank=True)
    content = models.TextField(_("公开内容（要素）"))
    basis = models.TextField(_("公开依据"), blank=True)
    time_limit = models.CharField(_("公开时限"), max_length=200, blank=True)
    limit_days = models.PositiveSmallIntegerField(
        _("时限（工作日）"), null=True, blank=True,
        help_text=_("留空按默认时限（信息形成或变更之日起20个工作日）计算。"))
    subject = models.CharField(_("公开主体"), max_length=200)
    channels = models.JSONField(_("公开渠道和载体"), default=list, blank=True)
    audience = models.CharField(_("公开对象"), max_length=12, choices=Audience.choices,
                                default=Audience.PUBLIC)
    manner = models.CharField(_("公开方式"), max_length=12, choices=Manner.choices,
                              default=Manner.PROACTIVE)
    levels = models.JSONField(_("公开层级"), default=list, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("公开标准目录事项")
        verbose_name_plural = _("公开标准目录")
        ordering = ["agency_id", "serial", "id"]
        constraints = [models.UniqueConstraint(fields=["agency", "serial"],
                                               name="standards_unique_serial")]

    def __str__(self) -> str:
        return f"{self.serial}. {self.level1} / {self.level2}"

    @property
    def channels_text(self) -> str:
        return "、".join(self.channels or [])

    @property
    def levels_text(self) -> str:
        return "、".join(self.levels or [])


class StandardLink(models.Model):
    """A hyperlink from an item to what fulfils it. ``kind`` names a provider in the
    registry (``links.py``); ``target`` is that provider's own parameter (a query, an id,
    a kind, a path)."""

    item = models.ForeignKey(StandardItem, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("关联类型"), max_length=40)
    target = models.CharField(_("关联目标"), max_length=500)
    label = models.CharField(_("链接文字"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "kind", "target"],
                                               name="standards_unique_link")]

    def __str__(self) -> str:
        return f"{self.item_id} → {self.kind}:{self.target}"
