"""The subscriptions panel on the account page: the person's subscriptions and where to
change them."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from gongkai.subscriptions import selectors


def panel(user: Any) -> str:
    return render_to_string("subscriptions/_account_panel.html",
                            {"subscriptions": list(selectors.of_user(user)[:20])})
