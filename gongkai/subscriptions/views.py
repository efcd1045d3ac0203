"""Public pages: subscribe (no account needed), confirm, one-click unsubscribe, the push
link that counts a click, and an account holder's own subscriptions. No page shows an
address: the confirmation and unsubscribe pages say what was done, not to whom."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core.access import public_view
from gongkai.core.events import followable
from gongkai.core.intake import rate_limit
from gongkai.core.models import Agency
from gongkai.core.policies import PermissionDeniedError
from gongkai.core.selectors import agency_get_public
from gongkai.subscriptions import selectors, services, tokens
from gongkai.subscriptions.forms import FrequencyForm, SubscribeForm
from gongkai.subscriptions.models import Subscription


def _agency_or_404(request: HttpRequest, slug: str) -> Agency:
    agency = agency_get_public(slug)
    if agency is None:
        raise Http404("no such agency")
    request.agency = agency  # type: ignore[attr-defined]
    return agency


def _bad_link(request: HttpRequest, agency: Agency) -> HttpResponse:
    return render(request, "subscriptions/bad_link.html", {"agency": agency}, status=400)


@public_view
@require_http_methods(["GET", "POST"])
@rate_limit("subscriptions.subscribe")
def new(request: HttpRequest, agency: str) -> HttpResponse:
    found = _agency_or_404(request, agency)
    signed_in = request.user.is_authenticated
    initial = {"email": getattr(request.user, "email", "")} if signed_in else {}
    # ?follow=consultation:7 — one public object's progress (core.events' followables).
    follow = (request.POST.get("follow") or request.GET.get("follow") or "")[:60]
    subject = None
    if follow:
        kind, _sep, object_id = follow.partition(":")
        resolved = followable(kind, object_id)
        if resolved is None:
            raise Http404("nothing to follow")
        subject = {"kind": kind, "id": object_id, "title": resolved[0], "value": follow}
    form = SubscribeForm(request.POST or None, signed_in=signed_in, initial=initial,
                         following=subject is not None)
    if request.method == "POST" and form.is_valid() and not form.is_spam:
        data = form.cleaned_data
        if subject is not None:
            wanted = services.Wanted(others={subject["kind"]: [subject["id"]]},
                                     subject_label=f"《{subject['title']}》")
        else:
            wanted = services.Wanted(
                agency=found if data["this_agency"] else None, topics=list(data["topics"]),
                genres=list(data["genres"]), keywords=data["keywords"],
                audiences=list(data["audiences"]))
        try:
            services.subscribe(email=data["email"], wanted=wanted, frequency=data["frequency"],
                               via=data["via"], webhook_url=data.get("webhook_url") or "",
                               user=request.user if signed_in else None)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, messages)
        else:
            return redirect("subscriptions:sent", agency=found.slug)
    elif request.method == "POST" and form.is_spam:
        return redirect("subscriptions:sent", agency=found.slug)
    return render(request, "subscriptions/new.html", {"agency": found, "form": form,
                                                      "subject": subject})


@public_view
@require_GET
def sent(request: HttpRequest, agency: str) -> HttpResponse:
    return render(request, "subscriptions/sent.html", {"agency": _agency_or_404(request, agency)})


@public_view
@require_GET
def confirm(request: HttpRequest, agency: str, token: str) -> HttpResponse:
    found = _agency_or_404(request, agency)
    try:
        sub = services.confirm(token=token)
    except tokens.BadToken:
        return _bad_link(request, found)
    return render(request, "subscriptions/confirmed.html", {
        "agency": found, "summary": sub.summary, "status": sub.status,
        "unsubscribe_url": services.unsubscribe_url(sub)})


@public_view
@csrf_exempt  # RFC 8058 one-click: the mail client POSTs without a form of ours
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, agency: str, token: str) -> HttpResponse:
    found = _agency_or_404(request, agency)
    try:
        sub, changed = services.unsubscribe(token=token)
    except tokens.BadToken:
        return _bad_link(request, found)
    return render(request, "subscriptions/unsubscribed.html", {
        "agency": found, "summary": sub.summary, "changed": changed})


@public_view
@require_GET
def go(request: HttpRequest, agency: str, token: str) -> HttpResponse:
    found = _agency_or_404(request, agency)
    try:
        url = services.click(token=token)
    except tokens.BadToken:
        return _bad_link(request, found)
    return redirect(url if url.startswith("/") and not url.startswith("//") else "/")


@public_view
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"{settings.LOGIN_URL_PUBLIC}?next={request.path}")
    return render(request, "subscriptions/mine.html", {
        "subscriptions": selectors.of_user(request.user), "new_url": _new_url(),
        "form": FrequencyForm()})


@public_view
@require_POST
def mine_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"{settings.LOGIN_URL_PUBLIC}?next={request.path}")
    sub = get_object_or_404(Subscription, pk=pk, user=request.user)
    action = request.POST.get("action", "")
    try:
        if action == "unsubscribe":
            services.unsubscribe_subscription(pk=sub.pk)
        elif action == "resume":
            services.resume(actor=request.user, sub=sub)
        else:
            form = FrequencyForm(request.POST)
            if form.is_valid():
                services.subscription_update(actor=request.user, sub=sub,
                                             frequency=form.cleaned_data["frequency"])
    except PermissionDeniedError as exc:
        raise Http404("not yours") from exc
    return redirect("my_subscriptions:list")


def _new_url() -> str:
    from django.urls import reverse

    slug = services.any_agency_slug()
    return reverse("subscriptions:new", kwargs={"agency": slug}) if slug else ""
