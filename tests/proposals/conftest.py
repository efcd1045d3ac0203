import datetime as dt

import pytest
import time_machine

from gongkai.core.models import Role
from tests.factories import DepartmentFactory, staff


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def officer(agency):
    return staff(Role.DISCLOSURE_OFFICER, agency, "p-officer")


@pytest.fixture
def head(agency):
    return staff(Role.DEPARTMENT_HEAD, agency, "p-head")


@pytest.fixture
def lead(agency):
    return DepartmentFactory(agency=agency, name="律师工作管理处")


@pytest.fixture
def co(agency):
    return DepartmentFactory(agency=agency, name="公共法律服务管理处")


@pytest.fixture
def at():
    """``with at(date):`` freezes local time at 10:00 that day."""

    def travel(day: dt.date):
        return time_machine.travel(dt.datetime.combine(day, dt.time(10)), tick=False)

    return travel
