"""What the self-inspection keeps: the administrator's word list, the availability probe's
tries, the findings of the last page crawl, and one snapshot per agency and week (the trend
and the quarterly report read these; the live score is computed on demand)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SensitiveWord(models.Model):
    """A wrong or sensitive expression (严重表述错误: leader names, place names, outdated
    institution names) the platform administrator keeps; ``serious`` ones are a veto."""

    word = models.CharField(_("错误表述"), max_length=100, unique=True)
    correction = models.CharField(_("正确表述"), max_length=100, blank=True)
    serious = models.BooleanField(_("严重表述错误"), default=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("错误表述")
        verbose_name_plural = _("错误表述")
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word


class ProbeTry(models.Model):
    """One request of an agency's public page by the availability probe."""

    agency = models.ForeignKey("core.Agency", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(db_index=True)
    url = models.CharField(max_length=500)
    seconds = models.FloatField()
    status = models.PositiveSmallIntegerField(default=0)  # 0: no answer
    ok = models.BooleanField()

    class Meta:
        indexes = [models.Index(fields=["agency", "at"], name="probe_agency_at")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.at:%Y-%m-%d %H:%M} {'ok' if self.ok else 'failed'}"


class FindingKind(models.TextChoices):
    BROKEN_LINK = "broken_link", _("链接不可用")
    WORDING = "wording", _("表述错误")
    SERIOUS_WORDING = "serious_wording", _("严重表述错误")
    PERSONAL_DATA = "personal_data", _("泄露个人信息")
    PAGE_WEIGHT = "page_weight", _("页面体积超过预算")
    FOOTER = "footer", _("网站标识不全")
    ACCESSIBILITY = "accessibility", _("无障碍问题")


class CrawlFinding(models.Model):
    """A problem the last crawl of the agency's public pages found (replaced each crawl)."""

    agency = models.ForeignKey("core.Agency", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=FindingKind.choices)
    page_url = models.CharField(max_length=500)
    target = models.CharField(max_length=1000, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    found_at = models.DateTimeField()

    class Meta:
        ordering = ["kind", "page_url", "id"]
        indexes = [models.Index(fields=["agency", "kind"], name="crawl_agency_kind")]

    def __str__(self) -> str:
        return f"{self.kind} {self.page_url}"


class CrawlRun(models.Model):
    """The last crawl per agency: when, how many pages and links, and whether it stopped at
    the page limit."""

    agency = models.OneToOneField("core.Agency", on_delete=models.CASCADE, related_name="+")
    finished_at = models.DateTimeField()
    pages = models.PositiveIntegerField(default=0)
    links = models.PositiveIntegerField(default=0)
    truncated = models.BooleanField(default=False)
    seconds = models.FloatField(default=0)

    def __str__(self) -> str:
        return f"{self.agency_id} {self.finished_at:%Y-%m-%d %H:%M}"


class Snapshot(models.Model):
    """The inspection's result for one agency in one ISO week (Monday), kept for the trend
    and the quarterly report."""

    agency = models.ForeignKey("core.Agency", on_delete=models.CASCADE, related_name="+")
    week = models.DateField()
    score = models.IntegerField()
    vetoes = models.PositiveSmallIntegerField()
    result = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency_id", "week"]
        constraints = [models.UniqueConstraint(fields=["agency", "week"],
                                               name="inspection_snapshot_week")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.week} {self.score}"


class ReachCheck(models.Model):
    """The latest check of the configured public address over IPv6 and HTTPS (one row:
    the platform has one public address, every agency is served at it)."""

    url = models.CharField(max_length=500)
    checked_at = models.DateTimeField()
    #: ``[{"key": "ipv6"|"https", "title", "detail"}]``; empty: all reachable.
    findings = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"{self.url} {self.checked_at:%Y-%m-%d %H:%M} {len(self.findings)}"


class AxeRun(models.Model):
    """The last accessibility sample of an agency's pages in a real browser: when, how many
    pages, and why it did not run (no browser on this machine …)."""

    agency = models.OneToOneField("core.Agency", on_delete=models.CASCADE, related_name="+")
    finished_at = models.DateTimeField()
    pages = models.PositiveIntegerField(default=0)
    violations = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.agency_id} {self.finished_at:%Y-%m-%d %H:%M} {self.pages}"
