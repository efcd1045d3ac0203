"""The account holder's inbox and channel preference (signed-in accounts only; each person
sees only their own messages)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from gongkai.core.access import public_view
from gongkai.notifications import selectors, services


class PreferenceForm(forms.Form):
    email = forms.BooleanField(label=_("通过电子邮件通知我"), required=False)
    inbox = forms.BooleanField(label=_("在站内消息中通知我"), required=False)


def _sign_in(request):
    return redirect(f"{settings.LOGIN_URL_PUBLIC}?next={request.path}")


@public_view
@require_http_methods(["GET", "POST"])
def inbox(request):
    if not request.user.is_authenticated:
        return _sign_in(request)
    if request.method == "POST":
        services.inbox_mark_read(user=request.user)
        return redirect("notifications:inbox")
    page = Paginator(selectors.inbox(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {
        "page": page, "unread": selectors.unread_count(request.user)})


@public_view
@require_http_methods(["GET", "POST"])
def preferences(request):
    if not request.user.is_authenticated:
        return _sign_in(request)
    pref = selectors.preference_for(request.user)
    form = PreferenceForm(request.POST or None,
                          initial={"email": pref.email, "inbox": pref.inbox})
    if request.method == "POST" and form.is_valid():
        services.preference_set(user=request.user, email=form.cleaned_data["email"],
                                inbox=form.cleaned_data["inbox"])
        return redirect("notifications:inbox")
    return render(request, "notifications/preferences.html", {"form": form})
