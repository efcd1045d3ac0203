"""Demo loaders contributed by apps, run by ``gongkai demo`` after the foundation's own.

Core knows no feature app; each app names its loader in ``demo_loader`` on its
``AppConfig`` (gongkai/core/registry.py), and ``CoreConfig.ready`` collects them into
``LOADERS`` in ``GONGKAI_APPS`` order: the catalogue's records exist before search indexes
them. A loader takes ``records`` (how many synthetic records were asked for, or None) and
returns a dict of counts; it must be idempotent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gongkai.core.registry import gongkai_apps, resolve

Loader = Callable[..., dict[str, int]]
LOADERS: list[tuple[str, Loader]] = []


def register_demo_loader(name: str, loader: Loader) -> None:
    """Add a loader once (by name and by function): a demo module that still registers
    itself when imported adds nothing to its declaration."""
    if all(name != n and loader is not fn for n, fn in LOADERS):
        LOADERS.append((name, loader))


def collect_declared() -> None:
    """The apps' ``demo_loader`` declarations, in app order; run from ``CoreConfig.ready``."""
    for app in gongkai_apps():
        if app.demo_loader:
            register_demo_loader(app.demo_name or app.label, resolve(app.demo_loader))


def loaders() -> list[tuple[str, Loader]]:
    return list(LOADERS)


def run_loaders(**options: Any) -> dict[str, dict[str, int]]:
    return {name: loader(**options) for name, loader in LOADERS}
