import pytest

from gongkai.core.models import Role
from tests.factories import staff


@pytest.fixture
def reviewer(agency):
    return staff(Role.REVIEWER, agency, "reviewer1")


@pytest.fixture
def other_editor(other_agency):
    return staff(Role.EDITOR, other_agency, "editor2")
