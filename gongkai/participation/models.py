"""Surveys (民意调查), solicitations (网络征集) and open days (政府开放日).

A survey, a solicitation and an open day are numbered per agency (``number``, drawn from
``core.CaseCounter``); the public addresses them by agency and number. Whether a survey or
a solicitation is open is derived from its stored dates (``phase``), never stored, so it
opens and closes on schedule without a job.

One answer per person (``Survey.one_per_person``) is kept in ``SurveyBallot``: a keyed HMAC
of the survey and a stable identifier of the person (ADR 0021), in a table with no link to
the answers, so not even the hash tells who answered what.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import PublicCase


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤销")


class Phase(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SCHEDULED = "scheduled", _("未开始")
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")
    WITHDRAWN = "withdrawn", _("已撤销")


def phase_of(status: str, opens_at, closes_at, now=None) -> str:
    if status == PublicationStatus.DRAFT:
        return Phase.DRAFT
    if status == PublicationStatus.WITHDRAWN:
        return Phase.WITHDRAWN
    now = now or timezone.now()
    if now < opens_at:
        return Phase.SCHEDULED
    if now >= closes_at:
        return Phase.CLOSED
    return Phase.OPEN


class Survey(models.Model):
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("机构"))
    number = models.PositiveIntegerField(_("编号"))
    title = models.CharField(_("标题"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(_("截止时间"))
    status = models.CharField(_("状态"), max_length=20, choices=PublicationStatus.choices,
                              default=PublicationStatus.DRAFT)
    anonymous = models.BooleanField(_("匿名调查"), default=True, help_text=_(
        "匿名调查不收集姓名和联系方式;实名调查要求填写姓名和电话或电子邮箱。"))
    one_per_person = models.BooleanField(_("每人限答一次"), default=False, help_text=_(
        "开启后须登录公众账号作答;只保存不可逆的校验值,不保存作答人。"))
    results_published = models.BooleanField(_("公开调查结果"), default=False)
    results_summary = models.TextField(_("结果说明"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("民意调查")
        verbose_name_plural = _("民意调查")
        ordering = ["-opens_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["agency", "number"],
                                               name="participation_survey_number")]

    def __str__(self) -> str:
        return self.title

    @property
    def phase(self) -> str:
        return phase_of(self.status, self.opens_at, self.closes_at)

    def get_phase_display(self) -> str:
        return str(Phase(self.phase).label)


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("单选")
    MULTIPLE = "multiple", _("多选")
    SCALE = "scale", _("量表")
    TEXT = "text", _("文字")
    MATRIX = "matrix", _("矩阵")


class Question(models.Model):
    """One question. ``options`` are the choices (single, multiple, matrix columns);
    ``rows`` the matrix rows; a scale runs from ``scale_min`` to ``scale_max``. A
    conditional question is shown only when the answer to ``show_if`` (an earlier
    question) includes option ``show_if_option``."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(_("序号"), default=0)
    kind = models.CharField(_("题型"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("题目"), max_length=500)
    help_text = models.CharField(_("说明"), max_length=500, blank=True)
    required = models.BooleanField(_("必答"), default=False)
    options = models.JSONField(_("选项"), default=list, blank=True)
    rows = models.JSONField(_("矩阵行"), default=list, blank=True)
    scale_min = models.SmallIntegerField(default=1)
    scale_max = models.SmallIntegerField(default=5)
    scale_min_label = models.CharField(max_length=40, blank=True)
    scale_max_label = models.CharField(max_length=40, blank=True)
    show_if = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="dependants", verbose_name=_("显示条件题目"))
    show_if_option = models.SmallIntegerField(null=True, blank=True)
    result_public = models.BooleanField(_("公开本题结果"), default=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def scale_values(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))

    @property
    def condition_label(self) -> str:
        if self.show_if is None or self.show_if_option is None:
            return ""
        options = self.show_if.options
        option = options[self.show_if_option] if 0 <= self.show_if_option < len(options) else "?"
        return f"第{self.show_if.position}题选择“{option}”"


class SurveyResponse(models.Model):
    """One submitted questionnaire. Contact fields only for surveys that are not
    anonymous; nothing here says who answered an anonymous survey."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    idempotency_key = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["survey", "idempotency_key"], condition=~models.Q(idempotency_key=""),
            name="participation_response_idempotency")]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.pk}"


class Answer(models.Model):
    """One value of a response: ``option`` (single/multiple choice index, the scale value,
    or a matrix column), ``row`` (matrix row) or ``text``. A question not shown to the
    person has no row at all, so exports leave it blank."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    option = models.SmallIntegerField(null=True, blank=True)
    row = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["question", "row", "option"],
                                name="participation_answer_count")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.row}/{self.option}"


class SurveyBallot(models.Model):
    """That someone answered: HMAC(key, survey, person), no link to the response."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="ballots")
    voter_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "voter_hash"],
                                               name="participation_ballot_once")]

    def __str__(self) -> str:
        return f"{self.survey_id}"


class PendingResponse(models.Model):
    """An answer to a one-answer-per-person survey sent without an account, waiting for
    its e-mail confirmation: the answers, the ballot hash of the address (never the
    address) and the hash of the link's token. Deleted when confirmed or after
    ``PENDING_HOURS`` (daily job)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    voter_hash = models.CharField(max_length=64)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.pk}"


# Solicitations ------------------------------------------------------------------------


class Solicitation(models.Model):
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("机构"))
    number = models.PositiveIntegerField(_("编号"))
    title = models.CharField(_("标题"), max_length=200)
    description = models.TextField(_("征集说明"))
    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(_("截止时间"))
    status = models.CharField(_("状态"), max_length=20, choices=PublicationStatus.choices,
                              default=PublicationStatus.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("网络征集")
        verbose_name_plural = _("网络征集")
        ordering = ["-opens_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["agency", "number"],
                                               name="participation_solicitation_number")]

    def __str__(self) -> str:
        return self.title

    @property
    def phase(self) -> str:
        return phase_of(self.status, self.opens_at, self.closes_at)

    def get_phase_display(self) -> str:
        return str(Phase(self.phase).label)


class IdeaStatus(models.TextChoices):
    RECEIVED = "received", _("已收到")
    ANSWERED = "answered", _("已答复并公开")
    NOT_PUBLISHED = "not_published", _("不予公开")


class Idea(PublicCase):
    """An idea sent to a solicitation; the tracking code is ``case_number`` with the
    access code of the intake kit. Name and contact are never shown publicly."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    solicitation = models.ForeignKey(Solicitation, on_delete=models.PROTECT, related_name="ideas")
    case_number = models.CharField(_("编号"), max_length=30)
    title = models.CharField(_("标题"), max_length=100)
    text = models.TextField(_("内容"))
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    status = models.CharField(max_length=20, choices=IdeaStatus.choices,
                              default=IdeaStatus.RECEIVED)
    answer = models.TextField(_("答复"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "case_number"],
                                    name="participation_idea_number"),
            models.UniqueConstraint(fields=["agency", "idempotency_key"],
                                    condition=~models.Q(idempotency_key=""),
                                    name="participation_idea_idempotency"),
        ]

    def __str__(self) -> str:
        return self.case_number


# Open days ----------------------------------------------------------------------------


class OpenDayKind(models.TextChoices):
    OPEN_DAY = "open_day", _("政府开放日")
    OPEN_WEEK = "open_week", _("政府开放周")
    ONLINE = "online", _("网络问政")


class OpenDay(models.Model):
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("机构"))
    number = models.PositiveIntegerField(_("编号"))
    kind = models.CharField(_("类型"), max_length=20, choices=OpenDayKind.choices,
                            default=OpenDayKind.OPEN_DAY)
    theme = models.CharField(_("主题"), max_length=200)
    description = models.TextField(_("活动介绍"), blank=True)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=300, blank=True)
    online_url = models.URLField(_("线上链接"), blank=True)
    capacity = models.PositiveIntegerField(_("名额"))
    status = models.CharField(_("状态"), max_length=20, choices=PublicationStatus.choices,
                              default=PublicationStatus.DRAFT)
    announced_at = models.DateTimeField(_("公告时间"), null=True, blank=True)
    record_summary = models.TextField(_("活动纪实"), blank=True)
    record_published_at = models.DateTimeField(_("纪实发布时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("政府开放日")
        verbose_name_plural = _("政府开放日")
        ordering = ["-starts_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["agency", "number"],
                                               name="participation_open_day_number")]

    def __str__(self) -> str:
        return self.theme

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()


class OpenDayPhoto(models.Model):
    open_day = models.ForeignKey(OpenDay, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("照片"), upload_to="participation/open-days/")
    caption = models.CharField(_("说明"), max_length=200)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.caption


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("已报名")
    WAITLISTED = "waitlisted", _("候补")
    CANCELLED = "cancelled", _("已取消")


class Registration(models.Model):
    """A place (or a place on the waitlist) at an open day. ``contact_hash`` (HMAC of the
    normalised phone or e-mail) makes a second active registration of the same person
    impossible; ``checkin_hash`` (HMAC of the check-in code) is what the door checks —
    the plain code is shown once, sent by e-mail and drawn as a QR image."""

    open_day = models.ForeignKey(OpenDay, on_delete=models.PROTECT, related_name="registrations")
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    contact_hash = models.CharField(max_length=64)
    checkin_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=20, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField(default=timezone.now)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                      null=True, blank=True, related_name="+")
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(
            fields=["open_day", "contact_hash"],
            condition=~models.Q(status="cancelled"), name="participation_registration_once")]

    def __str__(self) -> str:
        return f"{self.open_day_id}/{self.pk}"
