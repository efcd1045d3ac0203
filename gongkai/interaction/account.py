"""The account page's 我的来信 panel: the messages this account wrote while signed in,
each linking to its case page (which opens for its writer without the code)."""

from __future__ import annotations

from typing import Any

from gongkai.core.account import cases_panel
from gongkai.interaction import selectors


def panel(user: Any) -> str | None:
    return cases_panel("interaction/_account_panel.html", selectors.submitted_by(user),
                       name="letters")
