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


def faq_basis(faq_ids: list[int], agency_slug: str) -> dict[int, list[dict[str, str]]]:
    """The legal basis of each FAQ, as ``{"law", "article", "url"}`` (the url points to the
    article in the version in force; empty when the library lacks it). Two queries for any
    number of FAQs (the API lists up to ten answers)."""
    from gongkai.laws.indexing import article_url
    from gongkai.laws.models import LawArticle

    rows = list(FaqSource.objects.filter(faq_id__in=faq_ids, kind=SourceKind.LAW_ARTICLE)
                .order_by("faq_id", "id").values_list("faq_id", "law_title", "article"))
    where = {(law, article) for _, law, article in rows}
    found = {(title, number): (law_id, ordinal) for title, number, law_id, ordinal in
             LawArticle.objects.filter(law__in_force=True,
                                       law__title__in={law for law, _ in where},
                                       number__in={article for _, article in where})
             .values_list("law__title", "number", "law_id", "ordinal")}
    out: dict[int, list[dict[str, str]]] = {}
    for faq_id, law, article in rows:
        place = found.get((law, article))
        out.setdefault(faq_id, []).append(
            {"law": law, "article": article,
             "url": article_url(agency_slug, *place) if place else ""})
    return out
