"""Social evaluation (社会评议): rounds in which invited evaluators — deputies, CPPCC
members, citizens, media, a third-party institution — score the agency's departments on a
short list of criteria and comment on them; the averages per department feed the yearly
department assessment on the evaluation dashboard and, once published, the public page.

Evaluators are known people with a read-only account (``Role.EVALUATOR``): one
submission each per round, kept with its author for the office (an anonymous survey would
not tell who has not answered yet); only averages and counts are ever public.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("筹备中")
    OPEN = "open", _("评议中")
    CLOSED = "closed", _("已结束")
    PUBLISHED = "published", _("结果已公布")


#: The allowed transitions (STYLE.md: an explicit table).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    RoundStatus.DRAFT: (RoundStatus.OPEN,),
    RoundStatus.OPEN: (RoundStatus.CLOSED,),
    RoundStatus.CLOSED: (RoundStatus.PUBLISHED,),
    RoundStatus.PUBLISHED: (),
}


class EvaluatorCategory(models.TextChoices):
    DEPUTY = "deputy", _("人大代表")
    CPPCC = "cppcc", _("政协委员")
    CITIZEN = "citizen", _("群众代表")
    MEDIA = "media", _("新闻媒体")
    THIRD_PARTY = "third_party", _("第三方机构")


class Score(models.IntegerChoices):
    """The usual four grades of a 社会评议 form, as points out of 100."""

    SATISFIED = 100, _("满意")
    FAIRLY = 80, _("比较满意")
    BASICALLY = 60, _("基本满意")
    UNSATISFIED = 0, _("不满意")


class EvaluationRound(models.Model):
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT,
                               related_name="evaluation_rounds", verbose_name=_("机构"))
    title = models.CharField(_("名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("评议年度"))
    period_start = models.DateField(_("评议期间自"))
    period_end = models.DateField(_("评议期间至"))
    description = models.TextField(_("说明"), blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=RoundStatus.choices,
                              default=RoundStatus.DRAFT)
    departments = models.ManyToManyField("core.Department", related_name="evaluation_rounds",
                                         verbose_name=_("被评议处室"))
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("社会评议")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    """One question of the round's form (评议内容), scored per department."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE,
                              related_name="criteria")
    text = models.CharField(_("评议内容"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class Evaluator(models.Model):
    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE,
                              related_name="evaluators")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="evaluations")
    name = models.CharField(_("姓名或单位"), max_length=100)
    category = models.CharField(_("类别"), max_length=20, choices=EvaluatorCategory.choices)
    invited_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["category", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "user"],
                                               name="social_evaluation_evaluator_once")]

    def __str__(self) -> str:
        return self.name


class Rating(models.Model):
    """One evaluator's score of one department on one criterion."""

    evaluator = models.ForeignKey(Evaluator, on_delete=models.CASCADE, related_name="ratings")
    department = models.ForeignKey("core.Department", on_delete=models.PROTECT,
                                   related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="ratings")
    score = models.PositiveSmallIntegerField(choices=Score.choices)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["evaluator", "department", "criterion"],
            name="social_evaluation_rating_once")]

    def __str__(self) -> str:
        return f"{self.evaluator_id}/{self.department_id}/{self.criterion_id}: {self.score}"


class Remark(models.Model):
    """An evaluator's comment on one department (for the office; never published)."""

    evaluator = models.ForeignKey(Evaluator, on_delete=models.CASCADE, related_name="remarks")
    department = models.ForeignKey("core.Department", on_delete=models.PROTECT,
                                   related_name="+")
    text = models.TextField(max_length=1000)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evaluator", "department"],
                                               name="social_evaluation_remark_once")]

    def __str__(self) -> str:
        return f"{self.evaluator_id}/{self.department_id}"
