"""Subscriptions (精准推送): who wants to hear of what, what happened, and what was sent.

Matching is a query, not a loop (ADR 0025): a subscription's criteria are rows
(``Criterion``: kind and value, indexed together); a published record is turned into the
keys it answers to (topic, genre, keywords and the pieces of its title) within its agency
(each row carries its subscription's agency as ``scope``, 0 for all), and the subscriptions
whose every kind of criterion is met are those whose matched kinds number ``kinds_count``.
A ``Delivery`` (subscription, event) is unique: an event reaches a subscription once,
whatever the frequency.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("即时")
    DAILY = "daily", _("每日摘要")
    WEEKLY = "weekly", _("每周摘要")


class Via(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    INBOX = "inbox", _("站内消息")
    WEBHOOK = "webhook", _("网络推送（Webhook）")


class Status(models.TextChoices):
    PENDING = "pending", _("待确认")
    ACTIVE = "active", _("有效")
    PAUSED = "paused", _("已暂停")
    UNSUBSCRIBED = "unsubscribed", _("已退订")


class CriterionKind(models.TextChoices):
    ALL = "all", _("全部信息")
    AGENCY = "agency", _("发布机构")
    TOPIC = "topic", _("主题分类")
    GENRE = "genre", _("体裁分类")
    KEYWORD = "keyword", _("关键词")
    AUDIENCE = "audience", _("服务对象")
    SERVICE = "service", _("服务事项")
    CONSULTATION = "consultation", _("征求意见")
    CASE = "case", _("办件")


class Audience(models.Model):
    """A group targeted pushes go to: enterprises of a sector, legal-service providers,
    the elderly … (惠企利民政策精准推送)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)

    class Meta:
        verbose_name = _("服务对象")
        verbose_name_plural = _("服务对象")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Subscription(models.Model):
    email = models.EmailField(_("电子邮箱"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True,
                             blank=True, related_name="subscriptions")
    agency = models.ForeignKey("core.Agency", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="+", verbose_name=_("发布机构"))
    frequency = models.CharField(_("频率"), max_length=10, choices=Frequency.choices,
                                 default=Frequency.DAILY)
    via = models.CharField(_("接收方式"), max_length=10, choices=Via.choices,
                           default=Via.EMAIL)
    webhook_url = models.URLField(_("接收地址"), max_length=500, blank=True)
    webhook_secret = models.CharField(max_length=64, blank=True)
    status = models.CharField(_("状态"), max_length=14, choices=Status.choices,
                              default=Status.PENDING)
    summary = models.CharField(_("订阅内容"), max_length=300)
    kinds_count = models.PositiveSmallIntegerField(default=1)
    failures = models.PositiveSmallIntegerField(_("连续失败次数"), default=0)
    created_at = models.DateTimeField(_("订阅时间"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("退订时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("订阅")
        verbose_name_plural = _("订阅")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "frequency"], name="subscription_due"),
                   models.Index(fields=["user"], name="subscription_user")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.summary}"


class Criterion(models.Model):
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE,
                                     related_name="criteria")
    kind = models.CharField(max_length=14, choices=CriterionKind.choices)
    value = models.CharField(max_length=100)
    # The subscription's agency (0: every agency), copied onto each row so that the index
    # finds "topic 5 of agency 7" without visiting every subscriber of agency 7.
    scope = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscription", "kind", "value"],
                                               name="criterion_once")]
        indexes = [models.Index(fields=["kind", "value", "scope", "subscription"],
                                name="criterion_match")]

    def __str__(self) -> str:
        return f"{self.kind}={self.value}"


class Event(models.Model):
    """Something subscribers may hear of: a published version of a record, a push."""

    source = models.CharField(max_length=30)
    ref = models.CharField(max_length=80)
    # What the event is about (``record:12``): a digest lists each subject once.
    subject_key = models.CharField(max_length=80)
    agency = models.ForeignKey("core.Agency", on_delete=models.CASCADE, null=True,
                               related_name="+")
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=500)
    occurred_at = models.DateTimeField()
    matched = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "ref"], name="event_once")]

    def __str__(self) -> str:
        return f"{self.source}:{self.ref}"


class Delivery(models.Model):
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE,
                                     related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    batch = models.CharField(max_length=60, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscription", "event"],
                                               name="delivery_once")]
        indexes = [models.Index(fields=["subscription"], condition=models.Q(sent_at=None),
                                name="delivery_unsent")]

    def __str__(self) -> str:
        return f"{self.subscription_id}←{self.event_id}"


class WebhookStatus(models.TextChoices):
    PENDING = "pending", _("待推送")
    DELIVERED = "delivered", _("已送达")


class WebhookAttempt(models.Model):
    """One payload for one webhook subscription, retried until delivered (the log)."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE,
                                     related_name="webhook_attempts")
    batch = models.CharField(max_length=60)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=WebhookStatus.choices,
                              default=WebhookStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscription", "batch"],
                                               name="webhook_once")]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_due")]

    def __str__(self) -> str:
        return f"{self.subscription_id}:{self.batch} {self.status}"


class AudiencePush(models.Model):
    """Staff push a record or a service guide to the subscribers of an audience."""

    agency = models.ForeignKey("core.Agency", on_delete=models.CASCADE, related_name="+")
    audience = models.ForeignKey(Audience, on_delete=models.PROTECT, related_name="pushes",
                                 verbose_name=_("服务对象"))
    title = models.CharField(_("标题"), max_length=200)
    message = models.TextField(_("推送说明"), blank=True)
    url = models.CharField(_("链接"), max_length=500)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent = models.PositiveIntegerField(_("已推送"), default=0)

    class Meta:
        verbose_name = _("定向推送")
        verbose_name_plural = _("定向推送")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class PushReceipt(models.Model):
    """Who a push reached; clicked (through the site's link, no pixel) and unsubscribed."""

    push = models.ForeignKey(AudiencePush, on_delete=models.CASCADE, related_name="receipts")
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="+")
    clicked_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["push", "subscription"],
                                               name="receipt_once")]

    def __str__(self) -> str:
        return f"{self.push_id}→{self.subscription_id}"
