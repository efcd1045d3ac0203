"""The account page's 我的来信 panel: the messages this account wrote while signed in,
each linking to its case page (which opens for its writer without the code)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from gongkai.interaction import selectors

SHOWN = 20


def panel(user: Any) -> str:
    found = list(selectors.submitted_by(user)[:SHOWN + 1])
    return render_to_string("interaction/_account_panel.html",
                            {"letters": found[:SHOWN], "more": len(found) > SHOWN,
                             "shown": SHOWN})
