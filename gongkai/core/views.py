"""Staff sign-in, the personal workspace, and personal API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.core.access import any_staff, public_view, staff_view
from gongkai.core.models import ApiToken
from gongkai.core.policies import (
    ApiTokenPolicy,
    is_platform_admin,
    roles_of,
)
from gongkai.core.services import api_token_create, api_token_revoke
from gongkai.core.workspace import staff_links, tallies_for, tools_for

login = public_view(auth_views.LoginView.as_view(
    template_name="staff/login.html", redirect_authenticated_user=True))
logout = public_view(auth_views.LogoutView.as_view())


@staff_view(any_staff)
def workspace(request):
    """What this person can do, in which agencies: the start page after signing in."""
    user = request.user
    tools = tools_for(user)
    links = [(link.url_name, link.label) for link in staff_links(user)]
    return render(request, "staff/workspace.html", {
        "memberships": roles_of(user),
        "is_platform_admin": is_platform_admin(user),
        "links": links,
        "tallies": tallies_for(user, tools),
        "can_admin": is_platform_admin(user) or any(
            m.role == "agency_admin" for m in roles_of(user)),
    })


@staff_view(ApiTokenPolicy.can_manage_own)
@require_http_methods(["GET", "POST"])
def tokens(request):
    new_secret = None
    if request.method == "POST":
        name = request.POST.get("name", "").strip()[:100]
        _token, new_secret = api_token_create(actor=request.user, user=request.user, name=name)
    return render(request, "staff/tokens.html", {
        "tokens": ApiToken.objects.filter(user=request.user).order_by("-created_at"),
        "new_secret": new_secret,
    })


@staff_view(ApiTokenPolicy.can_manage_own)
@require_POST
def token_revoke(request, token_id: int):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    api_token_revoke(actor=request.user, token=token)
    messages.success(request, "令牌已吊销。")
    return redirect("staff:tokens")
