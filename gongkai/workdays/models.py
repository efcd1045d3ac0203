"""The administrator-editable part of the working-day calendar.

The State Council announces each year's holiday schedule late in the year before;
``chinese-calendar`` may not know it yet. Rows here override or extend that package.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """One day whose status an administrator has set: a holiday or a (make-up) working day."""

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("是否工作日"))
    name = models.CharField(_("名称"), max_length=60, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("日历调整")
        verbose_name_plural = _("日历调整")
        ordering = ["date"]

    def __str__(self) -> str:
        kind = _("工作日") if self.is_working_day else _("休息日")
        return f"{self.date} {kind} {self.name}"


class CalendarYear(models.Model):
    """A year whose schedule an administrator has entered in full.

    Deadlines falling into a year that is neither here nor known to ``chinese-calendar``
    are provisional (computed from weekends only) and shown as such.
    """

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(_("依据"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("已发布的年度安排")
        verbose_name_plural = _("已发布的年度安排")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)
