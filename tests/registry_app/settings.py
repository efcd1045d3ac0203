"""The project's settings plus one line: the stand-in app."""

from gongkai.settings import *  # noqa: F403
from gongkai.settings import GONGKAI_APPS, INSTALLED_APPS

GONGKAI_APPS = [*GONGKAI_APPS[:-2], "tests.registry_app", *GONGKAI_APPS[-2:]]
INSTALLED_APPS = [app for app in INSTALLED_APPS if not app.startswith("gongkai.")] + GONGKAI_APPS
