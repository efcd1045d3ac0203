"""Disclosure applications (依申请公开): the case, its statutory clock and everything that
happens to it until it is archived (Regulations Art. 29–45).

The legal rules live elsewhere, one module each (``timelimits``, ``fees``, ``reply_types``,
``identity``); these models only store facts and the results those modules computed, so
that a case file read years later still shows what the officer saw.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import CaseEventBase, PublicCase


class ApplicantType(models.TextChoices):
    """申请人情况: the annual report's columns (table 三)."""

    NATURAL_PERSON = "natural_person", _("自然人")
    ORGANISATION = "organisation", _("法人或其他组织")


class OrganisationCategory(models.TextChoices):
    """The five organisation columns of table 三 (2021 format)."""

    COMMERCIAL = "commercial", _("商业企业")
    RESEARCH = "research", _("科研机构")
    PUBLIC_INTEREST = "public_interest", _("社会公益组织")
    LEGAL_SERVICE = "legal_service", _("法律服务机构")
    OTHER = "other", _("其他")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO_PERMIT = "hk_macao_permit", _("港澳居民来往内地通行证")
    TAIWAN_PERMIT = "taiwan_permit", _("台湾居民来往大陆通行证")
    FOREIGN_PERMANENT_RESIDENCE = "foreign_permanent_residence", _("外国人永久居留身份证")
    OTHER = "other", _("其他证件")


class DeliveryForm(models.TextChoices):
    """Art. 29(3) and Art. 40: the form in which the information is provided."""

    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子")
    INSPECTION = "inspection", _("当场查阅")


class ReceiptMethod(models.TextChoices):
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    COLLECTION = "collection", _("当面领取")


class Channel(models.TextChoices):
    """How the application arrived; decides the receipt date (Art. 31, see timelimits)."""

    ONLINE = "online", _("网上申请")
    IN_PERSON = "in_person", _("当面提交")
    POST = "post", _("邮寄(需签收)")
    ORDINARY_MAIL = "ordinary_mail", _("平常信函")
    FAX = "fax", _("传真")


class ApplicationStatus(models.TextChoices):
    """Workflow states; the allowed moves are in ``workflow.TRANSITIONS``."""

    RECEIVED = "received", _("已登记待分办")
    IN_PROGRESS = "in_progress", _("办理中")
    AWAITING_CORRECTION = "awaiting_correction", _("待申请人补正")
    IN_THIRD_PARTY_CONSULTATION = "in_third_party_consultation", _("征求意见中")
    AWAITING_FEE = "awaiting_fee", _("待缴纳信息处理费")
    AWAITING_REPLY_REVIEW = "awaiting_reply_review", _("答复待审核")
    REPLIED = "replied", _("已答复")
    WITHDRAWN = "withdrawn", _("已撤回或视为放弃")
    ARCHIVED = "archived", _("已归档")


class Application(PublicCase):
    """One application (政府信息公开申请) and its current clock.

    ``due_on`` is stored (queues filter and sort on it) and recomputed by
    ``services.recalculate`` from the facts in the related rows whenever one changes,
    including when the holiday calendar changes; ``clock_steps`` keeps the explanation
    that produced it. The access code, idempotency key and submission time come from
    ``core.models.PublicCase`` (the public-intake kit, ``gongkai/core/intake.py``).
    """

    # No single-column index on agency or assignee: the composite indexes below start with
    # them, and SQLite (which has no statistics unless ANALYZE runs) otherwise picks the
    # single-column one and scans every case of the agency.
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="applications",
                               verbose_name=_("受理机构"), db_index=False)
    department = models.ForeignKey("core.Department", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="applications",
                                   verbose_name=_("承办处室"))
    case_number = models.CharField(_("申请编号"), max_length=30)

    # Applicant (申请人), Art. 29(1). Personal data: never on a public page.
    applicant_type = models.CharField(_("申请人类型"), max_length=20,
                                      choices=ApplicantType.choices)
    organisation_category = models.CharField(_("组织类别"), max_length=20, blank=True,
                                             choices=OrganisationCategory.choices)
    applicant_name = models.CharField(_("姓名或名称"), max_length=200)
    id_type = models.CharField(_("证件类型"), max_length=30, blank=True, choices=IdType.choices)
    id_number = models.CharField(_("证件号码"), max_length=40, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=300, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=10, blank=True)

    # The information wanted, Art. 29(2)–(3).
    description = models.TextField(_("所需信息的内容描述"))
    document_number = models.CharField(_("文件编号"), max_length=60, blank=True)
    purpose = models.TextField(_("用途"), blank=True)
    delivery_form = models.CharField(_("提供形式"), max_length=12, choices=DeliveryForm.choices,
                                     default=DeliveryForm.ELECTRONIC)
    receipt_method = models.CharField(_("获取方式"), max_length=12,
                                      choices=ReceiptMethod.choices, default=ReceiptMethod.EMAIL)
    fee_waiver_requested = models.BooleanField(_("申请减免费用"), default=False)

    # Clock (Art. 30–33).
    channel = models.CharField(_("申请渠道"), max_length=16, choices=Channel.choices)
    received_on = models.DateField(_("收到申请之日"))
    clock_start_on = models.DateField(_("计时起算日"))
    due_on = models.DateField(_("答复期限"))
    due_on_provisional = models.BooleanField(_("期限为暂定"), default=False)
    clock_steps = models.JSONField(_("期限计算说明"), default=list, blank=True)
    paused_working_days = models.PositiveSmallIntegerField(default=0)
    extension_working_days = models.PositiveSmallIntegerField(default=0)

    status = models.CharField(_("状态"), max_length=32, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.RECEIVED)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="assigned_applications",
                                 verbose_name=_("经办人"), db_index=False)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                      null=True, blank=True, related_name="+")

    # Reply (Art. 36–37); codes from reply_types.py.
    reply_type = models.CharField(_("答复类型"), max_length=24, blank=True)
    reply_type_reason = models.CharField(_("具体情形"), max_length=40, blank=True)
    legal_basis = models.TextField(_("法律依据"), blank=True)
    reply_text = models.TextField(_("答复内容"), blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)

    # Art. 35 and 44: repeated and similar requests.
    repeat_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="repeats", verbose_name=_("重复申请"))
    is_repeated = models.BooleanField(_("重复申请"), default=False)
    # Keys that find the same information and the same applicant across cases (hashed:
    # the applicant's identity is not needed to compare, and is erased on anonymisation).
    information_key = models.CharField(max_length=64, blank=True)
    applicant_key = models.CharField(max_length=64, blank=True)
    similar_count = models.PositiveIntegerField(_("相同信息的其他申请数"), default=0)
    requested_record = models.ForeignKey("catalogue.Record", on_delete=models.SET_NULL,
                                         null=True, blank=True, related_name="applications",
                                         verbose_name=_("所涉政府信息"))

    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("匿名化时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "case_number"],
                                    name="application_case_number_unique"),
            models.UniqueConstraint(fields=["agency", "idempotency_key"],
                                    condition=~models.Q(idempotency_key=""),
                                    name="application_idempotency_unique"),
        ]
        indexes = [
            # Staff queues: per agency, by state, soonest deadline first.
            models.Index(fields=["agency", "status", "due_on"], name="application_queue"),
            models.Index(fields=["assignee", "agency", "status", "due_on"], name="application_mine"),
            # Closed and "all" lists: newest first. (No single-column index on status or
            # due_on: it tempts the planner into scanning every case in due-date order.)
            models.Index(fields=["agency", "-received_on", "-id"], name="application_recent"),
            models.Index(fields=["agency", "information_key"], name="application_information"),
            models.Index(fields=["agency", "applicant_key"], name="application_applicant"),
            models.Index(fields=["case_number"], name="application_case_number"),
        ]

    def __str__(self) -> str:
        return self.case_number

    # Clock helpers -------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        from gongkai.applications.workflow import OPEN_STATES

        return self.status in OPEN_STATES

    def working_days_elapsed(self, today: dt.date | None = None) -> int:
        """Working days counted so far (pauses excluded), from ``timelimits``."""
        from gongkai.applications.timelimits import elapsed_and_left

        return elapsed_and_left(self, today)[0]

    def working_days_left(self, today: dt.date | None = None) -> int:
        """Negative when overdue."""
        from gongkai.applications.timelimits import elapsed_and_left

        return elapsed_and_left(self, today)[1]


class ApplicationEvent(CaseEventBase):
    """The case history (Art. 45: every step recorded), including why a date moved."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    old_due_on = models.DateField(null=True, blank=True)
    new_due_on = models.DateField(null=True, blank=True)

    class Meta(CaseEventBase.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.application_id} {self.verb}"


class Correction(models.Model):
    """补正 (Art. 30): requested at most once per case; the clock restarts on receipt."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE,
                                       related_name="correction")
    requested_on = models.DateField(_("告知补正日期"))
    what_to_correct = models.TextField(_("需补正的内容"))
    reply_by = models.DateField(_("补正期限"))
    received_on = models.DateField(_("收到补正之日"), null=True, blank=True)
    corrected_description = models.TextField(_("补正后的内容描述"), blank=True)
    deemed_withdrawn_on = models.DateField(_("视为放弃日期"), null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")

    def __str__(self) -> str:
        return f"{self.application_id} correction {self.requested_on}"


class ThirdPartyConsultationKind(models.TextChoices):
    THIRD_PARTY = "third_party", _("征求第三方意见")
    OTHER_AGENCY = "other_agency", _("征求其他机关意见")


class ThirdPartyConsultation(models.Model):
    """征求意见 (Art. 32, 34): 15 working days to answer; the time does not count."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="third_party_consultations")
    kind = models.CharField(_("类型"), max_length=16, choices=ThirdPartyConsultationKind.choices)
    party_name = models.CharField(_("被征求意见方"), max_length=200)
    party_address = models.CharField(_("地址"), max_length=300, blank=True)
    started_on = models.DateField(_("发出征求意见之日"))
    answer_by = models.DateField(_("答复期限"))
    ended_on = models.DateField(_("结束之日"), null=True, blank=True)
    response = models.TextField(_("意见"), blank=True)
    consented = models.BooleanField(_("同意公开"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["started_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application"],
                                    condition=models.Q(ended_on__isnull=True),
                                    name="one_open_third_party_consultation"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.started_on}"


class ExtensionStatus(models.TextChoices):
    REQUESTED = "requested", _("待审批")
    APPROVED = "approved", _("已批准")
    DENIED = "denied", _("未批准")


class Extension(models.Model):
    """延期 (Art. 33(2)): approved by the head of the disclosure office, at most 20 days."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="extensions")
    working_days = models.PositiveSmallIntegerField(_("延长工作日数"))
    reason = models.TextField(_("延期理由"))
    status = models.CharField(_("状态"), max_length=10, choices=ExtensionStatus.choices,
                              default=ExtensionStatus.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["application"],
                                    condition=models.Q(status="requested"),
                                    name="one_pending_extension"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} +{self.working_days} {self.status}"


class NoticeKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("受理回执")
    CORRECTION_REQUEST = "correction_request", _("补正告知书")
    EXTENSION_NOTICE = "extension_notice", _("延期答复告知书")
    THIRD_PARTY_CONSULTATION_LETTER = "third_party_consultation_letter", _("征求意见函")
    FEE_NOTICE = "fee_notice", _("收费通知")
    REPLY_LETTER = "reply_letter", _("答复书")


class NoticeChannel(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    POST = "post", _("邮寄")
    ONLINE = "online", _("网上查询")
    IN_PERSON = "in_person", _("当面送达")


class NoticeStatus(models.TextChoices):
    PENDING = "pending", _("待生成")
    READY = "ready", _("已生成")
    SENT = "sent", _("已送达")
    FAILED = "failed", _("生成或发送失败")


class Notice(models.Model):
    """A letter to the applicant (or, for a consultation, to the consulted party).

    Created by the service inside its transaction; the HTML and PDF are rendered after
    commit by ``letters.render_notice_html`` / ``render_notice_pdf`` (``jobs.render_notice``)
    so that a failing renderer never loses the step it reports.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("文书类型"), max_length=32, choices=NoticeKind.choices)
    channel = models.CharField(_("送达方式"), max_length=12, choices=NoticeChannel.choices)
    status = models.CharField(_("状态"), max_length=10, choices=NoticeStatus.choices,
                              default=NoticeStatus.PENDING)
    recipient = models.CharField(_("收件人"), max_length=200, blank=True)
    third_party_consultation = models.ForeignKey(ThirdPartyConsultation, on_delete=models.SET_NULL,
                                                 null=True, blank=True, related_name="notices")
    # Facts the letter must state, frozen at issue time (dates, amounts, reply type).
    context = models.JSONField(default=dict, blank=True)
    html = models.TextField(blank=True)
    pdf = models.FileField(upload_to="application-notices/%Y/%m/", blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    # Consultation letters go to third parties: never on the applicant's status page.
    visible_to_applicant = models.BooleanField(default=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind}"


class LetterTemplate(models.Model):
    """An editable letter body per kind (and per reply type for replies); agency null = default."""

    agency = models.ForeignKey("core.Agency", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="letter_templates", verbose_name=_("机构"))
    kind = models.CharField(_("文书类型"), max_length=32, choices=NoticeKind.choices)
    reply_type = models.CharField(_("答复类型"), max_length=24, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文模板"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("文书模板")
        verbose_name_plural = _("文书模板")
        ordering = ["kind", "reply_type", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind", "reply_type"],
                                    condition=models.Q(agency__isnull=False),
                                    name="letter_template_unique_agency"),
            models.UniqueConstraint(fields=["kind", "reply_type"],
                                    condition=models.Q(agency__isnull=True),
                                    name="letter_template_unique_default"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.reply_type}".strip()


class FeeMethod(models.TextChoices):
    """国办函〔2020〕109号: per request or per volume, never both on one application."""

    PER_REQUEST = "per_request", _("按件计收")
    PER_VOLUME = "per_volume", _("按量计收")


class Fee(models.Model):
    """信息处理费 for one application; the amount comes from ``fees.py``."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="fee")
    method = models.CharField(_("计收方式"), max_length=12, choices=FeeMethod.choices)
    quantity = models.PositiveIntegerField(_("件次或页数"))
    amount = models.DecimalField(_("金额(元)"), max_digits=10, decimal_places=2)
    breakdown = models.JSONField(default=list, blank=True)
    notice = models.ForeignKey(Notice, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    issued_on = models.DateField(_("通知日期"))
    pay_by = models.DateField(_("缴费期限"))
    paid_on = models.DateField(_("缴费日期"), null=True, blank=True)
    deemed_withdrawn_on = models.DateField(_("视为放弃日期"), null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.application_id} ¥{self.amount}"

    @property
    def deemed_withdrawn(self) -> bool:
        return self.deemed_withdrawn_on is not None


class InternalNote(models.Model):
    """Staff-only working notes; never in a letter, never on the status page."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+")
    text = models.TextField(_("内容"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} note {self.pk}"


class DisclosureItemKind(models.TextChoices):
    RECORD = "record", _("已公开的政府信息")
    FILE = "file", _("文件")
    WITHHELD = "withheld", _("不予公开部分")


class DisclosureItem(models.Model):
    """What the reply provides (a catalogue record, a file) or withholds (Art. 37), with
    the legal ground for each withheld part."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="disclosure_items")
    kind = models.CharField(_("类型"), max_length=10, choices=DisclosureItemKind.choices)
    record = models.ForeignKey("catalogue.Record", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+")
    file = models.FileField(upload_to="application-files/%Y/%m/", blank=True)
    original_name = models.CharField(_("文件名"), max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    withholding_reason = models.CharField(_("不予公开情形"), max_length=40, blank=True)
    legal_basis = models.CharField(_("法律依据"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.description}"


class ReviewKind(models.TextChoices):
    """Table 四 of the annual report: reconsideration, litigation direct or after it."""

    RECONSIDERATION = "reconsideration", _("行政复议")
    LITIGATION_DIRECT = "litigation_direct", _("行政诉讼(未经复议直接起诉)")
    LITIGATION_AFTER = "litigation_after", _("行政诉讼(复议后起诉)")


class ReviewOutcome(models.TextChoices):
    PENDING = "pending", _("尚未审结")
    UPHELD = "upheld", _("结果维持")
    CORRECTED = "corrected", _("结果纠正")
    OTHER = "other", _("其他结果")


class Review(models.Model):
    """A reconsideration or lawsuit about the case, counted in the annual report."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(_("类型"), max_length=20, choices=ReviewKind.choices)
    filed_on = models.DateField(_("提起日期"))
    body = models.CharField(_("复议机关或法院"), max_length=200, blank=True)
    outcome = models.CharField(_("结果"), max_length=10, choices=ReviewOutcome.choices,
                               default=ReviewOutcome.PENDING)
    decided_on = models.DateField(_("审结日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["filed_on", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.outcome}"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("即将到期提醒")
    OVERDUE = "overdue", _("逾期督办")
    CORRECTION_WINDOW = "correction_window", _("补正告知期限将届")


class Reminder(models.Model):
    """One reminder or escalation sent (a log, so that a day is never sent twice)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                     related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    sent_on = models.DateField()
    recipients = models.JSONField(default=list, blank=True)
    due_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind", "sent_on"],
                                    name="reminder_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.sent_on}"


class ConversionStatus(models.TextChoices):
    PROPOSED = "proposed", _("建议转主动公开")
    COMPLETED = "completed", _("已转主动公开")
    DISMISSED = "dismissed", _("不予转化")


class ConversionProposal(models.Model):
    """Art. 44: information asked for by several applicants, proposed for proactive
    disclosure; an editor completes it in one click (a draft catalogue record)."""

    agency = models.ForeignKey("core.Agency", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("信息名称"), max_length=300)
    key = models.CharField(max_length=120)
    applications = models.ManyToManyField(Application, related_name="conversion_proposals")
    record = models.ForeignKey("catalogue.Record", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=ConversionStatus.choices,
                              default=ConversionStatus.PROPOSED)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "key"],
                                    condition=models.Q(status="proposed"),
                                    name="one_open_conversion_proposal"),
        ]

    def __str__(self) -> str:
        return self.title


class ReplyReviewStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("审核通过")
    RETURNED = "returned", _("退回修改")


class ReplyReview(models.Model):
    """审核 of a draft reply (Regulations Art. 45: 登记、审核、办理、答复、归档): the officer's
    draft (reply_type, reasons, what is provided or withheld, the letter as it would go out)
    waits for the department head or the office lead, who approves it (the reply is then
    issued) or returns it with comments. The clock keeps running meanwhile."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="reply_reviews")
    status = models.CharField(_("审核状态"), max_length=10, choices=ReplyReviewStatus.choices,
                              default=ReplyReviewStatus.PENDING)
    reply_type = models.CharField(_("答复类型"), max_length=24)
    reply_type_reason = models.CharField(_("具体情形"), max_length=40, blank=True)
    reply_text = models.TextField(_("答复说明"), blank=True)
    legal_basis = models.CharField(_("法律依据"), max_length=300, blank=True)
    # Catalogue record ids to link and withheld parts ({description, reason, legal_basis}).
    record_ids = models.JSONField(default=list, blank=True)
    withheld = models.JSONField(default=list, blank=True)
    preview_html = models.TextField(_("答复书预览"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(_("审核意见"), blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application"], condition=models.Q(status="pending"),
                                    name="one_pending_reply_review"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.reply_type} {self.status}"


class ReplyReviewFile(models.Model):
    """A file the draft reply would provide; it becomes a ``DisclosureItem`` on approval."""

    review = models.ForeignKey(ReplyReview, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="application-files/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class ReplyReviewSetting(models.Model):
    """Which reply types (by code) of an agency need 审核 before they go out. An
    agency without a row uses ``reply_review.DEFAULT_REPLY_TYPES`` (the refusals)."""

    agency = models.OneToOneField("core.Agency", on_delete=models.CASCADE,
                                  related_name="reply_review_setting")
    reply_types = models.JSONField(_("需审核的答复类型"), default=list, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.agency_id} {self.reply_types}"
