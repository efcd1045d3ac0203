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


#: Each "my cases" panel lists the newest this many and says when there are more.
SHOWN = 20


def cases_panel(template: str, cases: Any, *, name: str, when_empty: bool = True) -> str | None:
    """A panel of the person's own cases (an app's queryset, newest first) rendered with
    ``template``, which gets them as ``name`` with ``more`` and ``shown``; ``when_empty``
    False leaves the panel out for a person with none."""
    from django.template.loader import render_to_string

    found = list(cases[:SHOWN + 1])
    if not found and not when_empty:
        return None
    return render_to_string(template, {name: found[:SHOWN], "more": len(found) > SHOWN,
                                       "shown": SHOWN})
