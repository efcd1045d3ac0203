import os

import pytest

from gongkai.core.models import Role
from tests.factories import AgencyFactory, staff

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# fixtures in that thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _no_ratelimit_bleed(settings, request):
    """An empty cache per test, and a cheap password hasher.

    Argon2 (the configured hasher) costs about half a second per password on the shared CI
    machine, and nearly every test makes users with passwords; only the tests marked
    ``argon2`` are about how passwords are stored, and they keep the configured hashers.
    The configured ones stay listed after MD5, so a password hashed outside a test (a
    module-scoped fixture) still verifies.
    """
    from django.core.cache import cache

    cache.clear()
    if request.node.get_closest_marker("argon2") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",
                                     *settings.PASSWORD_HASHERS]
    yield


@pytest.fixture
def agency(db):
    return AgencyFactory(slug="sfj", name="上海市司法局", short_name="市司法局",
                         organisation_code="002420455M")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(slug="xhsfj", name="上海市徐汇区司法局", short_name="徐汇区司法局",
                         organisation_code="00242XH01A")


@pytest.fixture
def platform_admin(db):
    return staff(Role.PLATFORM_ADMIN, None, "padmin")


@pytest.fixture
def agency_admin(agency):
    return staff(Role.AGENCY_ADMIN, agency, "aadmin")


@pytest.fixture
def editor(agency):
    return staff(Role.EDITOR, agency, "editor1")


@pytest.fixture
def public_user(db):
    from tests.factories import UserFactory

    return UserFactory(username="citizen", is_staff=False)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Drop the append-only triggers (audit trail and the logs in audit/chains.py) for the
    test session.

    Transactional tests empty every table afterwards, which the triggers rightly refuse;
    tests of the triggers themselves install them inside their own transaction.
    """
    from django.db import connection

    from gongkai.audit.chains import drop_all_triggers
    from gongkai.audit.migrations import _triggers

    with django_db_blocker.unblock():
        _triggers.drop(connection)
        drop_all_triggers(connection)
    yield


def pytest_collection_modifyitems(config, items):
    """The visual regression check and the Nu HTML checker look at pages, which do not depend
    on the database: they run with SQLite only (scripts/test.sh runs the suite on both; on
    PostgreSQL they are reported as deselected), so the side-by-side run does not pay twice."""
    from django.conf import settings

    # ... and the real-replica test (marker replica) runs in the PostgreSQL suite only: it
    # needs the PostgreSQL server programs, which the SQLite-only newcomer may lack.
    on_postgresql = "postgresql" in settings.DATABASES["default"]["ENGINE"]
    other = {"visual", "nu"} if on_postgresql else {"replica"}
    left_out = [item for item in items if any(item.get_closest_marker(m) for m in other)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if item not in left_out]
