"""Access decorators every view must wear: ``public_view`` or ``staff_view``.

A test walks the URL configuration and fails for any view that wears neither, so a new
staff page cannot ship without a permission check (STYLE.md, Permissions).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.urls import resolve, reverse

from gongkai.core.policies import is_staff_member

ACCESS_ATTR = "gongkai_access"


def public_view(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view as deliberately open to anyone (it must show nothing personal)."""
    setattr(view, ACCESS_ATTR, "public")
    return view


def staff_view(check: Callable[[Any], bool]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Require a signed-in staff member for whom ``check(user)`` holds.

    ``check`` is the coarse policy question ("may this person see the audit trail at
    all"); object-level questions are asked again inside the view through the policy.
    """

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not is_staff_member(user) or not check(user):
                return render(request, "staff/forbidden.html", status=403)
            return view(request, *args, **kwargs)

        setattr(wrapper, ACCESS_ATTR, "staff")
        # kept so staff navigation asks the very question the view asks (core.workspace)
        wrapper.gongkai_check = check  # type: ignore[attr-defined]
        return wrapper

    return decorate


def may_open(user: Any, url_name: str) -> bool:
    """Whether ``user`` would get the page named ``url_name`` rather than a 403: the staff
    navigation and the workspace link only where this holds, asking the view's own
    ``staff_view`` check, so a link and its page cannot disagree."""
    view = resolve(reverse(url_name)).func
    if getattr(view, ACCESS_ATTR, None) == "public":
        return True
    check = getattr(view, "gongkai_check", None)
    return check is not None and is_staff_member(user) and bool(check(user))


def any_staff(user: Any) -> bool:
    return True
