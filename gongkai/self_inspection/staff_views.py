"""Staff pages under /staff/inspection/: the agencies' scores, one agency's dashboard (live
score, vetoes, deductions with links to each item, the weekly trend), the quarterly report
as Excel or PDF, and the platform administrator's word list. ``staff_view`` asks whether the
person sees any agency's inspection; each view asks again for the agency (others get 404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gongkai.core.access import staff_view
from gongkai.core.models import Agency
from gongkai.self_inspection import export, rules, services
from gongkai.self_inspection.checks import inspect
from gongkai.self_inspection.models import AxeRun, CrawlRun, SensitiveWord, Snapshot
from gongkai.self_inspection.policies import (
    agencies_visible,
    may_keep_words,
    may_view,
    may_view_any,
)


def _agency(request: HttpRequest, slug: str) -> Agency:
    agency = Agency.objects.filter(slug=slug, is_active=True).first()
    if agency is None or not may_view(request.user, agency):
        raise Http404("no such agency")
    return agency


@staff_view(may_view_any)
@require_http_methods(["GET"])
def index(request: HttpRequest) -> HttpResponse:
    ids = agencies_visible(request.user)
    agencies = Agency.objects.filter(is_active=True).order_by("sort_order", "pk")
    if ids is not None:
        agencies = agencies.filter(pk__in=ids)
    latest: dict[int, Snapshot] = {}
    for snap in Snapshot.objects.filter(agency__in=agencies).order_by("week"):
        latest[snap.agency_id] = snap
    return render(request, "self_inspection/index.html", {
        "rows": [(a, latest.get(a.pk)) for a in agencies],
        "may_keep_words": may_keep_words(request.user)})


@staff_view(may_view_any)
@require_http_methods(["GET"])
def agency_dashboard(request: HttpRequest, agency: str) -> HttpResponse:
    found = _agency(request, agency)
    result = inspect(found)
    today = timezone.localdate()
    return render(request, "self_inspection/agency.html", {
        "inspected": found, "result": result,
        "trend": services.trend(found), "crawl": CrawlRun.objects.filter(agency=found).first(),
        "axe": AxeRun.objects.filter(agency=found).first(),
        "quarter": services.current_quarter(today), "pass_score": rules.PASS_SCORE})


@staff_view(may_view_any)
@require_http_methods(["GET"])
def report(request: HttpRequest, agency: str, ext: str) -> HttpResponse:
    found = _agency(request, agency)
    if ext not in ("xlsx", "pdf"):
        raise Http404("no such format")
    quarter = request.GET.get("quarter") or services.current_quarter(timezone.localdate())
    try:
        data = services.quarter_report(found, quarter)
    except ValueError as exc:
        raise Http404("no such quarter") from exc
    if ext == "xlsx":
        body, kind = export.to_xlsx(data), \
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, kind = export.to_pdf(data), "application/pdf"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = (f'attachment; filename="self-inspection-{found.slug}-'
                                       f'{quarter}.{ext}"')
    return response


@staff_view(may_keep_words)
@require_http_methods(["GET", "POST"])
def words(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        if request.POST.get("delete"):
            SensitiveWord.objects.filter(pk=request.POST["delete"]).delete()
            messages.success(request, "已删除。")
            return redirect("staff:self_inspection_words")
        word = (request.POST.get("word") or "").strip()
        if not word or len(word) > 100:
            error = "请填写错误表述（不超过100字）。"
        elif SensitiveWord.objects.filter(word=word).exists():
            error = "该表述已在清单中。"
        else:
            SensitiveWord.objects.create(
                word=word, correction=(request.POST.get("correction") or "").strip()[:100],
                serious=bool(request.POST.get("serious")),
                note=(request.POST.get("note") or "").strip()[:200])
            messages.success(request, f"已添加：{word}")
            return redirect("staff:self_inspection_words")
    context: dict[str, Any] = {"words": SensitiveWord.objects.all(), "error": error,
                               "posted": request.POST if error else {}}
    return render(request, "self_inspection/words.html", context)
