"""Public accounts: optional registration, sign-in and a personal page.

Nobody needs an account to read or apply; an account will let a person follow their
applications and subscriptions in one place. Registration is rate-limited per address.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gongkai.core.access import public_view
from gongkai.core.forms import RegistrationForm
from gongkai.core.intake import rate_limit
from gongkai.core.services import user_create

login = public_view(auth_views.LoginView.as_view(
    template_name="accounts/login.html", redirect_authenticated_user=True,
    next_page="accounts:home"))
logout = public_view(auth_views.LogoutView.as_view(next_page="portal:home"))


@public_view
@require_http_methods(["GET", "POST"])
@rate_limit("accounts.register")
def register(request):
    form = RegistrationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = user_create(actor=None, username=form.cleaned_data["username"],
                               password=form.cleaned_data["password1"],
                               email=form.cleaned_data["email"], is_staff=False)
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("accounts:home")
    return render(request, "accounts/register.html", {"form": form})


@public_view
def home(request):
    if not request.user.is_authenticated:
        return redirect(f"{settings.LOGIN_URL_PUBLIC}?next={request.path}")
    from gongkai.core.account import account_panels

    return render(request, "accounts/home.html", {"panels": account_panels(request.user)})
