"""Messages from the public (政民互动): the mailbox (局长信箱 / 咨询 / 投诉 / 建议 / 求助) and
the hotline work orders (12345 市民热线, 12348 法律服务热线) share one case model, one
history and one staff inbox, so the figures and the "unanswered for three months" check
count every channel alike.

States and their transitions are in ``workflow``; time limits in ``limits``. "Overdue" is
never stored: it is ``due_on`` before today on an open message.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import CaseEventBase, PublicCase


class MessageType(models.TextChoices):
    CONSULT = "consult", _("咨询")
    COMPLAINT = "complaint", _("投诉")
    SUGGESTION = "suggestion", _("建议")
    HELP = "help", _("求助")


class Channel(models.TextChoices):
    MAILBOX = "mailbox", _("局长信箱")
    HOTLINE_12345 = "hotline_12345", _("12345市民服务热线")
    HOTLINE_12348 = "hotline_12348", _("12348法律服务热线")


HOTLINE_CHANNELS = (Channel.HOTLINE_12345, Channel.HOTLINE_12348)


class MessageStatus(models.TextChoices):
    RECEIVED = "received", _("已收到")
    ROUTED = "routed", _("办理中")
    WAITING = "waiting", _("待来信人补充")
    REVIEWING = "reviewing", _("答复审核中")
    ANSWERED = "answered", _("已答复")
    REOPENED = "reopened", _("重新办理")
    CLOSED = "closed", _("已办结")
    DISMISSED = "dismissed", _("不予受理")


# The inbox's partial indexes and its queries share these conditions (selectors): a partial
# index serves a query only when the query repeats its condition. SQLite matches a bound
# parameter against the index's literal in ``status = ?`` but never inside an ``IN (…)``
# list, so a set of states is written as ORed equalities, in one fixed (sorted) order.
OPEN_STATUSES = tuple(sorted(s.value for s in (
    MessageStatus.RECEIVED, MessageStatus.ROUTED, MessageStatus.WAITING,
    MessageStatus.REVIEWING, MessageStatus.REOPENED)))
DONE_STATUSES = tuple(sorted(s.value for s in (MessageStatus.ANSWERED, MessageStatus.CLOSED)))


def status_among(statuses: tuple[str, ...]) -> models.Q:
    """``status`` is one of ``statuses``, in the form a partial index can match."""
    condition = models.Q()
    for status in statuses:
        condition |= models.Q(status=status)
    return condition


IS_OPEN = status_among(OPEN_STATUSES)
IS_DONE = status_among(DONE_STATUSES)


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    MOSTLY = "mostly", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class Publication(models.TextChoices):
    NONE = "none", _("不公开")
    PENDING = "pending", _("待来信人确认")
    APPROVED = "approved", _("已公开")
    DECLINED = "declined", _("来信人不同意公开")


def attachment_path(instance: Message, filename: str) -> str:
    # The stored name is ours, never the uploader's (the original is kept in a field).
    return f"interaction/{instance.agency_id}/{instance.case_number}.{filename.rsplit('.', 1)[-1]}"


class Message(PublicCase):
    """One message, whatever channel brought it (glossary: message; a hotline one is a
    hotline_order)."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("机构"))
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices,
                               default=Channel.MAILBOX)
    case_number = models.CharField(_("信件编号"), max_length=30)
    type = models.CharField(_("类型"), max_length=20, choices=MessageType.choices)
    subject = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("内容"))
    attachment = models.FileField(_("附件"), upload_to=attachment_path, blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    # Contact: staff see it; no public page ever does.
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    reply_by_email = models.BooleanField(_("答复时发送电子邮件"), default=False)
    publish_consent = models.BooleanField(_("同意公开"), default=False)

    status = models.CharField(_("状态"), max_length=20, choices=MessageStatus.choices,
                              default=MessageStatus.RECEIVED)
    complex = models.BooleanField(_("复杂事项"), default=False)
    department = models.ForeignKey("core.Department", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("承办处室"))
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+", verbose_name=_("经办人"))
    received_at = models.DateTimeField(_("收到时间"))
    clock_start_on = models.DateField(_("起算日"))
    limit_days = models.PositiveSmallIntegerField(_("答复时限(工作日)"))
    due_on = models.DateField(_("答复期限"))
    due_on_provisional = models.BooleanField(default=False)
    routed_at = models.DateTimeField(null=True, blank=True)

    draft_reply = models.TextField(_("答复草稿"), blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    reply = models.TextField(_("答复内容"), blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_in_time = models.BooleanField(null=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    dismiss_reason = models.TextField(blank=True)
    waiting_question = models.TextField(blank=True)
    waiting_since = models.DateField(null=True, blank=True)

    rating = models.CharField(_("评价"), max_length=20, choices=Rating.choices, blank=True)
    rating_comment = models.TextField(blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(default=0)
    reopen_reason = models.TextField(blank=True)

    publication = models.CharField(_("公开"), max_length=20, choices=Publication.choices,
                                   default=Publication.NONE)
    published_subject = models.CharField(max_length=200, blank=True)
    published_text = models.TextField(blank=True)
    published_reply = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    # Hotline work orders (Open311-like shape, ``hotline``): the hotline's own order number.
    external_id = models.CharField(_("工单编号"), max_length=64, blank=True, default="")
    service_name = models.CharField(_("诉求类别"), max_length=100, blank=True)
    address = models.CharField(_("地点"), max_length=300, blank=True)
    reply_exported_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("来信")
        verbose_name_plural = _("来信")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "status", "due_on", "id"], name="msg_agency_status_due"),
            # The inbox (selectors): open queues in due order, their counts (covering), mine,
            # and the answered pile newest first.
            models.Index(fields=["agency", "due_on", "id", "status", "assignee"],
                         condition=IS_OPEN, name="msg_open_agency_due"),
            models.Index(fields=["assignee", "agency", "due_on", "id"],
                         condition=IS_OPEN, name="msg_open_assignee_due"),
            models.Index(fields=["agency", "answered_at", "id"],
                         condition=IS_DONE,
                         name="msg_done_agency_answered"),
            models.Index(fields=["agency", "assignee", "status"], name="msg_agency_assignee"),
            models.Index(fields=["agency", "publication", "published_at"], name="msg_published"),
            models.Index(fields=["status", "due_on"], name="msg_status_due"),
            models.Index(fields=["channel", "answered_at"], name="msg_channel_answered"),
            models.Index(fields=["agency", "answered_at"], name="msg_agency_answered"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["agency", "case_number"], name="msg_case_number_unique"),
            models.UniqueConstraint(fields=["agency", "idempotency_key"],
                                    condition=~models.Q(idempotency_key=""),
                                    name="msg_idempotency_unique"),
            models.UniqueConstraint(fields=["channel", "external_id"],
                                    condition=~models.Q(external_id=""),
                                    name="msg_hotline_order_unique"),
        ]

    def __str__(self) -> str:
        return self.case_number

    @property
    def is_hotline(self) -> bool:
        return self.channel in HOTLINE_CHANNELS

    @property
    def is_open(self) -> bool:
        from gongkai.interaction.workflow import OPEN_STATES

        return self.status in OPEN_STATES


class MessageEvent(CaseEventBase):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="events")

    class Meta(CaseEventBase.Meta):
        verbose_name = _("来信办理记录")


class AgencyLimits(models.Model):
    """An agency's own answer limits and its reply review switch. A blank figure takes
    the platform default (``limits``)."""

    agency = models.OneToOneField("core.Agency", on_delete=models.CASCADE, related_name="+")
    consult_days = models.PositiveSmallIntegerField(_("咨询答复时限"), null=True, blank=True)
    complaint_days = models.PositiveSmallIntegerField(_("投诉答复时限"), null=True, blank=True)
    suggestion_days = models.PositiveSmallIntegerField(_("建议答复时限"), null=True, blank=True)
    help_days = models.PositiveSmallIntegerField(_("求助答复时限"), null=True, blank=True)
    complex_days = models.PositiveSmallIntegerField(_("复杂事项答复时限"), null=True, blank=True)
    hotline_days = models.PositiveSmallIntegerField(_("热线工单办理时限"), null=True, blank=True)
    reply_review = models.BooleanField(_("答复须经审核"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"limits of agency {self.agency_id}"


class ReplyTemplate(models.Model):
    agency = models.ForeignKey("core.Agency", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("模板名称"), max_length=100)
    body = models.TextField(_("模板内容"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]
        constraints = [models.UniqueConstraint(fields=["agency", "title"],
                                               name="reply_template_unique")]

    def __str__(self) -> str:
        return self.title


class Reminder(models.Model):
    """One reminder or escalation sent for a message on a day (a second run sends none)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20)  # due_soon | overdue
    sent_on = models.DateField()
    recipients = models.JSONField(default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "kind", "sent_on"],
                                               name="interaction_reminder_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.sent_on}"
