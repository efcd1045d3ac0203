"""Small lookups the search templates need (a dict item, a form value by name)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""


@register.filter
def field_value(form: Any, name: str) -> str:
    data = getattr(form, "cleaned_data", None) or {}
    return str(data.get(name) or "")
