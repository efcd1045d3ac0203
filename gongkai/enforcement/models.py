"""Enforcement publicity (行政执法公示, 国办发〔2018〕118号): who enforces (事前公开) and what
was decided (事后公开).

A decision's public life is an explicit state machine (``TRANSITIONS``): it is recorded
(待公开), published as a catalogue record (已公开), and leaves the public either by withdrawal
when a penalty is changed, revoked or found unlawful (已撤回, 《行政处罚法》第四十八条) or by
take-down when its publicity period ends (已撤下). It never disappears from the staff archive.
Due dates (``publish_by``, ``withdraw_by``) are stored; lateness is stored at the moment the
step happens so the yearly counts never depend on today's calendar.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Agency, CaseEventBase
from gongkai.core.workflow import InvalidTransition


class Category(models.TextChoices):
    LICENCE = "licence", _("行政许可")
    PENALTY = "penalty", _("行政处罚")
    COERCION = "coercion", _("行政强制")
    INSPECTION = "inspection", _("行政检查")
    OTHER = "other", _("其他行政执法")


class PartyType(models.TextChoices):
    LEGAL_PERSON = "legal_person", _("法人或其他组织")
    NATURAL_PERSON = "natural_person", _("自然人")


class DecisionStatus(models.TextChoices):
    RECORDED = "recorded", _("待公开")
    PUBLISHED = "published", _("已公开")
    WITHDRAWN = "withdrawn", _("已撤回")
    TAKEN_DOWN = "taken_down", _("公示期满已撤下")


class ChangeKind(models.TextChoices):
    CHANGED = "changed", _("变更")
    REVOKED = "revoked", _("撤销")
    UNLAWFUL = "unlawful", _("被确认违法")
    VOID = "void", _("被确认无效")


TRANSITIONS: dict[str, frozenset[str]] = {
    DecisionStatus.RECORDED: frozenset({DecisionStatus.PUBLISHED}),
    DecisionStatus.PUBLISHED: frozenset({DecisionStatus.WITHDRAWN, DecisionStatus.TAKEN_DOWN}),
    DecisionStatus.WITHDRAWN: frozenset(),
    DecisionStatus.TAKEN_DOWN: frozenset(),
}


class DecisionTransitionError(InvalidTransition):
    """A step the decision's state does not allow (publishing twice, withdrawing a draft)."""

    def __init__(self, current: str, target: str):
        super().__init__(f"{current} -> {target}")
        self.current, self.target = current, target

    @property
    def message(self) -> str:
        labels = dict(DecisionStatus.choices)
        return (f"执法决定当前状态为“{labels.get(self.current, self.current)}”，"
                f"不能改为“{labels.get(self.target, self.target)}”。")


def check_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS.get(current, frozenset()):
        raise DecisionTransitionError(current, target)


class EnforcementBody(models.Model):
    """An enforcement body (执法主体): the agency itself or an organisation it entrusts."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("执法主体名称"), max_length=200)
    kind = models.CharField(_("主体性质"), max_length=60, default="法定行政机关")
    duties = models.TextField(_("职责与权限"), blank=True)
    address = models.CharField(_("地址"), max_length=300, blank=True)
    phone = models.CharField(_("咨询电话"), max_length=60, blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"],
                                               name="enforcement_body_unique_name")]

    def __str__(self) -> str:
        return self.name


class EnforcementOfficer(models.Model):
    """An enforcement officer (执法人员) with the number of their enforcement card (执法证号)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    body = models.ForeignKey(EnforcementBody, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="officers")
    name = models.CharField(_("姓名"), max_length=60)
    certificate_number = models.CharField(_("执法证号"), max_length=40)
    field = models.CharField(_("执法领域"), max_length=100)
    active = models.BooleanField(_("在岗"), default=True)

    class Meta:
        ordering = ["certificate_number"]
        constraints = [models.UniqueConstraint(fields=["agency", "certificate_number"],
                                               name="enforcement_officer_unique_card")]

    def __str__(self) -> str:
        return f"{self.name}（{self.certificate_number}）"


class GuidanceKind(models.TextChoices):
    PROCEDURE = "procedure", _("执法程序")
    REMEDY = "remedy", _("救济渠道")
    POWER = "power", _("执法职责与依据")


class Guidance(models.Model):
    """A 事前公开 page: procedures, remedies, powers and their basis."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=20, choices=GuidanceKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["kind", "sort_order", "id"]

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    """One enforcement decision and its publicity. ``party_name`` is the real name (staff
    only); the public sees ``masking.public_party`` of it."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    body = models.ForeignKey(EnforcementBody, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="decisions")
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    document_number = models.CharField(_("决定文书号"), max_length=100)
    decided_on = models.DateField(_("决定日期"))
    party_type = models.CharField(_("当事人类型"), max_length=20, choices=PartyType.choices)
    party_name = models.CharField(_("当事人"), max_length=200)
    party_credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    party_is_minor = models.BooleanField(_("当事人为未成年人"), default=False)
    facts = models.TextField(_("主要事实"))
    basis = models.TextField(_("执法依据"))
    decision = models.TextField(_("决定内容"))
    status = models.CharField(max_length=20, choices=DecisionStatus.choices,
                              default=DecisionStatus.RECORDED)
    publish_by = models.DateField(_("公开期限"))
    published_on = models.DateField(_("公开日期"), null=True, blank=True)
    published_late = models.BooleanField(_("逾期公开"), default=False)
    late_working_days = models.PositiveIntegerField(default=0)
    record = models.ForeignKey("catalogue.Record", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+")
    take_down_on = models.DateField(_("公示期满日"), null=True, blank=True)
    taken_down_on = models.DateField(null=True, blank=True)
    change_kind = models.CharField(_("变更情形"), max_length=20, choices=ChangeKind.choices,
                                   blank=True)
    changed_on = models.DateField(_("变更或撤销日期"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("撤回理由"), blank=True)
    withdraw_by = models.DateField(_("撤回期限"), null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_late = models.BooleanField(default=False)
    reminded_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["agency", "status", "decided_on"]),
                   models.Index(fields=["agency", "status", "category", "decided_on"]),
                   models.Index(fields=["status", "publish_by"])]
        constraints = [models.UniqueConstraint(fields=["agency", "document_number"],
                                               name="enforcement_decision_unique_number")]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.document_number}"


class DecisionEvent(CaseEventBase):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="events")
