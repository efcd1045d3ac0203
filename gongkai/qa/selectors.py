"""Reads of Q&A for pages and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from gongkai.qa.models import AskedQuestion, Faq, FaqSource, QuestionStatus, SourceKind


@dataclass
class ResolvedSource:
    label: str
    url: str


def faq_list_public(agency: Any) -> QuerySet[Faq]:
    return Faq.objects.filter(agency=agency, published=True).order_by("question")


def faq_get_public(agency: Any, pk: int) -> Faq | None:
    return faq_list_public(agency).filter(pk=pk).first()


def faq_list_staff(agency_ids: list[int] | None) -> QuerySet[Faq]:
    faqs = Faq.objects.select_related("agency").order_by("agency_id", "question")
    return faqs if agency_ids is None else faqs.filter(agency_id__in=agency_ids)


def question_queue(agency_ids: list[int] | None, status: str = QuestionStatus.OPEN
                   ) -> QuerySet[AskedQuestion]:
    asked = AskedQuestion.objects.filter(status=status).select_related("agency", "faq")
    return asked if agency_ids is None else asked.filter(agency_id__in=agency_ids)


def sources_resolved(faq: Faq, agency_slug: str) -> list[ResolvedSource]:
    """Each source with a link: a cited article links to it in the version in force."""
    from gongkai.laws.indexing import article_url
    from gongkai.laws.models import LawArticle

    out: list[ResolvedSource] = []
    source: FaqSource
    for source in faq.sources.all():
        if source.kind == SourceKind.LAW_ARTICLE:
            article = (LawArticle.objects.filter(law__title=source.law_title, law__in_force=True,
                                                 number=source.article)
                       .values_list("law_id", "ordinal").first())
            url = article_url(agency_slug, *article) if article else ""
            out.append(ResolvedSource(f"{source.law_title} {source.article}", url))
        elif source.kind == SourceKind.RECORD and source.record_id:
            from django.urls import reverse

            out.append(ResolvedSource(source.label or str(source.record), reverse(
                "catalogue:record", kwargs={"agency": agency_slug, "pk": source.record_id})))
        elif source.url:
            out.append(ResolvedSource(source.label or source.url, source.url))
    return out
