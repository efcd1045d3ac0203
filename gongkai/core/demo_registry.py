"""Demo loaders contributed by apps, run by ``gongkai demo`` after the foundation's own.

Core knows no feature app; each app names its loader in ``demo_loader`` on its
``AppConfig`` (gongkai/core/registry.py). They run in ``GONGKAI_APPS`` order: the
catalogue's records exist before search indexes them. A loader takes ``records`` (how many
synthetic records were asked for, or None) and returns a dict of counts; it must be
idempotent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gongkai.core.registry import gongkai_apps, resolve

Loader = Callable[..., dict[str, int]]
#: loaders registered by hand (``register_demo_loader``), after the declared ones
LOADERS: list[tuple[str, Loader]] = []


def register_demo_loader(name: str, loader: Loader) -> None:
    """For a loader that is not an app's; an app declares ``demo_loader`` instead.

    Registering a declared loader again (a demo module that still calls this) is harmless.
    """
    if name not in {n for n, _ in LOADERS}:
        LOADERS.append((name, loader))


def loaders() -> list[tuple[str, Loader]]:
    declared = [(app.demo_name or app.label, resolve(app.demo_loader))
                for app in gongkai_apps() if app.demo_loader]
    names = {n for n, _ in declared}
    functions = {id(fn) for _, fn in declared}
    return declared + [(n, fn) for n, fn in LOADERS if n not in names and id(fn) not in functions]


def run_loaders(**options: Any) -> dict[str, dict[str, int]]:
    return {name: loader(**options) for name, loader in loaders()}
