"""The law library (法律法规库): laws and regulations imported from Markdown files, one
``Law`` row per file (one version of one law) and one ``LawArticle`` per 第…条.

Laws are platform-wide public texts, shown under every agency's address; they belong to
no agency.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Law(models.Model):
    """One version of one law, as one imported file. Versions of the same law share
    ``title`` and ``subtitle``; the latest of them (by ``version_date``) is in force."""

    title = models.CharField(_("标题"), max_length=300, db_index=True)
    # The part of a code kept in its own file (民法典 人格权编), else empty.
    subtitle = models.CharField(_("分编"), max_length=200, blank=True)
    category = models.CharField(_("类别"), max_length=40, db_index=True)
    # The file's folder below the corpus root (部门规章/公安部): finer than the category.
    folder = models.CharField(_("目录"), max_length=300, blank=True)
    version_date = models.DateField(_("版本日期"), null=True, blank=True)
    in_force = models.BooleanField(_("现行有效"), default=True, db_index=True)
    # Promulgation and amendment lines as written ("2019年4月3日 国务院令第711号修订").
    history = models.JSONField(_("制定与修订"), default=list, blank=True)
    # Text outside any article: a preamble, or the whole text of a law without articles
    # (an amendment, a case).
    preamble = models.TextField(_("序言或正文"), blank=True)
    article_count = models.PositiveIntegerField(_("条文数"), default=0)
    source_path = models.CharField(_("来源文件"), max_length=500, unique=True)
    sha256 = models.CharField(max_length=64)
    imported_at = models.DateTimeField(_("导入时间"), auto_now=True)

    class Meta:
        verbose_name = _("法律法规")
        verbose_name_plural = _("法律法规")
        ordering = ["category", "title", "subtitle", "-version_date", "id"]
        indexes = [models.Index(fields=["title", "subtitle", "version_date"])]

    def __str__(self) -> str:
        return self.full_title

    @property
    def full_title(self) -> str:
        return f"{self.title} {self.subtitle}" if self.subtitle else self.title


class LawArticle(models.Model):
    """One article (条) of one law version, numbered as written (第三十三条)."""

    law = models.ForeignKey(Law, on_delete=models.CASCADE, related_name="articles",
                            verbose_name=_("法律法规"))
    number = models.CharField(_("条号"), max_length=40)
    ordinal = models.PositiveIntegerField(_("序号"))
    # 编 / 章 / 节 headings above the article, joined by " / ".
    chapter = models.CharField(_("章节"), max_length=500, blank=True)
    text = models.TextField(_("条文"))

    class Meta:
        verbose_name = _("条文")
        verbose_name_plural = _("条文")
        ordering = ["law_id", "ordinal"]
        constraints = [models.UniqueConstraint(fields=["law", "ordinal"],
                                               name="laws_article_unique_ordinal")]

    def __str__(self) -> str:
        return f"{self.law.full_title} {self.number}"

    @property
    def anchor(self) -> str:
        return f"a{self.ordinal}"
