"""Public pages of the standard disclosure catalogue (公开标准目录 / 标准化工作专栏), per
agency under /<agency>/standards/: the catalogue grouped by 一级事项 and searchable, an
item with its columns and what fulfils it (each link followed to the items behind it),
and the catalogue as CSV/Excel."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from gongkai.core.access import public_view
from gongkai.core.models import Agency
from gongkai.core.selectors import agency_get_public
from gongkai.standards import selectors, services
from gongkai.standards.gaps import GapComputer


def _agency_or_404(request, slug: str) -> Agency:
    agency = agency_get_public(slug)
    if agency is None:
        raise Http404("no such agency")
    request.agency = agency
    return agency


@public_view
@require_safe
def index(request, agency: str):
    found = _agency_or_404(request, agency)
    q = request.GET.get("q", "").strip()[:100]
    level1 = request.GET.get("level1", "").strip()[:100]
    items = list(selectors.public_item_list(agency_id=found.pk, q=q, level1=level1))
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(item.level1, []).append(item)
    return render(request, "standards/public/index.html", {
        "agency": found, "groups": groups, "count": len(items), "q": q, "level1": level1,
        "level1s": selectors.level1_list(agency_id=found.pk), "filtered": bool(q or level1),
        "nav_current": "standard",
    })


@public_view
@require_safe
def item(request, agency: str, pk: int):
    found = _agency_or_404(request, agency)
    entry = selectors.public_item_get(pk=pk, agency_id=found.pk)
    if entry is None:
        raise Http404("no such item")
    state = GapComputer().state(entry)
    return render(request, "standards/public/item.html", {
        "agency": found, "item": entry, "state": state, "nav_current": "standard"})


@public_view
@require_safe
def download(request, agency: str, ext: str):
    found = _agency_or_404(request, agency)
    if ext not in services.EXPORT_FORMATS:
        raise Http404("no such format")
    body, content_type, filename = services.standards_export(actor=None, agency=found, fmt=ext,
                                                             audited=False)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
