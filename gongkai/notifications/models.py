"""The one notification log: every message any app sends a person, by channel.

A row is both the delivery log (who, what, which channel, status, when) and, for the
inbox channel, the inbox item. ``(kind, event_key, recipient, channel)`` is unique, so the
same event told twice to the same person is one row (and one message).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    INBOX = "inbox", _("站内消息")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class Notification(models.Model):
    kind = models.CharField(_("类别"), max_length=60)
    event_key = models.CharField(_("事件"), max_length=160)
    # "u:<user id>" for an account holder, "e:<address>" for an address only.
    recipient = models.CharField(_("收件人"), max_length=280)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True,
                             blank=True, related_name="notifications")
    email = models.EmailField(_("电子邮箱"), blank=True)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    subject = models.CharField(_("主题"), max_length=200)
    body = models.TextField(_("正文"))
    url = models.CharField(_("链接"), max_length=500, blank=True)
    # The one-click unsubscribe address (RFC 8058) of a subscription message.
    unsubscribe_url = models.CharField(max_length=500, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("发送次数"), default=0)
    error = models.CharField(_("错误"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(
            fields=["kind", "event_key", "recipient", "channel"], name="notification_once")]
        indexes = [models.Index(fields=["user", "channel", "read_at"],
                                name="notification_inbox")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient} ({self.channel})"


class Preference(models.Model):
    """How an account holder wants to be told. Without a row: both channels."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preference")
    email = models.BooleanField(_("通过电子邮件通知"), default=True)
    inbox = models.BooleanField(_("通过站内消息通知"), default=True)

    class Meta:
        verbose_name = _("通知偏好")
        verbose_name_plural = _("通知偏好")

    def __str__(self) -> str:
        return f"{self.user_id}: email={self.email} inbox={self.inbox}"
