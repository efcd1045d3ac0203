"""The account page's 我的意见 panel: the comments on drafts this account wrote while signed
in, each linking to its tracking page (which opens for its writer without the code)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from gongkai.consultations import selectors

SHOWN = 20


def panel(user: Any) -> str | None:
    """Nothing at all for an account that never commented: the page stays short."""
    found = list(selectors.comments_submitted_by(user)[:SHOWN + 1])
    if not found:
        return None
    return render_to_string("consultations/_account_panel.html",
                            {"comments": found[:SHOWN], "more": len(found) > SHOWN,
                             "shown": SHOWN})
