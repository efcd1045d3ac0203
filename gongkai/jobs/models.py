"""The log of background jobs: one row per job and idempotency key."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    ENQUEUED = "enqueued", _("排队中")
    RUNNING = "running", _("运行中")
    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("失败")


class JobRun(models.Model):
    """A job run for one key (e.g. a date): enqueuing the same key twice does nothing.

    ``attempts`` counts executions; a failed run is retried by the scheduler until
    ``GONGKAI_JOB_MAX_ATTEMPTS`` and stays visible on the staff jobs page.
    """

    name = models.CharField(_("任务"), max_length=120)
    key = models.CharField(_("批次"), max_length=120)
    status = models.CharField(_("状态"), max_length=12, choices=JobStatus.choices,
                              default=JobStatus.ENQUEUED)
    attempts = models.PositiveSmallIntegerField(_("执行次数"), default=0)
    kwargs = models.JSONField(default=dict, blank=True)
    # The worker takes higher first (gongkai.jobs.registry: PRIORITY_WAITING … PRIORITY_BULK);
    # kept so a retry or a recovered run goes back to the same place in the queue.
    priority = models.SmallIntegerField(_("优先级"), default=0)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    # "host:pid:start" of the worker process running it (gongkai.jobs.recovery).
    worker = models.CharField(_("执行进程"), max_length=200, blank=True)
    enqueued_at = models.DateTimeField(_("入队时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    next_retry_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("后台任务记录")
        verbose_name_plural = _("后台任务记录")
        ordering = ["-enqueued_at"]
        constraints = [models.UniqueConstraint(fields=["name", "key"], name="jobrun_unique_key")]

    def __str__(self) -> str:
        return f"{self.name} [{self.key}] {self.status}"
