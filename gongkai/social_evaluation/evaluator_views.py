"""The evaluator's pages under /accounts/evaluation/: the rounds they are invited to, the
period's public pages and published figures, and the form (once, while the round is open).

They wear ``public_view`` like the other /accounts/ pages and check inside: a visitor who
is not signed in goes to the public sign-in; a signed-in person who is not invited to the
round (staff included: evaluation is not a staff task) gets 403. The evaluator's account
is not staff, so every staff page refuses it (gongkai.core.policies)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.core.access import public_view
from gongkai.core.policies import PermissionDeniedError
from gongkai.social_evaluation import selectors, services
from gongkai.social_evaluation.models import RoundStatus, Score
from gongkai.social_evaluation.policies import SocialEvaluationPolicy


def _refuse(request):
    if not request.user.is_authenticated:
        return redirect(f"{settings.LOGIN_URL_PUBLIC}?next={request.path}")
    return render(request, "403.html", status=403)


@public_view
@require_safe
def home(request):
    if not request.user.is_authenticated or not SocialEvaluationPolicy.is_evaluator(
            request.user):
        return _refuse(request)
    return render(request, "social_evaluation/evaluator/home.html", {
        "invitations": selectors.evaluator_rounds(request.user)})


def _period_links(rnd) -> list[tuple[str, str]]:
    """Public pages of the round's agency that hold the period's published figures."""
    slug = rnd.agency.slug
    links = [("机构首页", reverse("portal:agency_home", kwargs={"agency": slug})),
             ("政府信息公开年度报告", reverse("reports:index", kwargs={"agency": slug})),
             ("社会评议结果", reverse("social_evaluation:index", kwargs={"agency": slug}))]
    return links


@public_view
@require_http_methods(["GET", "POST"])
def round_view(request, pk: int):
    if not request.user.is_authenticated:
        return _refuse(request)
    invitation = selectors.evaluator_get(request.user, pk)
    if invitation is None:
        return _refuse(request)
    rnd = invitation.round
    departments = list(rnd.departments.order_by("sort_order", "id"))
    criteria = list(rnd.criteria.all())
    errors: list[str] = []
    if request.method == "POST":
        scores, remarks = {}, {}
        for d in departments:
            remarks[d.pk] = request.POST.get(f"remark-{d.pk}", "")[:1000]
            for c in criteria:
                raw = request.POST.get(f"score-{d.pk}-{c.pk}", "")
                if raw.isdigit():
                    scores[(d.pk, c.pk)] = int(raw)
        try:
            services.evaluation_submit(user=request.user, round=rnd, scores=scores,
                                       remarks=remarks)
        except services.EvaluationInvalid as exc:
            errors = [m for problems in exc.errors.values() for m in problems]
        except (services.InvalidTransition, PermissionDeniedError):
            errors = ["本轮评议不在进行中，或您已提交过评议。"]
        else:
            messages.success(request, "评议已提交，谢谢。")
            return redirect("evaluation:round", pk=rnd.pk)
    return render(request, "social_evaluation/evaluator/round.html", {
        "round": rnd, "invitation": invitation, "departments": departments,
        "criteria": criteria, "grades": Score.choices, "errors": errors,
        "can_submit": rnd.status == RoundStatus.OPEN and invitation.submitted_at is None,
        "links": _period_links(rnd), "posted": request.POST if errors else {},
        "results": selectors.department_results(rnd)
        if rnd.status == RoundStatus.PUBLISHED else None,
    }, status=422 if errors else 200)
