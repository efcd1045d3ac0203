"""Public pages of 办事服务: service items and their guides, the scenario guide ("我要…"),
and the power and responsibility list of any date with its change log and open data.

Only published guide versions and their files are shown; staff warnings (bases to check)
never appear here."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from gongkai.catalogue.views import content_disposition
from gongkai.core.access import public_view
from gongkai.core.models import Agency
from gongkai.core.selectors import agency_get_public
from gongkai.services import exporter, selectors
from gongkai.services.basis import BasisResolver
from gongkai.services.flow import flow_svg
from gongkai.services.limits import guide_limits
from gongkai.services.models import PowerType

NAV = "service"
POWERS_PER_PAGE = 100


def _agency_or_404(request, slug: str) -> Agency:
    agency = agency_get_public(slug)
    if agency is None:
        raise Http404("no such agency")
    request.agency = agency
    return agency


def _date_param(value: str | None) -> tuple[dt.date, str]:
    today = timezone.localdate()
    if not value:
        return today, ""
    try:
        return dt.date.fromisoformat(value), ""
    except ValueError:
        return today, "日期格式应为 YYYY-MM-DD，已显示今天的清单。"


@public_view
@require_safe
def index(request, agency: str):
    found = _agency_or_404(request, agency)
    q = request.GET.get("q", "").strip()[:50]
    return render(request, "services/public/index.html", {
        "agency": found, "nav_current": NAV, "q": q,
        "items": list(selectors.public_items(agency_id=found.pk, q=q)),
        "scenarios": list(selectors.scenarios(agency_id=found.pk)),
    })


@public_view
@require_safe
def guide(request, agency: str, code: str):
    found = _agency_or_404(request, agency)
    item = selectors.public_item_get(agency_id=found.pk, code=code)
    got = selectors.published_guide(item) if item else None
    if item is None or got is None:
        raise Http404("no such service item")
    resolver = BasisResolver()
    return render(request, "services/public/guide.html", {
        "agency": found, "nav_current": NAV, "item": item, "guide": got,
        "limits": guide_limits(got, today=timezone.localdate()),
        "basis": [(r, r.url(found.slug)) for r in resolver.resolve_all(got.basis)],
        "flow": mark_safe(flow_svg(got.steps, title=f"{item.name}办理流程图")),  # noqa: S308 (escaped in flow_svg)
    })


@public_view
@require_safe
def material_file(request, agency: str, pk: int, filename: str):
    found = _agency_or_404(request, agency)
    stored = selectors.public_file_get(pk)
    if stored is None or stored.material.guide.item.agency_id != found.pk:
        raise Http404("no such file")
    if filename != stored.original_name:
        return redirect("services:file", agency=found.slug, pk=pk, filename=stored.original_name)
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("file missing") from exc
    response = FileResponse(handle, content_type=stored.content_type)
    extension = stored.original_name.rsplit(".", 1)[-1] if "." in stored.original_name else ""
    suffix = f".{extension}" if extension.isascii() and extension.isalnum() else ""
    fallback = f"form-{stored.pk}{suffix}"
    response["Content-Disposition"] = content_disposition(stored.original_name, fallback=fallback)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@public_view
@require_safe
def scenario(request, agency: str, slug: str):
    """One question per page (a GET form; earlier answers ride along as hidden fields), so
    it works without JavaScript and each step has its own address."""
    found = _agency_or_404(request, agency)
    got = selectors.scenario_get(agency_id=found.pk, slug=slug)
    if got is None:
        raise Http404("no such scenario")
    params = {k: v for k, v in request.GET.items() if len(v) <= 40}
    state = selectors.scenario_walk(got, params)
    asked = [(q, c) for q, c in state.answers]
    back_params = [(q.key, c.value) for q, c in asked]
    restart_links = []
    for index, (question, choice) in enumerate(asked):
        before = urlencode(back_params[:index])
        restart_links.append((question, choice, f"?{before}" if before else "?"))
    return render(request, "services/public/scenario.html", {
        "agency": found, "nav_current": NAV, "scenario": got, "state": state,
        "hidden": back_params, "changes": restart_links,
        "step": len(asked) + 1, "total": got.questions.count(),
    })


@public_view
@require_safe
def powers(request, agency: str):
    found = _agency_or_404(request, agency)
    on, date_error = _date_param(request.GET.get("on"))
    power_type = request.GET.get("type", "")
    if power_type not in PowerType.values:
        power_type = ""
    q = request.GET.get("q", "").strip()[:50]
    paginator = Paginator(selectors.powers_on(agency_id=found.pk, on=on, power_type=power_type,
                                              q=q), POWERS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(request, "services/public/powers.html", {
        "agency": found, "nav_current": NAV, "versions": list(page_obj), "on": on,
        "page_obj": page_obj, "total": paginator.count,
        "page_range": paginator.get_elided_page_range(page_obj.number),
        "date_error": date_error, "power_type": power_type, "types": PowerType.choices, "q": q,
        "today": timezone.localdate(),
    })


@public_view
@require_safe
def power(request, agency: str, code: str):
    found = _agency_or_404(request, agency)
    on, date_error = _date_param(request.GET.get("on"))
    got = selectors.power_get(agency_id=found.pk, code=code)
    if got is None:
        raise Http404("no such power")
    version = selectors.power_on(agency_id=found.pk, code=code, on=on)
    history = list(selectors.power_history(got))
    if version is None and not history:
        raise Http404("no such power")
    resolved = BasisResolver().resolve_all(version.basis) if version else []
    return render(request, "services/public/power.html", {
        "agency": found, "nav_current": NAV, "power": got, "version": version, "on": on,
        "date_error": date_error, "history": history,
        "basis": [(r, r.url(found.slug)) for r in resolved],
        "items": list(got.service_items.filter(guides__status="published").distinct()),
    })


@public_view
@require_safe
def power_changes(request, agency: str):
    found = _agency_or_404(request, agency)
    return render(request, "services/public/power_changes.html", {
        "agency": found, "nav_current": NAV,
        "changes": list(selectors.power_changes(agency_id=found.pk)[:500]),
    })


def _export(request, agency: str, kind: str) -> HttpResponse:
    found = _agency_or_404(request, agency)
    on, _ = _date_param(request.GET.get("on"))
    versions = list(selectors.powers_on(agency_id=found.pk, on=on))
    if kind == "csv":
        response = HttpResponse(exporter.powers_csv_text(versions),
                                content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exporter.powers_json_text(versions),
                                content_type="application/json; charset=utf-8")
    name = f"powers-{found.slug}-{on.isoformat()}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@public_view
@require_safe
def powers_csv(request, agency: str):
    return _export(request, agency, "csv")


@public_view
@require_safe
def powers_json(request, agency: str):
    return _export(request, agency, "json")
