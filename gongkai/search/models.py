"""The search index's canonical rows and the vocabulary administrators extend.

``SearchDocument`` holds one row per registered document (kind, key) with the segmented
text; the full-text structure is maintained from it by the database itself: on SQLite an
external-content FTS5 table kept current by triggers, on PostgreSQL a generated tsvector
column with a GIN index (both created in migration 0002, guarded by vendor). Writing the
row is therefore enough, and it commits or rolls back with the caller's transaction.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    kind = models.CharField(max_length=30)
    key = models.CharField(max_length=200)
    agency = models.ForeignKey("core.Agency", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="+")
    public = models.BooleanField(default=True)
    # The publication date a reader knows the document by (a record's 发布日期, a law
    # version's date), never when it was indexed: shown on results, sorted and faceted by.
    published_on = models.DateField(null=True, blank=True)
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    facets = models.JSONField(default=dict, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    # Segmented text, tokens separated by spaces: what the full-text index reads.
    title_tokens = models.TextField(blank=True)
    body_tokens = models.TextField(blank=True)
    extra_tokens = models.TextField(blank=True)
    pinyin_tokens = models.TextField(blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="search_doc_unique")]
        indexes = [models.Index(fields=["kind", "public"], name="search_doc_kind_public"),
                   models.Index(fields=["agency", "public"], name="search_doc_agency")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


class SearchFacet(models.Model):
    """One facet value of a document (kind, agency, year, topic …): counted per query with
    a GROUP BY over the matching rows, filtered with an indexed lookup."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="facet_rows")
    name = models.CharField(max_length=30)
    value = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["name", "value", "document"], name="search_facet_lookup")]

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class SearchKey(models.Model):
    """An exact identifier of a document (索取号, a document number's lookup key)."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="keys")
    value = models.CharField(max_length=200, db_index=True)

    def __str__(self) -> str:
        return self.value


class Vocabulary(models.Model):
    """A word the segmenter must keep whole (政府信息公开, 法律援助, 行政复议 …)."""

    word = models.CharField(_("词语"), max_length=40, unique=True)
    frequency = models.PositiveIntegerField(
        _("词频"), null=True, blank=True,
        help_text=_("留空即可;数值越大越倾向于整体切分。"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("检索词库")
        verbose_name_plural = _("检索词库")
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word


class Synonym(models.Model):
    """Terms that mean the same thing to a searcher: a query with one finds the others."""

    terms = models.CharField(_("同义词组"), max_length=300,
                             help_text=_("用空格或顿号分隔,例如:律师证 律师执业证书"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("同义词")
        verbose_name_plural = _("同义词")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.terms


class IndexState(models.Model):
    """The last full rebuild per kind, for the staff status page."""

    kind = models.CharField(max_length=30, unique=True)
    rebuilt_at = models.DateTimeField(null=True, blank=True)
    documents = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)

    def __str__(self) -> str:
        return self.kind
