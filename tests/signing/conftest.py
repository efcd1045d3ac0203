import pytest

from gongkai.catalogue import services as catalogue
from gongkai.core.models import Role
from tests.factories import record_fields, staff


@pytest.fixture(autouse=True)
def _signing_dir(settings, tmp_path_factory):
    """Keys of one test session in one temporary folder (the demo CA is made once)."""
    settings.GONGKAI_SIGNING_DIR = tmp_path_factory.getbasetemp() / "signing-keys"
    # Staff users are made with passwords; the slow default hasher is not under test here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reviewer(agency):
    return staff(Role.REVIEWER, agency, "reviewer1")


@pytest.fixture
def publish(editor, reviewer):
    """Publish a record (or a new version of it) through the catalogue's own services."""

    def run(agency, record=None, **fields):
        if record is None:
            record = catalogue.record_create(actor=editor, agency=agency, **record_fields(**fields))
        elif fields:
            record = catalogue.record_update(actor=editor, record=record, **fields)
        record = catalogue.record_submit(actor=editor, record=record)
        return catalogue.record_approve(actor=reviewer, record=record)

    return run


_RENDERED: dict[tuple[str, str | None], bytes] = {}


@pytest.fixture(autouse=True)
def _reuse_identical_renders(monkeypatch):
    """Rendering the same HTML twice gives the same PDF; many tests here publish the same
    record, so keep the first rendering (signing still happens in every test)."""
    from gongkai.signing import pdf

    real = pdf.html_to_pdf

    def cached(html: str, *, base_url: str | None = None) -> bytes:
        key = (html, base_url)
        if key not in _RENDERED:
            _RENDERED[key] = real(html, base_url=base_url)
        return _RENDERED[key]

    monkeypatch.setattr(pdf, "html_to_pdf", cached)
