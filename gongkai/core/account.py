"""What other apps show on a person's account page (/accounts/), without core importing
them: an app registers ``fn(user) -> str | None`` (rendered HTML, or None for nothing) from
its ``AppConfig.ready``; the page shows the panels in registration order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Panel = Callable[[Any], str | None]
_PANELS: dict[str, Panel] = {}


def register_account_panel(name: str, panel: Panel) -> None:
    """Registering again under the same name replaces."""
    _PANELS[name] = panel


def account_panels(user: Any) -> list[str]:
    return [html for html in (panel(user) for panel in _PANELS.values()) if html]
