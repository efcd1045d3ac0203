"""The account page's 我的意见 panel: the comments on drafts this account wrote while signed
in, each linking to its tracking page (which opens for its writer without the code).
Nothing at all for an account that never commented: the page stays short."""

from __future__ import annotations

from typing import Any

from gongkai.consultations import selectors
from gongkai.core.account import cases_panel


def panel(user: Any) -> str | None:
    return cases_panel("consultations/_account_panel.html",
                       selectors.comments_submitted_by(user), name="comments", when_empty=False)
