"""Staff pages under /staff/evaluation/: the rounds, a new round (criteria and the
departments evaluated), one round (invite evaluators, open, close, publish, the results
with the evaluators' remarks)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.core.access import staff_view
from gongkai.core.models import Agency, Department
from gongkai.core.policies import PermissionDeniedError
from gongkai.social_evaluation import selectors, services
from gongkai.social_evaluation.models import EvaluationRound, EvaluatorCategory
from gongkai.social_evaluation.policies import SocialEvaluationPolicy

DEFAULT_CRITERIA = "公开工作总体情况\n依申请公开答复质量\n政策解读与回应关切\n服务态度与办事效率"


def _agencies(user) -> list[Agency]:
    ids = SocialEvaluationPolicy.agencies_managed(user)
    qs = Agency.objects.order_by("sort_order", "id")
    return list(qs if ids is None else qs.filter(pk__in=ids))


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


@staff_view(SocialEvaluationPolicy.may_manage_any)
@require_http_methods(["GET", "POST"])
def round_list(request):
    agencies = _agencies(request.user)
    errors: list[str] = []
    if request.method == "POST":
        agency = next((a for a in agencies if a.slug == request.POST.get("agency")), None)
        start, end = _date(request.POST.get("period_start", "")), _date(
            request.POST.get("period_end", ""))
        if agency is None or start is None or end is None:
            errors = ["请选择机构并填写评议期间。"]
        else:
            try:
                rnd = services.round_create(
                    actor=request.user, agency=agency, title=request.POST.get("title", ""),
                    year=end.year, period_start=start, period_end=end,
                    description=request.POST.get("description", ""),
                    criteria=request.POST.get("criteria", "").splitlines(),
                    departments=Department.objects.filter(
                        agency=agency, pk__in=request.POST.getlist("departments")))
            except services.EvaluationInvalid as exc:
                errors = [m for problems in exc.errors.values() for m in problems]
            except PermissionDeniedError:
                errors = ["无权为该机构组织社会评议。"]
            else:
                messages.success(request, "已创建评议。")
                return redirect("staff:social_evaluation_round", pk=rnd.pk)
    year = timezone.localdate().year
    return render(request, "social_evaluation/staff/list.html", {
        "rounds": selectors.staff_rounds(
            agency_ids=SocialEvaluationPolicy.agencies_managed(request.user)),
        "agencies": agencies, "errors": errors, "default_criteria": DEFAULT_CRITERIA,
        "departments": Department.objects.filter(agency__in=agencies, is_active=True)
        .select_related("agency").order_by("agency_id", "sort_order", "id"),
        "default_start": dt.date(year, 1, 1), "default_end": dt.date(year, 12, 31),
    }, status=422 if errors else 200)


def _round(request, pk: int) -> EvaluationRound:
    rnd = EvaluationRound.objects.select_related("agency").filter(pk=pk).first()
    if rnd is None or not SocialEvaluationPolicy.can_manage(request.user, rnd.agency):
        raise Http404("no such round")
    return rnd


@staff_view(SocialEvaluationPolicy.may_manage_any)
@require_http_methods(["GET"])
def round_detail(request, pk: int):
    rnd = _round(request, pk)
    return render(request, "social_evaluation/staff/round.html", {
        "round": rnd, "evaluators": rnd.evaluators.select_related("user"),
        "categories": EvaluatorCategory.choices, "criteria": rnd.criteria.all(),
        "results": selectors.department_results(rnd), "remarks": selectors.remarks_of(rnd)})


@staff_view(SocialEvaluationPolicy.may_manage_any)
@require_POST
def round_invite(request, pk: int):
    rnd = _round(request, pk)
    category = request.POST.get("category", "")
    if category not in EvaluatorCategory.values:
        messages.error(request, "请选择评议人类别。")
        return redirect("staff:social_evaluation_round", pk=rnd.pk)
    try:
        evaluator, password = services.evaluator_invite(
            actor=request.user, round=rnd, username=request.POST.get("username", ""),
            name=request.POST.get("name", ""), category=category,
            email=request.POST.get("email", ""))
    except services.EvaluationInvalid:
        messages.error(request, "请填写账号和姓名（单位）。")
    except services.InvalidTransition:
        messages.error(request, "评议已结束，不能再邀请。")
    else:
        note = f"初始密码（只显示这一次，请当面或另行告知）：{password}" if password else \
            "该账号已存在，已加入本轮评议。"
        messages.success(request, f"已邀请 {evaluator.name}。{note}")
    return redirect("staff:social_evaluation_round", pk=rnd.pk)


@staff_view(SocialEvaluationPolicy.may_manage_any)
@require_POST
def round_transition(request, pk: int):
    rnd = _round(request, pk)
    step = {"open": services.round_open, "close": services.round_close,
            "publish": services.round_publish}.get(request.POST.get("to", ""))
    if step is None:
        messages.error(request, "没有这个操作。")
        return redirect("staff:social_evaluation_round", pk=rnd.pk)
    try:
        step(actor=request.user, round=rnd)
    except services.InvalidTransition:
        messages.error(request, "当前状态不能执行该操作。")
    return redirect("staff:social_evaluation_round", pk=rnd.pk)
