import pytest

from gongkai.core.models import Role
from tests.factories import staff


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def enforcer(agency):
    user = staff(Role.EDITOR, agency, "enforcer")
    user.email = "enforcer@example.org"
    user.save()
    return user


@pytest.fixture
def officer_b(other_agency):
    return staff(Role.EDITOR, other_agency, "enforcer-b")
