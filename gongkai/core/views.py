"""Staff sign-in, the personal workspace, personal API tokens and the pattern page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

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


#: The design tokens of portal/css/site.css (:root), as the pattern page shows them; a test
#: checks this list against the stylesheet so the page cannot drift from it.
COLOUR_TOKENS = (
    ("--brand", "#a61b1b", _("主色：页头、按钮；白底对比度 6.9:1")),
    ("--brand-dark", "#7a1212", _("主色深：导航栏")),
    ("--text", "#1a1a1a", _("正文文字")),
    ("--muted", "#4a4a4a", _("次要文字：说明、元数据标签；白底对比度 8.9:1")),
    ("--line", "#d0d0d0", _("分隔线、卡片边框")),
    ("--bg", "#ffffff", _("页面背景")),
    ("--bg-soft", "#f6f4f1", _("卡片、元数据框背景")),
    ("--focus", "#0b57d0", _("焦点框（页头、导航上为白色框加深色内边）")),
)


@staff_view(any_staff)
@require_GET
def patterns(request):
    """The portal's design system on one page: the tokens and every shared component,
    drawn with the real stylesheet, so editors and developers build pages from them."""
    from gongkai.core import charts

    bars = [charts.Bar(str(_("予以公开")), 120), charts.Bar(str(_("部分公开")), 34),
            charts.Bar(str(_("不予公开")), 9)]
    return render(request, "staff/patterns.html", {
        "colours": COLOUR_TOKENS, "bars": bars,
        "chart": charts.bar_chart(bars, title=str(_("示例：办理结果")), chart_id="example"),
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
