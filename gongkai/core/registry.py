"""What each app contributes to the site, declared on its ``AppConfig`` (issue 13).

Adding an app is one line in ``GONGKAI_APPS`` (gongkai/settings.py). The app's
``AppConfig`` subclasses :class:`GongkaiAppConfig` and declares, as class attributes, what it
brings: its public pages (under each agency's address or platform-wide), its staff pages,
its API router, its portal section, its sitemaps, its demo loader and its jobs module. The
central modules *read* these declarations instead of listing the apps:

- ``gongkai/urls.py`` mounts ``agency_urls`` and ``global_urls``;
- ``gongkai/staff_urls.py`` mounts ``staff_urls`` in the ``staff`` namespace;
- ``gongkai/api/api.py`` adds each ``api_router``;
- ``gongkai/portal/sections.py`` orders the ``section`` s (the order rule stays there);
- ``gongkai/portal/apps.py`` adds the ``sitemaps``;
- ``gongkai/portal/home.py`` asks each ``home_block`` for the agency home page;
- ``gongkai/core/workspace.py`` asks ``workspace_tools()``;
- ``gongkai/core/apps.py`` collects the ``demo_loader`` s for ``gongkai demo``;
- ``gongkai/jobs/apps.py`` imports the ``jobs`` modules, whose ``@job``/``@periodic``
  decorators register them.

Everything is read in ``GONGKAI_APPS`` order, which is why that order matters (the demo
loaders run in it: the catalogue's records exist before search indexes them).

Nothing here runs in an app's own ``ready()``, which stays free for its signal receivers
and needs no ``super().ready()``: the lower apps read the declarations (core, jobs and
portal in their ``ready()``, the rest when first asked). Core stays below every feature app: it imports
none; it only imports the dotted paths the apps name, when asked.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib import import_module
from typing import Any, ClassVar

from django.apps import AppConfig, apps
from django.core import checks


class GongkaiAppConfig(AppConfig):
    """An app of the platform; every attribute is optional.

    Paths are relative and end with ``/`` (or are ``""``); dotted targets are
    ``"package.module"`` or ``"package.module:attribute"``.
    """

    #: public pages under each agency, ``(path, urlconf)``: ``("disclosure/",
    #: "gongkai.catalogue.urls")`` serves ``/<agency>/disclosure/…``; the urlconf keeps its
    #: own ``app_name`` namespace and receives the slug as the ``agency`` argument.
    agency_urls: ClassVar[tuple[str, str] | None] = None
    #: platform-wide public pages, ``(path, urlconf)``, e.g. ``("verify/", …)``. The
    #: path's first segment must be in ``RESERVED_SLUGS`` (no agency may take it).
    global_urls: ClassVar[tuple[str, str] | None] = None
    #: staff pages under ``/staff/<path>``, ``(path, urlconf)``; the urlconf has no
    #: ``app_name``: its names join the ``staff`` namespace (``staff:catalogue_records``).
    staff_urls: ClassVar[tuple[str, str] | None] = None
    #: the API router, ``(prefix, "module:router")``, mounted under ``/api/v1``.
    api_router: ClassVar[tuple[str, str] | None] = None
    #: the portal navigation entry, a ``gongkai.portal.sections.Section`` whose key is in
    #: ``PLANNED_ORDER`` (that list alone decides the order).
    section: ClassVar[Any] = None
    #: sitemap.xml sections, ``{name: "module:SitemapClass"}``.
    sitemaps: ClassVar[dict[str, str]] = {}
    #: ``"module:function"`` run by ``gongkai demo``: ``fn(records=…) -> dict[str, int]``,
    #: idempotent. Reported under ``demo_name`` (default: the app label).
    demo_loader: ClassVar[str | None] = None
    demo_name: ClassVar[str | None] = None
    #: the module whose ``@job``/``@periodic`` decorators register the app's jobs.
    jobs: ClassVar[str | None] = None
    #: ``"module:function"`` giving the app's block on each agency's home page:
    #: ``fn(agency) -> HomeBlock | list[HomeBlock] | None`` (gongkai.portal.home: its latest items and entry
    #: points). Blocks appear in the order of the app's ``section`` in ``PLANNED_ORDER``.
    home_block: ClassVar[str | None] = None
    #: ``"module:function"`` giving the app's public columns for the website self-inspection
    #: (gongkai.self_inspection): ``fn(agency) -> list[dict]``, each ``{"key", "name",
    #: "kind" (news|notice|policy|interaction|service|report), "url", "updated_on" (a date
    #: or None), "count"}``. Plain dicts, so the app need not import the inspection.
    inspection_columns: ClassVar[str | None] = None
    #: ``"module:function"`` giving facts the inspection scores: ``fn(agency, context) ->
    #: list[dict]``, each ``{"key", "items": [{"title", "url", "date"}]}`` (keys and the
    #: ``context`` limits in gongkai/self_inspection/rules.py).
    inspection_signals: ClassVar[str | None] = None
    #: ``"module:function"`` naming who edits one of the app's public pages, for the
    #: self-inspection's report of a broken link: ``fn(url_name, kwargs) -> list[User] |
    #: None`` (``url_name`` with its namespace, e.g. ``"catalogue:record"``; None: not one
    #: of this app's pages).
    inspection_page_editors: ClassVar[str | None] = None

    # Django picks the one AppConfig subclass of an ``apps.py`` marked as default; this
    # base class is imported there too, so it steps aside and its subclasses step in.
    default = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "default" not in cls.__dict__:
            cls.default = True

    def workspace_tools(self) -> Iterable[Any]:
        """The app's tools on the staff workspace: ``gongkai.core.workspace.Tool`` s.

        A method, not an attribute, because the checks are policies that import models,
        which cannot be imported while the app registry is loading ``apps.py``.
        """
        return ()


def gongkai_apps() -> Iterator[GongkaiAppConfig]:
    """The installed Gongkai apps, in ``INSTALLED_APPS`` order."""
    for config in apps.get_app_configs():
        if isinstance(config, GongkaiAppConfig):
            yield config


def resolve(dotted: str) -> Any:
    """``"package.module:attribute"`` → the attribute; ``"package.module"`` → the module."""
    module, _, attribute = dotted.partition(":")
    loaded = import_module(module)
    return getattr(loaded, attribute) if attribute else loaded


@checks.register()
def check_contributions(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """``gongkai check`` (and every ``migrate``/``runserver``) names a bad declaration."""
    from gongkai.core.models import RESERVED_SLUGS

    errors: list[checks.CheckMessage] = []
    for config in gongkai_apps():
        for attr in ("agency_urls", "global_urls", "staff_urls", "api_router"):
            value = getattr(config, attr)
            if value is None:
                continue
            prefix, target = value
            if attr != "api_router" and prefix and not prefix.endswith("/"):
                errors.append(checks.Error(f"{config.name}.{attr}: path {prefix!r} must end "
                                           "with '/'", id="gongkai.E001"))
            try:
                resolve(target)
            except (ImportError, AttributeError) as exc:
                errors.append(checks.Error(f"{config.name}.{attr}: cannot import {target!r}: "
                                           f"{exc}", id="gongkai.E002"))
        if config.global_urls and config.global_urls[0].split("/")[0] not in RESERVED_SLUGS:
            errors.append(checks.Error(
                f"{config.name}.global_urls: {config.global_urls[0]!r} could be an agency's "
                "slug", hint="add its first segment to RESERVED_SLUGS in gongkai/core/models.py",
                id="gongkai.E003"))
        targets = [*config.sitemaps.values(), config.demo_loader, config.jobs,
                   config.home_block, config.inspection_columns, config.inspection_signals,
                   config.inspection_page_editors]
        for target in filter(None, targets):
            try:
                resolve(target)
            except (ImportError, AttributeError) as exc:
                errors.append(checks.Error(f"{config.name}: cannot import {target!r}: {exc}",
                                           id="gongkai.E002"))
    return errors
