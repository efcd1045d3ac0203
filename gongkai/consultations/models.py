"""Major decisions (重大行政决策目录), consultations on drafts (征求意见), their comments and
the adoption report (意见采纳情况反馈). States and transitions are in ``workflow``; the
minimum periods in ``limits``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.consultations.limits import ConsultationKind
from gongkai.core.models import CaseEventBase, PublicCase


class Stage(models.TextChoices):
    """The procedure of a major decision (国务院令第713号 第三章), in order."""

    PUBLIC_PARTICIPATION = "public_participation", _("公众参与")
    EXPERT_REVIEW = "expert_review", _("专家论证")
    RISK_ASSESSMENT = "risk_assessment", _("风险评估")
    LEGALITY_REVIEW = "legality_review", _("合法性审查")
    COLLECTIVE_DECISION = "collective_decision", _("集体讨论决定")
    PUBLICATION = "publication", _("决策公布")
    POST_EVALUATION = "post_evaluation", _("决策后评估")


STAGE_ORDER = [s.value for s in Stage]


class Decision(models.Model):
    """One item of the agency's yearly major-decision directory (决策事项目录)."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(_("目录年度"))
    sort_order = models.PositiveIntegerField(default=0)
    title = models.CharField(_("决策事项名称"), max_length=200)
    department = models.ForeignKey("core.Department", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("承办单位"))
    summary = models.TextField(_("主要内容"), blank=True)
    basis = models.TextField(_("决策依据"), blank=True)
    planned_on = models.DateField(_("计划完成时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "sort_order", "id"]
        indexes = [models.Index(fields=["agency", "year"])]

    def __str__(self) -> str:
        return self.title

    @property
    def current_stage(self) -> str:
        """The last stage done, '' before any (derived, never stored)."""
        done = [s.stage for s in self.stages.all() if s.done_on]
        return max(done, key=STAGE_ORDER.index) if done else ""


class DecisionStage(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(_("程序环节"), max_length=30, choices=Stage.choices)
    planned_on = models.DateField(_("计划时间"), null=True, blank=True)
    done_on = models.DateField(_("完成时间"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    document = models.ForeignKey("catalogue.Record", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+", verbose_name=_("相关文件"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["decision", "stage"],
                                               name="consultations_stage_unique")]

    def __str__(self) -> str:
        return f"{self.decision_id}:{self.stage}"

    @property
    def order(self) -> int:
        return STAGE_ORDER.index(self.stage)


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SCHEDULED = "scheduled", _("待发布")
    OPEN = "open", _("征求意见中")
    CLOSED = "closed", _("意见征集已结束")
    REPORTED = "reported", _("已反馈采纳情况")


class Consultation(models.Model):
    """A draft published for public comment, with its notice (713号 第十五条)."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="consultations", verbose_name=_("重大行政决策事项"))
    kind = models.CharField(_("草案类别"), max_length=30, choices=ConsultationKind.choices)
    status = models.CharField(max_length=20, choices=ConsultationStatus.choices,
                              default=ConsultationStatus.DRAFT)
    title = models.CharField(_("标题"), max_length=200)
    summary = models.TextField(_("主要内容"), blank=True)
    explanation = models.TextField(_("起草说明"), blank=True)
    basis = models.TextField(_("依据和理由"), blank=True)
    department = models.ForeignKey("core.Department", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("联系处室"))
    contact = models.TextField(_("联系方式"), blank=True,
                               help_text=_("通信地址、电话、电子邮箱等"))
    channels = models.TextField(_("其他意见提交方式"), blank=True,
                                help_text=_("信函、电子邮件、电话、座谈会、听证会等"))
    opens_on = models.DateField(_("开始日期"), null=True, blank=True)
    closes_on = models.DateField(_("截止日期"), null=True, blank=True)
    minimum_closes_on = models.DateField(null=True, blank=True)  # the rule's earliest end
    period_reason = models.TextField(_("期限短于规定的理由"), blank=True)
    outcome_record = models.ForeignKey("catalogue.Record", on_delete=models.SET_NULL,
                                       null=True, blank=True, related_name="+",
                                       verbose_name=_("最终发布的文件"))
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opens_on", "-id"]
        indexes = [models.Index(fields=["agency", "status"])]

    def __str__(self) -> str:
        return self.title


class DraftVersion(models.Model):
    """One text of the draft. Once a comment points at it, it is never edited: a change
    is a new version, whose page shows what changed."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField(_("草案正文"))
    note = models.TextField(_("修改说明"), blank=True)
    anchors = models.JSONField(default=list)  # anchors.parse(text), kept with the text
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["consultation", "number"]
        constraints = [models.UniqueConstraint(fields=["consultation", "number"],
                                               name="consultations_version_unique")]

    def __str__(self) -> str:
        return f"{self.consultation_id} v{self.number}"


class ConsultationEvent(CaseEventBase):
    """The consultation's history; ``public`` events (an extension notice) are shown."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="events")
    public = models.BooleanField(default=False)


class Channel(models.TextChoices):
    ONLINE = "online", _("网上提交")
    POST = "post", _("信函")
    EMAIL = "email", _("电子邮件")
    PHONE = "phone", _("电话")
    SYMPOSIUM = "symposium", _("座谈会")
    HEARING = "hearing", _("听证会")


class Moderation(models.TextChoices):
    PENDING = "pending", _("待审核")
    PUBLISHED = "published", _("已公开")
    HIDDEN = "hidden", _("不予公开")


class Disposition(models.TextChoices):
    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")
    NOT_APPLICABLE = "not_applicable", _("不属于本次征求意见范围")


class CommentGroup(models.Model):
    """Near-duplicate comments (a campaign), answered together (ADR 0017)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="groups")
    representative = models.ForeignKey("Comment", on_delete=models.CASCADE, related_name="+")
    size = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"group {self.pk} ({self.size})"


class Comment(PublicCase):
    """One comment. Identity (account, e-mail) is for staff; the public sees the display
    name or 匿名. The answer is public only once the adoption report is published."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="comments")
    version = models.ForeignKey(DraftVersion, on_delete=models.PROTECT, related_name="comments")
    case_number = models.CharField(max_length=30, db_index=True)
    anchor = models.CharField(max_length=20, blank=True)  # '' = the whole draft
    anchor_label = models.CharField(max_length=40, blank=True)
    text = models.TextField(_("意见内容"))
    display_name = models.CharField(_("显示名称"), max_length=40, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    received_on = models.DateField(_("收到日期"))
    moderation = models.CharField(max_length=20, choices=Moderation.choices,
                                  default=Moderation.PENDING)
    hidden_reason = models.CharField(_("不予公开的理由"), max_length=300, blank=True)
    group = models.ForeignKey(CommentGroup, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="comments")
    disposition = models.CharField(max_length=20, choices=Disposition.choices, blank=True)
    answer = models.TextField(_("答复"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["consultation", "moderation"]),
                   models.Index(fields=["consultation", "anchor"])]
        constraints = [models.UniqueConstraint(
            fields=["consultation", "idempotency_key"], condition=~models.Q(idempotency_key=""),
            name="consultations_comment_idempotency_unique")]

    @property
    def shown_name(self) -> str:
        return self.display_name or "匿名"

    @property
    def agency_id(self) -> int:
        """The intake kit derives a replay's code from the agency."""
        return self.consultation.agency_id


class AnswerTemplate(models.Model):
    agency = models.ForeignKey("core.Agency", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("模板名称"), max_length=100)
    disposition = models.CharField(_("处理结果"), max_length=20, choices=Disposition.choices)
    text = models.TextField(_("答复内容"))

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class AgencySettings(models.Model):
    """Per agency: publish comments at once instead of after moderation."""

    agency = models.OneToOneField("core.Agency", on_delete=models.CASCADE, related_name="+")
    publish_immediately = models.BooleanField(_("意见提交后立即公开(事后审核)"), default=False)

    def __str__(self) -> str:
        return f"settings of agency {self.agency_id}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("待审核")
    REVIEWED = "reviewed", _("已审核")
    PUBLISHED = "published", _("已发布")


class AdoptionReport(models.Model):
    """意见采纳情况反馈: generated from the comments, reviewed, published as a catalogue
    record through the publication contract."""

    consultation = models.OneToOneField(Consultation, on_delete=models.CASCADE,
                                        related_name="report")
    status = models.CharField(max_length=20, choices=ReportStatus.choices,
                              default=ReportStatus.DRAFT)
    summary = models.TextField(_("总体情况说明"), blank=True)
    figures = models.JSONField(default=dict)
    body = models.TextField(blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    record = models.ForeignKey("catalogue.Record", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+")

    def __str__(self) -> str:
        return f"adoption report of {self.consultation_id}"


class AttendanceStatus(models.TextChoices):
    OPEN = "open", _("接受报名")
    SELECTED = "selected", _("已确定列席人员")


class AttendanceCall(models.Model):
    """An announcement of seats for the public at a decision meeting (列席)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="attendance_calls")
    meeting = models.CharField(_("会议名称"), max_length=100)
    meeting_on = models.DateField(_("会议日期"))
    seats = models.PositiveIntegerField(_("列席名额"))
    apply_until = models.DateField(_("报名截止日期"))
    announcement = models.TextField(_("公告内容"), blank=True)
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices,
                              default=AttendanceStatus.OPEN)
    seed = models.CharField(_("随机抽取种子"), max_length=100, blank=True)
    selected_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-meeting_on", "id"]

    def __str__(self) -> str:
        return self.meeting


class AttendeeCategory(models.TextChoices):
    STAKEHOLDER = "stakeholder", _("利害关系人")
    BUSINESS = "business", _("企业代表")
    CITIZEN = "citizen", _("市民代表")


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("已报名")
    SELECTED = "selected", _("入选")
    NOT_SELECTED = "not_selected", _("未入选")
    ATTENDED = "attended", _("已列席")
    ABSENT = "absent", _("未出席")


class AttendanceApplication(PublicCase):
    """One person's application to attend. Name and contact are for staff only; the public
    sees the application number, category and outcome."""

    call = models.ForeignKey(AttendanceCall, on_delete=models.CASCADE, related_name="applications")
    case_number = models.CharField(max_length=30, db_index=True)
    name = models.CharField(_("姓名"), max_length=50)
    category = models.CharField(_("报名类别"), max_length=20, choices=AttendeeCategory.choices)
    organisation = models.CharField(_("单位"), max_length=100, blank=True)
    contact = models.CharField(_("联系电话或电子邮箱"), max_length=100)
    reason = models.TextField(_("报名理由"))
    status = models.CharField(max_length=20, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.APPLIED)
    draw_rank = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(
            fields=["call", "idempotency_key"], condition=~models.Q(idempotency_key=""),
            name="consultations_attendance_idempotency_unique")]

    def __str__(self) -> str:
        return self.case_number

    @property
    def agency_id(self) -> int:
        return self.call.decision.agency_id
