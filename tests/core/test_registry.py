"""Apps contribute themselves through their AppConfig (gongkai/core/registry.py, issue 13)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings

from gongkai.core import registry
from gongkai.core.registry import GongkaiAppConfig, check_contributions, gongkai_apps
from gongkai.portal import sections as sections_module
from gongkai.portal.sections import PLANNED_ORDER, Section

ROOT = Path(__file__).resolve().parents[2]


def test_every_gongkai_app_is_a_gongkai_app_config():
    # An apps.py that imports GongkaiAppConfig must still have its own class picked
    # (Django takes the default AppConfig of the module).
    names = [app.name for app in gongkai_apps()]
    assert names == settings.GONGKAI_APPS


def test_every_declaration_resolves():
    assert check_contributions() == []


def test_demo_loaders_are_collected_at_start_up_in_app_order():
    # ``gongkai demo`` (and bench/search_bench.py) iterate LOADERS: nothing else fills it.
    from gongkai.core.demo_registry import LOADERS

    declared = [app.demo_name or app.label for app in gongkai_apps() if app.demo_loader]
    assert declared[:2] == ["calendar", "catalogue"]
    assert [name for name, _ in LOADERS] == declared


class _Fake(GongkaiAppConfig):
    pass


def _fake(label: str, **attributes) -> GongkaiAppConfig:
    cls = type(f"Fake{label}", (_Fake,), attributes)
    config = cls.__new__(cls)
    config.name, config.label = f"tests.{label}", label
    return config


def test_check_names_a_bad_declaration(monkeypatch):
    fakes = [
        _fake("a", global_urls=("gongkai-nowhere/", "gongkai.portal.urls")),
        _fake("b", staff_urls=("nowhere", "gongkai.portal.urls")),
        _fake("c", api_router=("/", "gongkai.core.api:no_such_router")),
        _fake("d", demo_loader="gongkai.no_such_module:load"),
    ]
    monkeypatch.setattr(registry, "gongkai_apps", lambda: iter(fakes))
    found = {(e.id, e.msg.split(".")[1].split(":")[0]) for e in check_contributions()}
    assert ("gongkai.E003", "a") in found  # an agency could take "gongkai-nowhere"
    assert ("gongkai.E001", "b") in found  # no trailing slash
    assert ("gongkai.E002", "c") in found
    assert ("gongkai.E002", "d") in found


def test_sections_follow_planned_order_not_app_order(monkeypatch):
    later = _fake("later", section=Section("legal", "法律服务", "laws:index"))
    earlier = _fake("earlier", section=Section("disclosure", "政府信息公开", "catalogue:index"))
    monkeypatch.setattr(sections_module, "gongkai_apps", lambda: iter([later, earlier]))
    assert [s.key for s in sections_module.sections()] == ["disclosure", "legal"]


def test_a_section_outside_the_planned_order_is_refused(monkeypatch):
    stray = _fake("stray", section=Section("blog", "博客", "portal:home"))
    monkeypatch.setattr(sections_module, "gongkai_apps", lambda: iter([stray]))
    with pytest.raises(ValueError, match="PLANNED_ORDER"):
        sections_module.sections()


def test_planned_order_places_the_next_sections():
    assert PLANNED_ORDER.index("interpretation") < PLANNED_ORDER.index("consultation") \
        < PLANNED_ORDER.index("interaction") < PLANNED_ORDER.index("service")


PROBE = textwrap.dedent("""
    import json
    import django
    django.setup()
    from django.urls import reverse
    from gongkai.api.api import api
    from gongkai.core.demo_registry import loaders
    from gongkai.core.registry import check_contributions
    from gongkai.core.workspace import all_tools
    from gongkai.jobs.registry import JOBS, PERIODIC
    from gongkai.portal.sections import sections
    from gongkai.portal.sitemaps import SITEMAPS
    print(json.dumps({
        "agency_url": reverse("stand_in:index", kwargs={"agency": "bureau"}),
        "staff_url": reverse("staff:stand_in"),
        "global_url": reverse("stand_in_global:index"),
        "api": sorted(p for p in api.get_openapi_schema()["paths"] if "stand-in" in p),
        "sections": [s.key for s in sections()],
        "tools": [t.url_name for t in all_tools()][-2:],
        "loaders": [name for name, _ in loaders()][-2:],
        "job": "stand_in.tick" in JOBS and any(p.name == "stand_in.tick" for p in PERIODIC),
        "sitemap": "stand-in" in SITEMAPS,
        "errors": [e.id for e in check_contributions()],
    }))
""")


def test_one_line_in_settings_installs_an_app(tmp_path):
    """The stand-in app in tests/registry_app is added by one line of its settings module;
    every contribution it declares shows up, and the foundation's stay in their order."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.registry_app.settings",
           "GONGKAI_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found["agency_url"] == "/bureau/stand-in/"
    assert found["staff_url"] == "/staff/stand-in/"
    assert found["global_url"] == "/verify-stand-in/"
    assert found["api"] == ["/api/v1/stand-in/ping"]
    # The foundation's sections and the stand-in's, in PLANNED_ORDER whatever else is installed.
    assert {"disclosure", "application", "consultation", "legal"} <= set(found["sections"])
    assert found["sections"] == [k for k in PLANNED_ORDER if k in found["sections"]]
    # Its tool and its demo loader come after every app listed before it in GONGKAI_APPS.
    assert found["tools"][-1] == "staff:stand_in"
    assert found["loaders"][-1] == "registry_app"
    assert found["job"] and found["sitemap"]
    # its platform-wide path is no reserved word: the check says an agency could take it
    assert found["errors"] == ["gongkai.E003"]
