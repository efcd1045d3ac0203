"""Each capability app declares its routes, its objects in the test world and its
personal-data markers in a module of its own here, ``tests/security/apps/<label>.py``, so a
new app never edits the shared tables (and two apps built side by side never collide).

A module may define any of:

- ``ROUTES: dict[str, Rule]``, ``API: dict[str, frozenset[str]]``,
  ``ADMIN_MODELS: dict[str, AdminPolicy]`` — merged into ``policy_table``'s tables (build
  the rules with ``policy_table``'s helpers: ``get``, ``post``, ``own``, ``anywhere``, …);
- ``build(w: World) -> None`` — adds the app's objects to ``w.objects`` (called at the end
  of ``dataset.build()``, inside its transaction; ``w.users[ROLE]`` are the signed-in
  people, ``w.agency`` / ``w.other`` the two agencies);
- ``kwargs(w: World) -> dict[str, dict]`` — the URL arguments of the app's routes, like
  ``_kwargs()`` in ``test_access_matrix.py``;
- ``QUERY: dict[str, dict]`` — query strings some routes need;
- ``MARKERS: dict[str, str]`` — personal-data or non-public strings the objects carry and
  that the leak test must never find on a public page.

A module must import only ``tests.security.policy_table`` at import time (``dataset`` and
the matrix import these modules), and the app's own code inside ``build``.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def app_modules() -> list[ModuleType]:
    """The app modules, in name order (stable across runs)."""
    return [importlib.import_module(f"{__name__}.{info.name}")
            for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)]
