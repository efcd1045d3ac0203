"""The agency's yearly work plan (年度工作要点) and its progress.

A ``WorkPlan`` holds numbered ``WorkPoint``s (the 2020 plan has 21); each point is broken
into ``WorkTask``s with a lead department, a deadline and measures. Departments file
``ProgressReport``s on their tasks (staff only); the office publishes a ``PointProgress``
per point, and the public page shows each point's latest published progress — never a
department's report. Work point 5 of the 2020 plan: publish yearly progress, problems and
next steps (将年度工作进度、存在问题、后续举措等信息向社会公开).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Agency, Department


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未启动")
    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已完成")
    DELAYED = "delayed", _("滞后")


class WorkPlan(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="work_plans",
                               verbose_name=_("机构"))
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200)
    document_number = models.CharField(_("文件编号"), max_length=60, blank=True)
    introduction = models.TextField(_("总体要求"), blank=True)
    published_on = models.DateField(_("公开日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency_id", "-year"]
        verbose_name = _("工作要点")
        verbose_name_plural = _("工作要点")
        constraints = [models.UniqueConstraint(fields=["agency", "year"],
                                               name="work_plan_one_per_year")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.published_on is not None


class WorkPoint(models.Model):
    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="points")
    number = models.PositiveSmallIntegerField(_("序号"))
    chapter = models.CharField(_("所属部分"), max_length=100, blank=True)
    title = models.CharField(_("要点"), max_length=200)
    text = models.TextField(_("内容"), blank=True)

    class Meta:
        ordering = ["plan_id", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"],
                                               name="work_point_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}.{self.title}"


class WorkTask(models.Model):
    point = models.ForeignKey(WorkPoint, on_delete=models.CASCADE, related_name="tasks")
    lead_department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("牵头处室"))
    deadline = models.DateField(_("完成时限"))
    measures = models.TextField(_("工作措施"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["point_id", "deadline", "pk"]
        indexes = [models.Index(fields=["lead_department", "deadline"])]

    def __str__(self) -> str:
        return f"{self.point}:{self.measures[:30]}"


class ProgressReport(models.Model):
    """A department's report on one task: staff only, the office's material."""

    task = models.ForeignKey(WorkTask, on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField(_("报送日期"))
    status = models.CharField(_("进展状态"), max_length=20, choices=ProgressStatus.choices)
    percent = models.PositiveSmallIntegerField(_("完成比例（%）"), default=0,
                                               validators=[MaxValueValidator(100)])
    progress = models.TextField(_("工作进展"), blank=True)
    problems = models.TextField(_("存在问题"), blank=True)
    next_steps = models.TextField(_("下一步举措"), blank=True)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+")
    reporter_name = models.CharField(_("报送人"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["task_id", "-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.task} {self.reported_on} {self.percent}%"


class PointProgress(models.Model):
    """The progress of a point as the office publishes it (append-only; the latest shows)."""

    point = models.ForeignKey(WorkPoint, on_delete=models.CASCADE, related_name="published")
    published_on = models.DateField(_("公开日期"))
    status = models.CharField(_("进展状态"), max_length=20, choices=ProgressStatus.choices)
    percent = models.PositiveSmallIntegerField(_("完成比例（%）"), default=0,
                                               validators=[MaxValueValidator(100)])
    progress = models.TextField(_("工作进展"))
    problems = models.TextField(_("存在问题"), blank=True)
    next_steps = models.TextField(_("下一步举措"), blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["point_id", "-published_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.point} {self.published_on} {self.percent}%"


class TaskReminder(models.Model):
    """One reminder sent about a task; one per task, kind and day."""

    task = models.ForeignKey(WorkTask, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=12)  # due_soon / overdue
    sent_on = models.DateField()
    recipients = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-sent_on", "id"]
        constraints = [models.UniqueConstraint(fields=["task", "kind", "sent_on"],
                                               name="work_task_reminder_once_a_day")]

    def __str__(self) -> str:
        return f"{self.task} {self.kind} {self.sent_on}"
