"""Template filters of the catalogue's pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from gongkai.catalogue import richtext

register = template.Library()


@register.filter
def record_body(source: Any) -> SafeString:
    """A record's, a version's or a preview's body as the public page shows it; every page
    goes through here so formatted bodies are cleaned the same way everywhere."""
    if isinstance(source, dict):
        return richtext.as_html(source.get("body") or "", source.get("body_html") or "")
    return richtext.as_html(source.body or "", getattr(source, "body_html", "") or "")
