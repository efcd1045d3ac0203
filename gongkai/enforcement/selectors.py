"""Reads of enforcement publicity: the public lists, the staff archive, the yearly counts."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from gongkai.enforcement.models import (
    Category,
    Decision,
    DecisionStatus,
    EnforcementBody,
    EnforcementOfficer,
    Guidance,
)

PUBLIC_FIELDS = ("id", "agency_id", "body_id", "category", "document_number", "decided_on",
                 "party_type", "party_name", "facts", "basis", "decision", "status",
                 "published_on", "withdrawn_on", "withdrawal_reason", "change_kind", "record_id")


def public_decisions(*, agency_id: int | None = None, category: str = "",
                     year: int | None = None) -> QuerySet[Decision]:
    """Decisions the public sees now: published, not withdrawn, not taken down."""
    qs = Decision.objects.filter(status=DecisionStatus.PUBLISHED).select_related("agency", "body")
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    if category:
        qs = qs.filter(category=category)
    if year:
        qs = qs.filter(decided_on__gte=dt.date(year, 1, 1), decided_on__lte=dt.date(year, 12, 31))
    return qs.order_by("-decided_on", "-id")


def public_decision(agency_id: int, pk: int) -> Decision | None:
    return public_decisions(agency_id=agency_id).filter(pk=pk).first()


def withdrawal_notices(agency_id: int) -> QuerySet[Decision]:
    """Withdrawn decisions: the public reads the number, the date and the reason (Art. 48)."""
    return (Decision.objects.filter(agency_id=agency_id, status=DecisionStatus.WITHDRAWN)
            .order_by("-withdrawn_on", "-id"))


def staff_decisions(*, agency_ids: list[int] | None, status: str = "", category: str = "",
                    q: str = "") -> QuerySet[Decision]:
    qs = Decision.objects.select_related("agency")
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if q:
        qs = qs.filter(Q(document_number__icontains=q) | Q(party_name__icontains=q))
    return qs.order_by("-decided_on", "-id")


def bodies(agency_id: int) -> QuerySet[EnforcementBody]:
    return EnforcementBody.objects.filter(agency_id=agency_id)


def officers(agency_id: int) -> QuerySet[EnforcementOfficer]:
    return EnforcementOfficer.objects.filter(agency_id=agency_id, active=True).select_related("body")


def guidance(agency_id: int) -> QuerySet[Guidance]:
    return Guidance.objects.filter(agency_id=agency_id)


def years(agency_id: int) -> list[int]:
    dates = (Decision.objects.filter(agency_id=agency_id, status=DecisionStatus.PUBLISHED)
             .dates("decided_on", "year", order="DESC"))
    return [d.year for d in dates]


@dataclass
class YearFigures:
    year: int
    by_category: dict[str, int]
    published: int
    published_late: int
    withdrawn: int
    withdrawn_late: int

    @property
    def total(self) -> int:
        return sum(self.by_category.values())


def year_figures(agency_id: int, year: int) -> YearFigures:
    """Decisions made in ``year`` by category, and how many were published or withdrawn
    late. Every decision made counts, whatever happened to its publicity later."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    qs = Decision.objects.filter(agency_id=agency_id, decided_on__gte=start, decided_on__lte=end)
    by_category = {c: 0 for c in Category.values}
    for category, n in qs.order_by().values_list("category").annotate(n=Count("id")):
        by_category[category] = n
    totals = qs.aggregate(
        published=Count("id", filter=Q(published_on__isnull=False)),
        published_late=Count("id", filter=Q(published_late=True)),
        withdrawn=Count("id", filter=Q(withdrawn_on__isnull=False)),
        withdrawn_late=Count("id", filter=Q(withdrawn_late=True)))
    return YearFigures(year, by_category, **totals)


# Basis: the articles a decision cites, linked to the law library when found -----------------

_CITATION = re.compile(r"《(?P<law>[^》]{2,80})》\s*(?P<article>第[一二三四五六七八九十百零〇两\d]+条)")


@dataclass(frozen=True)
class BasisLink:
    text: str
    law_id: int | None = None
    anchor: str = ""


def basis_links(text: str) -> list[BasisLink]:
    """Each 《law》第N条 the basis names; ``law_id`` set when the library holds the article."""
    from gongkai.laws.models import Law, LawArticle

    found: list[BasisLink] = []
    for match in _CITATION.finditer(text):
        law = Law.objects.filter(title=match["law"], in_force=True).order_by("-version_date").first()
        article = (LawArticle.objects.filter(law=law, number=match["article"]).first()
                   if law is not None else None)
        found.append(BasisLink(match.group(0), law.pk if article is not None and law else None,
                               article.anchor if article is not None else ""))
    return found


def open_data_rows(agency_id: int) -> list[dict[str, Any]]:
    """The public decisions as open data (CSV/JSON): masked party, no personal data."""
    from gongkai.enforcement.services import public_fields

    rows = []
    for decision in public_decisions(agency_id=agency_id):
        shown = public_fields(decision)
        rows.append({
            "document_number": decision.document_number, "category": decision.category,
            "category_label": decision.get_category_display(),
            "decided_on": decision.decided_on.isoformat(),
            "published_on": decision.published_on.isoformat() if decision.published_on else "",
            "body": decision.body.name if decision.body is not None else decision.agency.name,
            "party": shown["party"], "facts": shown["facts"], "basis": shown["basis"],
            "decision": shown["decision"]})
    return rows
