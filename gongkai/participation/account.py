"""The account page's 我的征集意见 panel: the ideas this account sent to solicitations while
signed in, each linking to its status page (which opens for its sender without the code)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from gongkai.participation import selectors

SHOWN = 20


def panel(user: Any) -> str | None:
    """Nothing at all for an account that never sent one: the page stays short."""
    found = list(selectors.ideas_submitted_by(user)[:SHOWN + 1])
    if not found:
        return None
    return render_to_string("participation/_account_panel.html",
                            {"ideas": found[:SHOWN], "more": len(found) > SHOWN,
                             "shown": SHOWN})
