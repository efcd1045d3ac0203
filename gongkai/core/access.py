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
        return wrapper

    return decorate


def any_staff(user: Any) -> bool:
    return True
