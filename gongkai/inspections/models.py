"""Random inspections (双随机、一公开, 国办发〔2015〕58号): "一单两库" and verifiable draws.

The item list (一单) says what may be inspected; the two pools (两库) — entities and
inspectors — are imported as whole versions (``PoolImport``) and never edited, so a draw's
commitment always names a version anyone can recompute. A plan moves through an explicit
state machine: 草稿 → 已公布承诺 (the commitment is public) → 已抽取 (seed revealed, public
value entered, the drawn list public) → 结果已全部公开.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Agency, CaseEventBase
from gongkai.core.workflow import InvalidTransition


class InspectionItem(models.Model):
    """One row of the 随机抽查事项清单."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("序号"))
    item = models.CharField(_("检查项目"), max_length=200)
    sub_item = models.CharField(_("检查子项"), max_length=200, blank=True)
    subject = models.CharField(_("检查主体"), max_length=200)
    basis = models.TextField(_("检查依据"))
    method = models.CharField(_("检查方式"), max_length=200)
    content = models.TextField(_("检查内容"))
    note = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["agency", "number"],
                                               name="inspection_item_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.item}"


class PoolKind(models.TextChoices):
    ENTITY = "entity", _("检查对象名录库")
    INSPECTOR = "inspector", _("执法检查人员名录库")


class PoolImport(models.Model):
    """One version of a pool, as imported: kept for ever (history)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=PoolKind.choices)
    version = models.PositiveIntegerField()
    filename = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-imported_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "version"],
                                               name="inspection_pool_unique_version")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class PoolEntity(models.Model):
    pool = models.ForeignKey(PoolImport, on_delete=models.CASCADE, related_name="entities")
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18)
    name = models.CharField(_("名称"), max_length=200)
    legal_representative = models.CharField(_("法定代表人"), max_length=100, blank=True)
    address = models.CharField(_("地址"), max_length=300, blank=True)

    class Meta:
        ordering = ["credit_code"]
        constraints = [models.UniqueConstraint(fields=["pool", "credit_code"],
                                               name="inspection_entity_unique_code")]

    def __str__(self) -> str:
        return f"{self.name}（{self.credit_code}）"


class PoolInspector(models.Model):
    pool = models.ForeignKey(PoolImport, on_delete=models.CASCADE, related_name="inspectors")
    certificate_number = models.CharField(_("执法证号"), max_length=40)
    name = models.CharField(_("姓名"), max_length=60)
    field = models.CharField(_("执法领域"), max_length=100)
    # Credit codes of entities the inspector is tied to (回避): never drawn for them.
    recusals = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["certificate_number"]
        constraints = [models.UniqueConstraint(fields=["pool", "certificate_number"],
                                               name="inspection_inspector_unique_card")]

    def __str__(self) -> str:
        return f"{self.name}（{self.certificate_number}）"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    COMMITTED = "committed", _("已公布承诺")
    DRAWN = "drawn", _("已抽取")
    CLOSED = "closed", _("结果已全部公开")


TRANSITIONS: dict[str, frozenset[str]] = {
    PlanStatus.DRAFT: frozenset({PlanStatus.COMMITTED}),
    PlanStatus.COMMITTED: frozenset({PlanStatus.DRAWN}),
    PlanStatus.DRAWN: frozenset({PlanStatus.CLOSED}),
    PlanStatus.CLOSED: frozenset(),
}


class PlanTransitionError(InvalidTransition):
    """A step the plan's state does not allow (a draw before the commitment is public)."""

    def __init__(self, current: str, target: str):
        super().__init__(f"{current} -> {target}")
        self.current, self.target = current, target

    @property
    def message(self) -> str:
        labels = dict(PlanStatus.choices)
        if self.target == PlanStatus.DRAWN and self.current == PlanStatus.DRAFT:
            return "抽取前须先公布承诺值（两库、计划和算法的哈希），当前尚未公布。"
        return (f"抽查计划当前状态为“{labels.get(self.current, self.current)}”，"
                f"不能改为“{labels.get(self.target, self.target)}”。")


def check_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS.get(current, frozenset()):
        raise PlanTransitionError(current, target)


class Plan(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("计划名称"), max_length=200)
    items = models.ManyToManyField(InspectionItem, related_name="plans")
    share_bp = models.PositiveIntegerField(_("抽查比例（万分之）"))
    inspectors_per_entity = models.PositiveIntegerField(_("每户执法人员数"), default=2)
    # Only inspectors whose 执法领域 contains this text are drawn (blank: all).
    inspector_field = models.CharField(_("执法人员领域"), max_length=100, blank=True)
    period_start = models.DateField(_("检查开始日期"))
    period_end = models.DateField(_("检查结束日期"))
    entity_pool = models.ForeignKey(PoolImport, on_delete=models.PROTECT, related_name="+")
    inspector_pool = models.ForeignKey(PoolImport, on_delete=models.PROTECT, related_name="+")
    public_value_source = models.CharField(_("公开随机值来源"), max_length=300)
    public_value_date = models.DateField(_("公开随机值产生日期"))
    status = models.CharField(max_length=20, choices=PlanStatus.choices,
                              default=PlanStatus.DRAFT)
    committed_json = models.TextField(blank=True)  # the exact canonical bytes committed to
    commitment = models.CharField(max_length=64, blank=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    seed = models.CharField(max_length=64, blank=True)  # secret until the draw
    public_value = models.CharField(_("公开随机值"), max_length=300, blank=True)
    drawn_at = models.DateTimeField(null=True, blank=True)
    record = models.ForeignKey("catalogue.Record", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def share_percent(self) -> str:
        return f"{self.share_bp / 100:g}%"

    def committed_json_document(self) -> dict[str, Any]:
        return json.loads(self.committed_json) if self.committed_json else {}


class Outcome(models.TextChoices):
    NO_ISSUE = "no_issue", _("未发现问题")
    RECTIFY = "rectify", _("发现问题，已责令整改")
    CASE_OPENED = "case_opened", _("发现违法行为，已立案查处")
    NOT_FOUND = "not_found", _("通过登记的住所（经营场所）无法联系")
    OTHER = "other", _("其他")


class Inspection(models.Model):
    """One drawn entity: its inspectors and, later, the result."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="inspections")
    order = models.PositiveIntegerField()
    credit_code = models.CharField(max_length=18)
    entity_name = models.CharField(max_length=200)
    inspectors = models.JSONField(default=list)
    inspected_on = models.DateField(_("检查日期"), null=True, blank=True)
    outcome = models.CharField(_("检查结果"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("结果说明"), blank=True)
    publish_by = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    published_late = models.BooleanField(default=False)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "order"],
                                               name="inspection_unique_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.entity_name}"


class PlanEvent(CaseEventBase):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")

