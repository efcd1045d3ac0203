"""Public pages: the agency's published interpretations, and the panel on catalogue record
pages (a policy shows its interpretations first; an interpretation leads back to its
policy and to the policy that replaced it)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from gongkai.catalogue.visibility import public_q
from gongkai.core.access import public_view
from gongkai.core.selectors import agency_get_public
from gongkai.interpretations import selectors
from gongkai.interpretations.models import Form, Interpretation, Status


def record_panel(request: HttpRequest, record) -> str:
    """For ``catalogue.panels``: the policy's interpretations, or the way back to the
    policy from an interpretation. Only public records are linked."""
    explained = selectors.public_for_record(record)
    policy = None
    newer = None
    if explained is not None:
        policy = explained.policy
        if not policy.is_public:
            policy = None
        elif policy.replaced_by_id and policy.replaced_by and policy.replaced_by.is_public:
            newer = policy.replaced_by
    interpretations = list(selectors.public_for_policy(record))
    if not interpretations and policy is None:
        return ""
    return render_to_string("interpretations/public/_panel.html", {
        "record": record, "interpretations": interpretations, "explained": explained,
        "policy": policy, "newer": newer}, request=request)


@public_view
@require_safe
def index(request: HttpRequest, agency: str) -> HttpResponse:
    found = agency_get_public(agency)
    if found is None:
        raise Http404("no such agency")
    request.agency = found  # type: ignore[attr-defined]
    form = request.GET.get("form", "")
    qs = (Interpretation.objects.filter(agency=found, status=Status.PUBLISHED)
          .filter(public_q("record__")).select_related("record", "policy", "department")
          .order_by("-published_at", "-pk"))
    if form in Form.values:
        qs = qs.filter(form=form)
    else:
        form = ""
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(request, "interpretations/public/index.html", {
        "agency": found, "nav_current": "interpretation", "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "forms": Form.choices, "form": form})


def staff_record_panel(request: HttpRequest, record) -> str:
    """For the catalogue's staff record page: the policy's interpretations with their
    state, whether 三同步 covers it and what stands in the way of its publication."""
    from gongkai.interpretations import services
    from gongkai.interpretations.models import Waiver

    items = list(Interpretation.objects.filter(policy=record).select_related("department")
                 .order_by("pk"))
    covered = bool(services.needs_interpretation([record])) if record.current_version_id is None \
        else False
    if not items and not covered:
        return ""
    return render_to_string("interpretations/staff/_record_panel.html", {
        "record": record, "items": items, "covered": covered,
        "refusal": services.sync_guard([record]).get(record.pk, "") if covered else "",
        "waiver": Waiver.objects.filter(policy=record).first()}, request=request)
