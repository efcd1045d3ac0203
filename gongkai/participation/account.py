"""The account page's 我的征集意见 panel: the ideas this account sent to solicitations while
signed in, each linking to its status page (which opens for its sender without the code).
Nothing at all for an account that never sent one: the page stays short."""

from __future__ import annotations

from typing import Any

from gongkai.core.account import cases_panel
from gongkai.participation import selectors


def panel(user: Any) -> str | None:
    return cases_panel("participation/_account_panel.html", selectors.ideas_submitted_by(user),
                       name="ideas", when_empty=False)
