"""Public pages under /<agency>/evaluation/: the published results of social evaluation
rounds — averages per department and counts only, no evaluator's name or comment."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from gongkai.core.access import public_view
from gongkai.core.selectors import agency_get_public
from gongkai.social_evaluation import selectors


def _agency(slug: str):
    agency = agency_get_public(slug)
    if agency is None:
        raise Http404("no such agency")
    return agency


@public_view
@require_safe
def index(request, agency: str):
    found = _agency(agency)
    return render(request, "social_evaluation/index.html", {
        "agency": found, "rounds": selectors.published_rounds(agency_id=found.pk)})


@public_view
@require_safe
def detail(request, agency: str, pk: int):
    found = _agency(agency)
    rnd = selectors.published_rounds(agency_id=found.pk).filter(pk=pk).first()
    if rnd is None:
        raise Http404("no such round")
    return render(request, "social_evaluation/detail.html", {
        "agency": found, "round": rnd, "results": selectors.department_results(rnd),
        "criteria": list(rnd.criteria.all()),
        "invited": rnd.evaluators.count(),
        "answered": rnd.evaluators.filter(submitted_at__isnull=False).count()})
