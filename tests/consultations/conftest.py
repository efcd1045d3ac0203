import pytest


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def head(agency):
    from gongkai.core.models import Role
    from tests.factories import staff

    return staff(Role.DEPARTMENT_HEAD, agency, "head1")
