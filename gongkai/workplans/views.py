"""Public pages: the published work plans and each point's progress as the office
published it. Departments' own reports never appear here."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gongkai.core.access import public_view
from gongkai.core.models import Agency
from gongkai.core.selectors import agency_get_public
from gongkai.workplans import selectors


def _agency_or_404(request: HttpRequest, slug: str) -> Agency:
    agency = agency_get_public(slug)
    if agency is None:
        raise Http404("no such agency")
    request.agency = agency  # type: ignore[attr-defined]
    return agency


@public_view
@require_GET
def index(request: HttpRequest, agency: str) -> HttpResponse:
    found = _agency_or_404(request, agency)
    years = selectors.public_years(agency_id=found.pk)
    return render(request, "workplans/public/index.html", {
        "agency": found, "years": years, "nav_current": "work_plan"})


@public_view
@require_GET
def plan(request: HttpRequest, agency: str, year: int) -> HttpResponse:
    found = _agency_or_404(request, agency)
    work_plan = selectors.public_plan(agency_id=found.pk, year=year)
    if work_plan is None:
        raise Http404("no published plan")
    rows = selectors.point_rows(work_plan)
    chapters: list[tuple[str, list]] = []
    for row in rows:
        if not chapters or chapters[-1][0] != row.point.chapter:
            chapters.append((row.point.chapter, []))
        chapters[-1][1].append(row)
    return render(request, "workplans/public/plan.html", {
        "agency": found, "plan": work_plan, "chapters": chapters,
        "counts": {"points": len(rows), "done": sum(r.done for r in rows),
                   "late": sum(r.late for r in rows)},
        "years": selectors.public_years(agency_id=found.pk), "nav_current": "work_plan"})
