"""The transparency log: entries, the complete subtrees above them, and signed tree heads.

All three tables are append-only (model guards plus database triggers, as for the audit
trail); ``LogState`` is the single mutable row that serialises appends.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove a row of the transparency log."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[override]
        raise AppendOnlyError("the transparency log is append-only")

    def delete(self):  # type: ignore[override]
        raise AppendOnlyError("the transparency log is append-only")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("the transparency log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("the transparency log is append-only")


class EntryKind(models.TextChoices):
    PUBLISH = "publish", _("发布")
    WITHDRAW = "withdraw", _("撤回")


class LogEntry(AppendOnlyModel):
    """One leaf. ``leaf`` is the exact canonical JSON that was hashed; the other columns
    repeat parts of it for lookups and are checked against it by ``gongkai audit verify``."""

    index = models.PositiveBigIntegerField(_("序号"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=EntryKind.choices)
    agency = models.ForeignKey("core.Agency", on_delete=models.DO_NOTHING, db_constraint=False,
                               null=True, related_name="+")
    record_id = models.PositiveBigIntegerField(null=True, db_index=True)
    version_number = models.PositiveIntegerField(null=True)
    leaf = models.TextField()
    leaf_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("透明日志条目")
        verbose_name_plural = _("透明日志条目")
        ordering = ["index"]
        indexes = [models.Index(fields=["record_id", "version_number"])]

    def __str__(self) -> str:
        return f"#{self.index} {self.kind} {self.record_id} v{self.version_number}"


class TreeNode(AppendOnlyModel):
    """A complete subtree hash: ``key = level << 56 | index`` (one indexed integer)."""

    key = models.BigIntegerField(unique=True)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.key >> 56}/{self.key & ((1 << 56) - 1)}"


class TreeHead(AppendOnlyModel):
    """A signed tree head (STH), one per tree size."""

    tree_size = models.PositiveBigIntegerField(_("条目数"), unique=True)
    root_hash = models.CharField(_("根哈希"), max_length=64)
    timestamp = models.PositiveBigIntegerField(_("时间戳(毫秒)"))
    signature = models.CharField(_("签名"), max_length=128)

    class Meta:
        verbose_name = _("签名树头")
        verbose_name_plural = _("签名树头")
        ordering = ["-tree_size"]

    def __str__(self) -> str:
        return f"STH {self.tree_size} {self.root_hash[:12]}"


class LogState(models.Model):
    """The current size and root (row id=1); locked while appending."""

    size = models.PositiveBigIntegerField(default=0)
    root_hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.size} {self.root_hash[:12]}"
