import pytest

from gongkai.core.models import Role
from tests.factories import DepartmentFactory, MembershipFactory, UserFactory, staff


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def office(agency):
    return staff(Role.DISCLOSURE_OFFICER, agency, "w-office")


@pytest.fixture
def lawyers(agency):
    return DepartmentFactory(agency=agency, name="律师工作管理处")


@pytest.fixture
def notaries(agency):
    return DepartmentFactory(agency=agency, name="公证工作管理处")


@pytest.fixture
def lawyers_head(agency, lawyers):
    user = UserFactory(username="w-lawyers-head")
    MembershipFactory(user=user, role=Role.DEPARTMENT_HEAD, agency=agency, department=lawyers)
    return user
