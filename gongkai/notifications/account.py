"""The inbox's panel on the account page (unread count, link to the preferences)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from gongkai.notifications import selectors


def panel(user: Any) -> str:
    return render_to_string("notifications/_account_panel.html",
                            {"unread": selectors.unread_count(user),
                             "latest": list(selectors.inbox(user)[:3])})
