"""Staff pages: targeted pushes to an audience with their counts (sent, clicked through
the site's link, unsubscribed from the push's message), and the audiences themselves."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core.access import staff_view
from gongkai.core.models import Agency
from gongkai.core.policies import agency_ids_for
from gongkai.subscriptions import selectors, services
from gongkai.subscriptions.forms import AudienceForm, PushForm
from gongkai.subscriptions.models import Audience, Status, Subscription
from gongkai.subscriptions.policies import PUSH_ROLES, may_push_any


def _agencies(user: Any):
    ids = agency_ids_for(user, PUSH_ROLES)
    rows = Agency.objects.filter(is_active=True).order_by("sort_order", "pk")
    return rows if ids is None else rows.filter(pk__in=ids)


class _AgencyPushForm(PushForm):
    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        from django import forms

        self.fields["agency"] = forms.ModelChoiceField(label="发布机构", queryset=agencies)
        self.order_fields(["agency"])


def _page(request: HttpRequest, push_form=None, audience_form=None, status=200):
    agencies = _agencies(request.user)
    audiences = Audience.objects.order_by("name")
    active = dict(Subscription.objects.filter(status=Status.ACTIVE, criteria__kind="audience")
                  .values_list("criteria__value").annotate(n=Count("pk")))
    return render(request, "subscriptions/staff/index.html", {
        "pushes": selectors.pushes(agency_ids_for(request.user, PUSH_ROLES))[:50],
        "audiences": [(a, active.get(a.code, 0)) for a in audiences],
        "push_form": push_form or _AgencyPushForm(agencies=agencies),
        "audience_form": audience_form or AudienceForm()}, status=status)


@staff_view(may_push_any)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return _page(request)


@staff_view(may_push_any)
@require_POST
def push_new(request: HttpRequest) -> HttpResponse:
    form = _AgencyPushForm(request.POST, agencies=_agencies(request.user))
    if not form.is_valid():
        return _page(request, push_form=form, status=400)
    data = form.cleaned_data
    try:
        push = services.push_send(actor=request.user, agency=data["agency"],
                                  audience=data["audience"], title=data["title"],
                                  url=data["url"], message=data["message"])
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return _page(request, push_form=form, status=400)
    return redirect("staff:subscriptions_push", pk=push.pk)


@staff_view(may_push_any)
@require_POST
def audience_new(request: HttpRequest) -> HttpResponse:
    form = AudienceForm(request.POST)
    if not form.is_valid():
        return _page(request, audience_form=form, status=400)
    services.audience_create(actor=request.user, code=form.cleaned_data["code"],
                             name=form.cleaned_data["name"])
    return redirect("staff:subscriptions_index")


@staff_view(may_push_any)
@require_http_methods(["GET"])
def push_detail(request: HttpRequest, pk: int) -> HttpResponse:
    push = selectors.pushes(agency_ids_for(request.user, PUSH_ROLES)).filter(pk=pk).first()
    if push is None:
        raise Http404("no such push")
    return render(request, "subscriptions/staff/push.html", {"push": push})
