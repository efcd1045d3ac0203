"""Public-opinion response (舆情回应, public_opinion): concerns on an hours clock, the steps
of their handling, the monitoring feeds and the inbound texts hot topics are found in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    MAJOR_EMERGENCY = "major_emergency", _("重大突发事件")
    GENERAL = "general", _("一般社会关切")


class Stage(models.TextChoices):
    """The cycle: collect → consult (会商) → assess (研判) → respond → evaluate."""

    COLLECTED = "collected", _("收集")
    CONSULTED = "consulted", _("会商")
    ASSESSED = "assessed", _("研判")
    RESPONDED = "responded", _("回应")
    EVALUATED = "evaluated", _("评估")


# An urgent concern may be assessed without a formal consultation; nothing is responded to
# without an assessment, and only a response is evaluated.
TRANSITIONS: dict[str, frozenset[str]] = {
    Stage.COLLECTED: frozenset({Stage.CONSULTED, Stage.ASSESSED}),
    Stage.CONSULTED: frozenset({Stage.ASSESSED}),
    Stage.ASSESSED: frozenset({Stage.RESPONDED}),
    Stage.RESPONDED: frozenset({Stage.EVALUATED}),
    Stage.EVALUATED: frozenset(),
}


class Source(models.TextChoices):
    STAFF = "staff", _("工作人员登记")
    FEED = "feed", _("监测订阅源")
    HOT_TOPIC = "hot_topic", _("热点发现")


class Concern(models.Model):
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("标题"), max_length=200)
    summary = models.TextField(_("公开摘要"), blank=True,
                               help_text=_("回应发布后公开显示；不得包含个人信息。"))
    level = models.CharField(_("级别"), max_length=20, choices=Level.choices)
    registered_at = models.DateTimeField(_("登记时间"), db_index=True)
    status = models.CharField(_("环节"), max_length=12, choices=Stage.choices,
                              default=Stage.COLLECTED, db_index=True)
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices,
                              default=Source.STAFF)
    source_url = models.URLField(_("来源链接"), blank=True)
    response_record = models.ForeignKey("catalogue.Record", on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="+")
    is_public = models.BooleanField(default=False, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("舆情事件")
        verbose_name_plural = _("舆情事件")
        ordering = ["-registered_at", "-id"]

    def __str__(self) -> str:
        return self.title


class DeadlineKind(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("发布权威信息")
    PRESS_CONFERENCE = "press_conference", _("召开新闻发布会")
    RESPONSE = "response", _("回应关切")


class ConcernDeadline(models.Model):
    """One hours limit of a concern. Overdue is derived (``due_at`` passed, not met)."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(max_length=20, choices=DeadlineKind.choices)
    due_at = models.DateTimeField(db_index=True)
    met_at = models.DateTimeField(null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)
    alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [models.UniqueConstraint(fields=["concern", "kind"],
                                               name="opinion_deadline_unique")]

    def __str__(self) -> str:
        return f"{self.concern_id} {self.kind} {self.due_at}"


class ConcernStep(models.Model):
    """Who did which step when (the timeline)."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(max_length=12, choices=Stage.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+")
    at = models.DateTimeField()
    note = models.TextField(blank=True)
    public_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.concern_id} {self.stage}"


class Feed(models.Model):
    """An RSS or Atom feed the agency monitors (a news site, a forum's topic feed)."""

    agency = models.ForeignKey("core.Agency", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    url = models.URLField(_("地址"))
    active = models.BooleanField(_("启用"), default=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("监测订阅源")
        verbose_name_plural = _("监测订阅源")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class InboundItem(models.Model):
    """A text arriving from a monitored channel: a feed entry or a staff note. Never public."""

    agency = models.ForeignKey("core.Agency", on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=20)
    ref = models.CharField(max_length=300)
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    url = models.URLField(blank=True, max_length=500)
    received_at = models.DateTimeField(db_index=True)
    feed = models.ForeignKey(Feed, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="items")

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["agency", "source", "ref"],
                                               name="opinion_inbound_unique")]
        indexes = [models.Index(fields=["agency", "received_at"], name="opinion_inbound_recent")]

    def __str__(self) -> str:
        return self.title


class TextVector(models.Model):
    """The stored sentence embedding of one inbound text (any registered source), so that
    hot topics group texts by meaning without encoding anything during a request. Written
    by the job ``opinion.embed_texts`` (``vectors``); rows older than the hot-topic window
    are pruned by the same job. ``encoder`` is the configured encoder's name: a vector from
    another encoder is not comparable and is recomputed."""

    source = models.CharField(max_length=40)
    ref = models.CharField(max_length=300)
    received_at = models.DateTimeField()
    encoder = models.CharField(max_length=100)
    text_hash = models.CharField(max_length=32)
    vector = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "ref"],
                                               name="opinion_text_vector_unique")]
        indexes = [models.Index(fields=["received_at"], name="opinion_text_vector_recent")]

    def __str__(self) -> str:
        return f"{self.source}:{self.ref} ({self.encoder})"
