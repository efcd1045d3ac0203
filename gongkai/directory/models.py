"""The legal-services directory (法律服务名录): law firms, lawyers, notary offices and
notaries, appraisal institutions and appraisers, mediation committees, legal-aid centres
and grassroots legal-service offices; their licence facts; the history of every change;
and the configuration of the connectors to other systems (智慧公证, 智慧司鉴).

Entities belong to the agency that maintains them (the justice bureau that licenses or
registers them): least privilege by agency, like every other object of the platform.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EntityKind(models.TextChoices):
    LAW_FIRM = "law_firm", _("律师事务所")
    LAWYER = "lawyer", _("律师")
    NOTARY_OFFICE = "notary_office", _("公证机构")
    NOTARY = "notary", _("公证员")
    APPRAISAL_INSTITUTION = "appraisal_institution", _("司法鉴定机构")
    APPRAISER = "appraiser", _("司法鉴定人")
    MEDIATION_COMMITTEE = "mediation_committee", _("人民调解委员会")
    LEGAL_AID_CENTRE = "legal_aid_centre", _("法律援助中心")
    GRASSROOTS_OFFICE = "grassroots_office", _("基层法律服务所")
    GRASSROOTS_WORKER = "grassroots_worker", _("基层法律服务工作者")


class LicenceStatus(models.TextChoices):
    VALID = "valid", _("正常执业")
    SUSPENDED = "suspended", _("停止执业")
    REVOKED = "revoked", _("吊销")
    CANCELLED = "cancelled", _("注销")
    NOT_APPLICABLE = "not_applicable", _("不适用")


class AssessmentResult(models.TextChoices):
    """Lawyers: 称职/基本称职/不称职 (bar association); firms: 合格/不合格 (yearly inspection)."""

    NONE = "", _("未考核")
    COMPETENT = "competent", _("称职")
    BASICALLY_COMPETENT = "basically_competent", _("基本称职")
    INCOMPETENT = "incompetent", _("不称职")
    PASSED = "passed", _("合格")
    FAILED = "failed", _("不合格")


class Entity(models.Model):
    """One body or person of the directory. Public fields only: nothing here is personal
    data beyond what the licensing rules make public (name, licence, workplace)."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT,
                               related_name="directory_entities", verbose_name=_("维护机构"))
    kind = models.CharField(_("类别"), max_length=30, choices=EntityKind.choices, db_index=True)
    name = models.CharField(_("名称或姓名"), max_length=200)
    district = models.CharField(_("所在区"), max_length=40, blank=True, db_index=True)
    address = models.CharField(_("地址"), max_length=300, blank=True)
    services = models.TextField(_("服务范围"), blank=True)
    licence_number = models.CharField(_("执业（许可）证号"), max_length=40, blank=True)
    licence_status = models.CharField(_("执业状态"), max_length=20,
                                      choices=LicenceStatus.choices, default=LicenceStatus.VALID)
    licence_issued_on = models.DateField(_("发证日期"), null=True, blank=True)
    licence_valid_until = models.DateField(_("有效期至"), null=True, blank=True, db_index=True)
    last_assessment_on = models.DateField(_("最近年度考核日期"), null=True, blank=True)
    assessment_result = models.CharField(_("年度考核结果"), max_length=24, blank=True,
                                         choices=AssessmentResult.choices, default="")
    next_assessment_on = models.DateField(_("下次年度考核日期"), null=True, blank=True,
                                          db_index=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    phone = models.CharField(_("联系电话"), max_length=60, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    website = models.URLField(_("网址"), blank=True)
    opening_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="members", verbose_name=_("执业机构"))
    is_listed = models.BooleanField(_("对外公布"), default=True)
    # Licence-expiry reminders (证照到期提醒) reach the holder by e-mail only with their
    # consent: the address is the holder's own, never shown on a public page or in the
    # public API, and the consent's date is kept (gongkai/directory/reminders.py).
    reminder_email = models.EmailField(_("到期提醒邮箱（不公开）"), blank=True)
    reminder_consent_at = models.DateTimeField(_("同意接收到期提醒时间"), null=True, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("法律服务机构或人员")
        verbose_name_plural = _("法律服务名录")
        ordering = ["kind", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind", "licence_number"],
                                    condition=~models.Q(licence_number=""),
                                    name="directory_unique_licence"),
            models.UniqueConstraint(fields=["agency", "credit_code"],
                                    condition=~models.Q(credit_code=""),
                                    name="directory_unique_credit_code"),
        ]
        # The list orders an agency's entries by (kind, name, id): the index walks them in
        # that order and stops at the page (is_listed, nearly always true, is checked on
        # the way: SQLite compares a boolean bare, so it could not be an index column).
        # Exact look-ups by licence number or credit code within an agency get their own
        # two-column indexes, which the planner prefers (bench/directory_bench.py).
        indexes = [
            models.Index(fields=["agency", "kind", "name", "id"], name="directory_list_idx"),
            models.Index(fields=["agency", "licence_number"], name="directory_licence_idx"),
            models.Index(fields=["agency", "credit_code"], name="directory_credit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.name}"


class EntityChange(models.Model):
    """One change to an entity, kept for ever: what changed (field → [old, new]), by whom,
    through which door (form, import, API) and in which batch (one import is one batch)."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="changes")
    verb = models.CharField(max_length=30)  # created, updated, imported
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+")
    batch = models.CharField(max_length=40, blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.entity_id} {self.verb} {self.created_at:%Y-%m-%d}"


class ConnectorSystem(models.TextChoices):
    NOTARY = "notary", _("智慧公证")
    APPRAISAL = "appraisal", _("智慧司鉴")


class ConnectorConfig(models.Model):
    """How this agency reaches another system's status look-up. Configured on a staff page
    by the agency administrator; nothing about the people who look things up is kept."""

    agency = models.ForeignKey("core.Agency", on_delete=models.CASCADE,
                               related_name="directory_connectors", verbose_name=_("机构"))
    system = models.CharField(_("系统"), max_length=20, choices=ConnectorSystem.choices)
    base_url = models.URLField(_("接口地址"), blank=True)
    timeout_seconds = models.DecimalField(_("超时（秒）"), max_digits=4, decimal_places=1,
                                          default=5)
    retries = models.PositiveSmallIntegerField(_("重试次数"), default=1)
    enabled = models.BooleanField(_("启用"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("外部系统接口")
        verbose_name_plural = _("外部系统接口")
        constraints = [models.UniqueConstraint(fields=["agency", "system"],
                                               name="directory_connector_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id} · {self.get_system_display()}"


class ReminderKind(models.TextChoices):
    EXPIRY = "expiry", _("执业证到期")
    ASSESSMENT = "assessment", _("年度考核")


class LicenceReminder(models.Model):
    """One reminder sent for one licence, one deadline and one threshold (90, 30, 7 days
    by default): the unique row is what makes the daily job send each reminder once, and
    the log staff read. ``due_on`` is part of the key, so a renewed licence (a new
    ``licence_valid_until``) is reminded afresh."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    due_on = models.DateField()
    threshold_days = models.PositiveSmallIntegerField()
    days_left = models.SmallIntegerField()
    emailed_to_holder = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(
            fields=["entity", "kind", "due_on", "threshold_days"],
            name="directory_reminder_once")]

    def __str__(self) -> str:
        return f"{self.entity_id} {self.kind} {self.due_on} -{self.threshold_days}"
