import pytest

from gongkai.catalogue import services as catalogue
from gongkai.core.models import Role
from tests.factories import record_fields, staff


@pytest.fixture(autouse=True)
def _signing_dir(settings, tmp_path_factory):
    settings.GONGKAI_SIGNING_DIR = tmp_path_factory.getbasetemp() / "signing-keys"
    # Staff users are made with passwords; the slow default hasher is not under test here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reviewer(agency):
    return staff(Role.REVIEWER, agency, "reviewer1")


@pytest.fixture
def publish(editor, reviewer):
    def run(agency, record=None, **fields):
        if record is None:
            record = catalogue.record_create(actor=editor, agency=agency, **record_fields(**fields))
        elif fields:
            record = catalogue.record_update(actor=editor, record=record, **fields)
        record = catalogue.record_submit(actor=editor, record=record)
        return catalogue.record_approve(actor=reviewer, record=record)

    return run
