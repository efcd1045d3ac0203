import shutil
from pathlib import Path

import pytest

from gongkai.laws.demo import FIXTURES

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "laws"


@pytest.fixture
def law_folder(tmp_path) -> Path:
    """A writable copy of the shipped fixture laws (tests change and break files)."""
    target = tmp_path / "laws"
    shutil.copytree(FIXTURES, target)
    return target


@pytest.fixture
def imported(db, law_folder):
    from gongkai.laws.services import laws_import

    return laws_import(law_folder, index_async=False)
