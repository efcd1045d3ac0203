"""Smart Q&A (智能问答): FAQs staff maintain per agency, stored sentence embeddings of
everything an answer can come from, the questions people asked and whether the answer
helped, and the queue of questions with no good answer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Faq(models.Model):
    """常见问题: one question with its other phrasings and the answer, for one agency."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="faqs",
                               verbose_name=_("机构"))
    question = models.CharField(_("问题"), max_length=200)
    # Other ways people ask the same thing, one per line: matched like the question.
    alternatives = models.TextField(_("其他问法"), blank=True,
                                    help_text=_("每行一种问法"))
    answer = models.TextField(_("答案"))
    published = models.BooleanField(_("已发布"), default=False, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("常见问题")
        verbose_name_plural = _("常见问题")
        ordering = ["agency_id", "question"]
        constraints = [models.UniqueConstraint(fields=["agency", "question"],
                                               name="qa_faq_unique_question")]

    def __str__(self) -> str:
        return self.question

    def phrasings(self) -> list[str]:
        """The question first, then each alternative phrasing."""
        alternatives = [line.strip() for line in self.alternatives.splitlines()]
        return [self.question] + [a for a in alternatives if a and a != self.question]


class SourceKind(models.TextChoices):
    LAW_ARTICLE = "law_article", _("法律条文")
    RECORD = "record", _("政府信息")
    URL = "url", _("网页")


class FaqSource(models.Model):
    """Where an FAQ's answer comes from. A law article is named by law title and article
    number, not by row: a re-import replaces article rows, the citation stays valid and
    resolves to the version in force."""

    faq = models.ForeignKey(Faq, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(_("类型"), max_length=12, choices=SourceKind.choices)
    law_title = models.CharField(_("法律法规标题"), max_length=300, blank=True)
    article = models.CharField(_("条号"), max_length=40, blank=True)
    record = models.ForeignKey("catalogue.Record", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+", verbose_name=_("政府信息"))
    url = models.URLField(_("网址"), blank=True)
    label = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("答案出处")
        verbose_name_plural = _("答案出处")
        ordering = ["faq_id", "id"]

    def __str__(self) -> str:
        if self.kind == SourceKind.LAW_ARTICLE:
            return f"{self.law_title} {self.article}"
        return self.label or self.url or str(self.record or "")


class Embedding(models.Model):
    """A stored sentence embedding (float32 bytes) of one piece of answerable text:
    ``kind``/``key`` as in the search index, ``part`` for FAQs (0 = the question, 1… = the
    alternative phrasings). Recomputed when the text or the encoder changes."""

    kind = models.CharField(max_length=20)
    key = models.CharField(max_length=64)
    part = models.PositiveSmallIntegerField(default=0)
    encoder = models.CharField(max_length=40)
    text_hash = models.CharField(max_length=32)
    vector = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key", "part"],
                                               name="qa_embedding_unique")]
        indexes = [models.Index(fields=["kind", "key"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}:{self.part} ({self.encoder})"


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    ANSWERED = "answered", _("已转为常见问题")
    DISMISSED = "dismissed", _("已忽略")


class AskedQuestion(models.Model):
    """A question asked on an agency's portal, kept once per normalised text with how
    often it was asked. Nothing identifies the asker. Low-confidence questions and those
    marked unhelpful are OPEN in the staff queue; the others are ANSWERED from the start."""

    agency = models.ForeignKey("core.Agency", on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("问题"), max_length=500)
    normalized = models.CharField(max_length=500)
    times_asked = models.PositiveIntegerField(_("提问次数"), default=1)
    best_score = models.FloatField(_("最佳得分"), default=0.0)
    confident = models.BooleanField(_("有把握"), default=False)
    best_kind = models.CharField(max_length=20, blank=True)
    best_key = models.CharField(max_length=64, blank=True)
    helpful = models.PositiveIntegerField(_("有帮助"), default=0)
    unhelpful = models.PositiveIntegerField(_("没有帮助"), default=0)
    status = models.CharField(_("状态"), max_length=10, choices=QuestionStatus.choices,
                              default=QuestionStatus.OPEN, db_index=True)
    faq = models.ForeignKey(Faq, on_delete=models.SET_NULL, null=True, blank=True,
                            related_name="+", verbose_name=_("对应常见问题"))
    first_asked_at = models.DateTimeField(auto_now_add=True)
    last_asked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("群众提问")
        verbose_name_plural = _("群众提问")
        ordering = ["-times_asked", "-last_asked_at"]
        constraints = [models.UniqueConstraint(fields=["agency", "normalized"],
                                               name="qa_asked_unique_text")]

    def __str__(self) -> str:
        return self.text
