"""Public enforcement pages. Only published decisions appear, with the party masked by
``masking`` (a natural person as 张某); withdrawn ones appear only as a notice with the
number, date and reason. Nothing personal is shown."""

from __future__ import annotations

import csv
import io
import json

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from gongkai.core.access import public_view
from gongkai.core.models import Agency
from gongkai.core.selectors import agency_get_public
from gongkai.enforcement import selectors, services
from gongkai.enforcement.models import Category, GuidanceKind

PAGE_SIZE = 20
OPEN_DATA_FIELDS = ["document_number", "category", "category_label", "decided_on",
                    "published_on", "body", "party", "facts", "basis", "decision"]


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
    pages = list(selectors.guidance(found.pk))
    return render(request, "enforcement/public/index.html", {
        "agency": found, "bodies": selectors.bodies(found.pk),
        "officers": selectors.officers(found.pk),
        "procedures": [p for p in pages if p.kind == GuidanceKind.PROCEDURE],
        "remedies": [p for p in pages if p.kind == GuidanceKind.REMEDY],
        "powers": [p for p in pages if p.kind == GuidanceKind.POWER],
        "recent": selectors.public_decisions(agency_id=found.pk)[:5],
        "nav_current": "enforcement"})


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() and 1949 <= int(value) <= 9998 else None


@public_view
@require_GET
def decisions(request: HttpRequest, agency: str) -> HttpResponse:
    found = _agency_or_404(request, agency)
    category = request.GET.get("category", "")
    category = category if category in Category.values else ""
    year = _int(request.GET.get("year", ""))
    qs = selectors.public_decisions(agency_id=found.pk, category=category, year=year)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"item": d, **services.public_fields(d)} for d in page.object_list]
    return render(request, "enforcement/public/decisions.html", {
        "agency": found, "page_obj": page, "rows": rows, "categories": Category.choices,
        "years": selectors.years(found.pk), "filters": {"category": category, "year": year},
        "withdrawals": selectors.withdrawal_notices(found.pk)[:50],
        "nav_current": "enforcement"})


@public_view
@require_GET
def decision(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    found = _agency_or_404(request, agency)
    item = selectors.public_decision(found.pk, pk)
    if item is None:
        raise Http404("no such public decision")
    shown = services.public_fields(item)
    return render(request, "enforcement/public/decision.html", {
        "agency": found, "decision": item, "shown": shown,
        "basis_links": selectors.basis_links(shown["basis"]), "nav_current": "enforcement"})


@public_view
@require_GET
def guidance(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    found = _agency_or_404(request, agency)
    page = get_object_or_404(selectors.guidance(found.pk), pk=pk)
    return render(request, "enforcement/public/guidance.html", {
        "agency": found, "page": page, "nav_current": "enforcement"})


@public_view
@require_GET
def open_data(request: HttpRequest, agency: str, ext: str) -> HttpResponse:
    found = _agency_or_404(request, agency)
    rows = selectors.open_data_rows(found.pk)
    name = f"{found.slug}-enforcement-decisions.{ext}"
    if ext == "json":
        response = HttpResponse(json.dumps({"agency": found.slug, "decisions": rows},
                                           ensure_ascii=False, indent=1),
                                content_type="application/json; charset=utf-8")
    elif ext == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=OPEN_DATA_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        raise Http404("no such format")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
