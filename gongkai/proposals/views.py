"""Public pages: published replies to suggestions and proposals, and the yearly handling
figures. Only replies that went through publication appear, with the text that went out
(contact details removed); drafts, unpublished replies and feedback dates never show."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from gongkai.core.access import public_view
from gongkai.core.models import Agency
from gongkai.core.selectors import agency_get_public
from gongkai.proposals import selectors
from gongkai.proposals.models import Outcome, ProposalKind, Satisfaction

PAGE_SIZE = 20


def _agency_or_404(request: HttpRequest, slug: str) -> Agency:
    agency = agency_get_public(slug)
    if agency is None:
        raise Http404("no such agency")
    request.agency = agency  # type: ignore[attr-defined]
    return agency


def _year(value: str) -> int | None:
    return int(value) if value.isdigit() and 2000 <= int(value) <= 9998 else None


@public_view
@require_GET
def index(request: HttpRequest, agency: str) -> HttpResponse:
    found = _agency_or_404(request, agency)
    years = selectors.years_published(agency_id=found.pk)
    year = _year(request.GET.get("year", ""))
    page = Paginator(selectors.published_replies(agency_id=found.pk, year=year), PAGE_SIZE) \
        .get_page(request.GET.get("page"))
    return render(request, "proposals/public/index.html", {
        "agency": found, "replies": page.object_list, "page": page, "years": years,
        "year": year, "nav_current": "proposal"})


@public_view
@require_GET
def reply_detail(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    found = _agency_or_404(request, agency)
    reply = selectors.published_reply_get(agency_id=found.pk, pk=pk)
    if reply is None:
        raise Http404("no published reply")
    return render(request, "proposals/public/reply.html", {
        "agency": found, "reply": reply, "proposal": reply.proposal,
        "nav_current": "proposal"})


@public_view
@require_GET
def summary(request: HttpRequest, agency: str, year: int) -> HttpResponse:
    found = _agency_or_404(request, agency)
    if not 2000 <= year <= timezone.localdate().year:
        raise Http404("no such year")
    figures = selectors.yearly_summary(agency_id=found.pk, year=year)
    return render(request, "proposals/public/summary.html", {
        "agency": found, "figures": figures, "year": year,
        "kinds": figures.rows(figures.by_kind, ProposalKind),
        "outcomes": figures.rows(figures.by_outcome, Outcome),
        "satisfaction": figures.rows(figures.by_satisfaction, Satisfaction),
        "nav_current": "proposal"})
