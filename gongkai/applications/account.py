"""The account page's 我的申请 panel: the applications this account submitted while signed
in, each linking to its status page (which opens for its submitter without the code)."""

from __future__ import annotations

from typing import Any

from gongkai.applications import selectors
from gongkai.core.account import cases_panel


def panel(user: Any) -> str | None:
    return cases_panel("applications/_account_panel.html",
                       selectors.cases_submitted_by(user).select_related("agency"),
                       name="applications")
