"""Public pages of random inspections: nothing before the commitment is public; the seed
appears only after the draw. Entities are organisations (名称, 统一社会信用代码); inspectors
appear by 执法证号 and name, as 事前公开 already shows them."""

from __future__ import annotations

import csv
import io
import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gongkai.core.access import public_view
from gongkai.core.models import Agency
from gongkai.core.selectors import agency_get_public
from gongkai.inspections import selectors, services
from gongkai.inspections.models import PlanStatus

ITEM_FIELDS = ["number", "item", "sub_item", "subject", "basis", "method", "content", "note"]
ITEM_LABELS = ["序号", "检查项目", "检查子项", "检查主体", "检查依据", "检查方式", "检查内容", "备注"]


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
    return render(request, "inspections/public/index.html", {
        "agency": found, "items": selectors.items(found.pk),
        "plans": selectors.public_plans(found.pk), "nav_current": "enforcement"})


@public_view
@require_GET
def plan(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    found = _agency_or_404(request, agency)
    item = selectors.public_plan(found.pk, pk)
    if item is None:
        raise Http404("no such public plan")
    committed = item.committed_json_document()
    drawn = item.status in (PlanStatus.DRAWN, PlanStatus.CLOSED)
    return render(request, "inspections/public/plan.html", {
        "agency": found, "plan": item, "drawn": drawn,
        "entity_count": len(committed.get("entities", [])),
        "inspector_count": len(committed.get("inspectors", [])),
        "seed_sha256": committed.get("seed_sha256", ""),
        "inspections": item.inspections.order_by("order") if drawn else [],
        "items": item.items.order_by("number"), "nav_current": "enforcement"})


@public_view
@require_GET
def draw_json(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    found = _agency_or_404(request, agency)
    item = selectors.public_plan(found.pk, pk)
    if item is None:
        raise Http404("no such public plan")
    response = HttpResponse(json.dumps(services.draw_document(item), ensure_ascii=False),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="draw-{found.slug}-{item.pk}.json"'
    return response


@public_view
@require_GET
def items_data(request: HttpRequest, agency: str, ext: str) -> HttpResponse:
    found = _agency_or_404(request, agency)
    rows = list(selectors.items(found.pk).values(*ITEM_FIELDS))
    if ext == "json":
        return HttpResponse(json.dumps({"agency": found.slug, "items": rows}, ensure_ascii=False),
                            content_type="application/json; charset=utf-8")
    if ext != "csv":
        raise Http404("no such format")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ITEM_LABELS)
    writer.writerows([[row[f] for f in ITEM_FIELDS] for row in rows])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{found.slug}-inspection-items.csv"'
    return response
