"""Deputies' suggestions and CPPCC proposals (建议提案) and their handling.

A ``Proposal`` is one suggestion of a people's congress deputy (人大代表建议) or one proposal
of a CPPCC member (政协委员提案) handed to the agency: registered, assigned to a lead
department (主办) with co-handling departments (会办), answered (``ProposalReply``, one per
round: the first answer and, when the proposer is dissatisfied, the redo), and closed. Each
reply carries its outcome code (A/B/C/D), the proposer's satisfaction and its publication
(a catalogue record made through the publication contract). The states and the moves
between them are in ``workflow``; the time limits in ``limits``. "Late" is always derived
from a stored due date, never stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Agency, CaseEventBase, Department


class ProposalKind(models.TextChoices):
    DEPUTY_SUGGESTION = "deputy_suggestion", _("人大代表建议")
    CPPCC_PROPOSAL = "cppcc_proposal", _("政协委员提案")


class ProposalStatus(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    ASSIGNED = "assigned", _("办理中")
    REPLIED = "replied", _("已答复")
    DISSATISFIED = "dissatisfied", _("代表委员不满意")
    REDO = "redo", _("重新办理中")
    CLOSED = "closed", _("已办结")


class Outcome(models.TextChoices):
    """Outcome codes in local use (../shared/reference, "Deputies' suggestions")."""

    A = "A", _("A 已解决或基本解决")
    B = "B", _("B 正在解决或列入计划解决")
    C = "C", _("C 因条件限制以后解决")
    D = "D", _("D 留作参考")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY_SATISFIED = "basically_satisfied", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class PublishMode(models.TextChoices):
    FULL = "full", _("全文公开")
    SUMMARY = "summary", _("摘要公开")


class Proposal(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="proposals",
                               verbose_name=_("承办机构"))
    kind = models.CharField(_("类别"), max_length=20, choices=ProposalKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    serial = models.PositiveIntegerField(_("登记序号"))
    number = models.CharField(_("建议提案编号"), max_length=40)
    session = models.CharField(_("会议届次"), max_length=100)
    proposers = models.CharField(_("代表委员"), max_length=300)
    subject = models.CharField(_("标题"), max_length=300)
    text = models.TextField(_("内容"), blank=True)
    lead_department = models.ForeignKey(Department, on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="+",
                                        verbose_name=_("主办处室"))
    co_departments = models.ManyToManyField(Department, blank=True, related_name="+",
                                            verbose_name=_("会办处室"))
    status = models.CharField(_("状态"), max_length=20, choices=ProposalStatus.choices,
                              default=ProposalStatus.REGISTERED)
    registered_on = models.DateField(_("登记日期"))
    assigned_on = models.DateField(_("交办日期"), null=True, blank=True)
    # The limit in force for the current round (handling, extended handling, or redo).
    due_on = models.DateField(_("办理期限"), null=True, blank=True)
    extension_months = models.PositiveSmallIntegerField(_("延长月数"), default=0)
    extension_reason = models.CharField(_("延期理由"), max_length=300, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "serial"]
        verbose_name = _("建议提案")
        verbose_name_plural = _("建议提案")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "serial"],
                                    name="proposal_serial_unique"),
            models.UniqueConstraint(fields=["agency", "kind", "session", "number"],
                                    name="proposal_number_unique"),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.session}第{self.number}号{self.get_kind_display()}"

    @property
    def reference(self) -> str:
        """The platform's key: year and serial (``2026-3``), used by the staff API."""
        return f"{self.year}-{self.serial}"


class ProposalReply(models.Model):
    """One answer to a proposal: round 1 is the answer, round 2 the redo."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="replies")
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    due_on = models.DateField(_("办理期限"))
    replied_on = models.DateField(_("答复日期"))
    outcome = models.CharField(_("办理结果"), max_length=1, choices=Outcome.choices)
    text = models.TextField(_("答复全文"))
    summary = models.TextField(_("答复摘要"), blank=True)
    publish_mode = models.CharField(_("公开方式"), max_length=10, choices=PublishMode.choices,
                                    default=PublishMode.FULL)
    summary_reason = models.CharField(_("摘要公开理由"), max_length=300, blank=True)
    satisfaction = models.CharField(_("代表委员意见"), max_length=20,
                                    choices=Satisfaction.choices, blank=True)
    feedback_on = models.DateField(_("反馈日期"), null=True, blank=True)
    publish_by = models.DateField(_("公开期限"))
    published_on = models.DateField(_("公开日期"), null=True, blank=True)
    # Exactly what went out through the catalogue's scan (contact details removed).
    published_text = models.TextField(_("公开文本"), blank=True)
    record = models.ForeignKey("catalogue.Record", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+")
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal_id", "round"]
        constraints = [models.UniqueConstraint(fields=["proposal", "round"],
                                               name="proposal_reply_round_unique")]

    def __str__(self) -> str:
        return f"{self.proposal} 第{self.round}次答复"

    @property
    def replied_late(self) -> bool:
        return self.replied_on > self.due_on

    @property
    def published_late(self) -> bool:
        return self.published_on is not None and self.published_on > self.publish_by


class ProposalEvent(CaseEventBase):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")

    class Meta(CaseEventBase.Meta):
        pass


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("办理期限将到")
    OVERDUE = "overdue", _("办理已超期")
    PUBLICATION_DUE = "publication_due", _("答复待公开")
    PUBLICATION_OVERDUE = "publication_overdue", _("答复公开已超期")


class ProposalReminder(models.Model):
    """One reminder sent; one per proposal, kind and day makes a second run send nothing."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=24, choices=ReminderKind.choices)
    sent_on = models.DateField()
    due_on = models.DateField()
    recipients = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-sent_on", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "kind", "sent_on"],
                                               name="proposal_reminder_once_a_day")]

    def __str__(self) -> str:
        return f"{self.proposal} {self.kind} {self.sent_on}"
