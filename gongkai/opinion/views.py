"""Public pages: the concerns the agency has responded to, each with its public summary,
its timeline (steps and times, never names) and the published response."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from gongkai.core.access import public_view
from gongkai.core.selectors import agency_get_public
from gongkai.opinion import selectors


def _agency(request: HttpRequest, slug: str):
    found = agency_get_public(slug)
    if found is None:
        raise Http404("no such agency")
    request.agency = found  # type: ignore[attr-defined]
    return found


@public_view
@require_safe
def index(request: HttpRequest, agency: str) -> HttpResponse:
    found = _agency(request, agency)
    page = Paginator(selectors.public_concerns(found.pk), 20).get_page(request.GET.get("page"))
    return render(request, "opinion/public/index.html", {
        "agency": found, "nav_current": "interpretation", "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number)})


@public_view
@require_safe
def timeline(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    found = _agency(request, agency)
    concern = selectors.public_concern(found.pk, pk)
    if concern is None:
        raise Http404("no such public concern")
    response = concern.response_record if concern.response_record and \
        concern.response_record.is_public else None
    return render(request, "opinion/public/timeline.html", {
        "agency": found, "nav_current": "interpretation", "concern": concern,
        "response": response, "clocks": selectors.clocks(concern)})
