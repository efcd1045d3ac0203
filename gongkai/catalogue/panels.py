"""Panels other apps contribute to a public record page.

The catalogue does not know which apps explain or answer its records; an app that has
something to show on a record's public page (the interpretations of a policy, the policy an
interpretation explains) registers a panel in its ``AppConfig.ready``::

    register_record_panel("interpretations", render)

``render(request, record)`` returns the panel's HTML (rendered from the app's own template,
escaped as templates escape) or ``""`` when it has nothing for this record. The record page
shows the panels in registration order right after the body, so what explains the record
is seen before its attachments and history.

The staff record page has its own list (``register_staff_record_panel``), shown above the
review forms: what a reviewer must see before approving (the interpretations that will go
out with a policy).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.safestring import SafeString, mark_safe

Panel = Callable[[Any, Any], str]
_PANELS: dict[str, Panel] = {}
_STAFF_PANELS: dict[str, Panel] = {}


def register_record_panel(name: str, render: Panel) -> None:
    """Registering again under the same name replaces (``ready`` may run twice)."""
    _PANELS[name] = render


def record_panels(request: Any, record: Any) -> list[SafeString]:
    """The non-empty panels for ``record`` (a public record), in registration order."""
    out = []
    for render in list(_PANELS.values()):
        html = render(request, record)
        if html:
            out.append(mark_safe(html))  # noqa: S308 - rendered by the app's own template
    return out


def register_staff_record_panel(name: str, render: Panel) -> None:
    _STAFF_PANELS[name] = render


def staff_record_panels(request: Any, record: Any) -> list[SafeString]:
    """The non-empty staff panels for ``record`` (any state), in registration order."""
    out = []
    for render in list(_STAFF_PANELS.values()):
        html = render(request, record)
        if html:
            out.append(mark_safe(html))  # noqa: S308 - rendered by the app's own template
    return out
