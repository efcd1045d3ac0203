"""Demo loaders contributed by apps, run by ``gongkai demo`` after the foundation's own.

Core knows no feature app; each app registers its loader in ``AppConfig.ready``.
A loader takes ``records`` (how many synthetic records were asked for, or None) and
returns a dict of counts; it must be idempotent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Loader = Callable[..., dict[str, int]]
LOADERS: list[tuple[str, Loader]] = []


def register_demo_loader(name: str, loader: Loader) -> None:
    if name not in {n for n, _ in LOADERS}:
        LOADERS.append((name, loader))


def run_loaders(**options: Any) -> dict[str, dict[str, int]]:
    return {name: loader(**options) for name, loader in LOADERS}
