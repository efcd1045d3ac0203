"""The annual report (Regulations Art. 49–50) and the figures staff enter for it.

Tables 三 and 四 are computed from the applications each time they are shown; only what the
platform cannot know is stored: figures staff enter with their source (``StaffFigure``), the
officer's texts, and, once published, the frozen snapshot and the files the public
downloads, so a published report never changes when a case is later corrected.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class ReportFormatChoice(models.IntegerChoices):
    F2021 = 2021, _("2021年版(国办公开办函〔2021〕30号)")
    F2019 = 2019, _("2019年版(国办公开办函〔2019〕60号)")


class StaffFigure(models.Model):
    """A figure the platform does not hold (or an officer's correction of one it computes),
    always with its source, so the report can say where every number came from."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("机构"))
    year = models.PositiveSmallIntegerField(_("年度"))
    cell = models.CharField(_("单元格"), max_length=80)
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=2)
    source = models.CharField(_("数据来源"), max_length=300)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("人工填报数据")
        verbose_name_plural = _("人工填报数据")
        ordering = ["agency_id", "year", "cell"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "cell"],
                                               name="staff_figure_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year} {self.cell}={self.value}"


class AnnualReport(models.Model):
    """One agency's report for one year: a draft the officer edits, then published once."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT,
                               related_name="annual_reports", verbose_name=_("机构"))
    year = models.PositiveSmallIntegerField(_("年度"))
    format = models.PositiveSmallIntegerField(_("格式"), choices=ReportFormatChoice.choices,
                                              default=ReportFormatChoice.F2021)
    status = models.CharField(_("状态"), max_length=10, choices=ReportStatus.choices,
                              default=ReportStatus.DRAFT)
    overview = models.TextField(_("一、总体情况"), blank=True)
    problems = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    other_matters = models.TextField(_("六、其他需要报告的事项"), blank=True)
    record = models.ForeignKey("catalogue.Record", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+", verbose_name=_("目录中的信息"))
    snapshot = models.JSONField(default=dict, blank=True)
    html = models.TextField(blank=True)
    pdf = models.FileField(upload_to="annual-reports/", blank=True)
    docx = models.FileField(upload_to="annual-reports/", blank=True)
    xlsx = models.FileField(upload_to="annual-reports/", blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("政府信息公开工作年度报告")
        verbose_name_plural = _("政府信息公开工作年度报告")
        ordering = ["agency_id", "-year"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"],
                                               name="annual_report_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}"

    @property
    def title(self) -> str:
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告"

    def texts(self) -> dict[str, str]:
        return {"一": self.overview, "五": self.problems, "六": self.other_matters}


class ReportReminder(models.Model):
    """A January reminder sent (a log, so that a day is never sent twice)."""

    agency = models.ForeignKey("core.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    sent_on = models.DateField()
    recipients = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year", "sent_on"],
                                               name="report_reminder_once_a_day")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year} {self.sent_on}"
