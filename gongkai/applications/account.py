"""The account page's 我的申请 panel: the applications this account submitted while signed
in, each linking to its status page (which opens for its submitter without the code)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from gongkai.applications import selectors

SHOWN = 20


def panel(user: Any) -> str:
    found = list(selectors.cases_submitted_by(user).select_related("agency")[:SHOWN + 1])
    return render_to_string("applications/_account_panel.html",
                            {"applications": found[:SHOWN], "more": len(found) > SHOWN,
                             "shown": SHOWN})
