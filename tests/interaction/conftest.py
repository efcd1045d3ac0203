"""Fixtures for interaction tests: handlers of the bureau and of another agency, a
department, valid mailbox fields, and a helper that submits a message at a given moment."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from gongkai.core.models import Role
from tests.factories import DepartmentFactory, staff

SH = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: dt.date, hour: int = 10):
    """Travel to ``hour`` o'clock Beijing time on ``day`` (time frozen)."""
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour), tzinfo=SH), tick=False)


def fields(**overrides):
    return {"type": "consult", "subject": "关于律师执业证办理的咨询",
            "text": "请问律师执业证遗失后如何补办，需要准备哪些材料？", "name": "张三",
            "phone": "13912345678", "email": "zhang.san@example.org", "publish_consent": True,
            **overrides}


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def officer(agency):
    return staff(Role.DISCLOSURE_OFFICER, agency, "mailofficer")


@pytest.fixture
def head(agency):
    return staff(Role.DEPARTMENT_HEAD, agency, "mailhead")


@pytest.fixture
def other_officer(other_agency):
    return staff(Role.DISCLOSURE_OFFICER, other_agency, "mailofficer2")


@pytest.fixture
def department(agency):
    return DepartmentFactory(agency=agency, name="律师工作处")


@pytest.fixture
def submit(agency):
    """submit(day=None, **fields) -> Submission, received at 10:00 on ``day``."""
    from gongkai.interaction import services

    def make(day: dt.date | None = None, agency=agency, **overrides):
        if day is None:
            return services.message_submit(agency=agency, **fields(**overrides))
        with at(day):
            return services.message_submit(agency=agency, **fields(**overrides))

    return make
