import datetime as dt

import pytest

from gongkai.search.text import vocabulary_changed


@pytest.fixture(autouse=True)
def _fresh_segmenter():
    """Each test sees the vocabulary of its own database state."""
    vocabulary_changed()
    yield
    vocabulary_changed()


@pytest.fixture
def taxonomy(db):
    from gongkai.catalogue.services import genre_get_or_create, topic_get_or_create

    return {
        "legal_aid": topic_get_or_create(code="legal-aid", name="法律援助"),
        "openness": topic_get_or_create(code="openness", name="政务公开"),
        "notice": genre_get_or_create(code="notice", name="通知"),
        "report": genre_get_or_create(code="report", name="报告"),
    }


@pytest.fixture
def make_record(agency, taxonomy):
    """Create a record through the catalogue's services; ``publish`` takes it through
    review to the public catalogue (as the system, ``actor=None``)."""
    from gongkai.catalogue import services

    def make(title: str, *, body: str = "", publish: bool = True, on=None, topic="legal_aid",
             genre="notice", document_number: str = "", formed_on=dt.date(2024, 3, 1), **extra):
        record = services.record_create(
            actor=None, agency=on or agency, title=title, body=body or f"{title}的正文。",
            summary=title[:90], document_number=document_number, formed_on=formed_on,
            topic=taxonomy[topic], genre=taxonomy[genre], **extra)
        if publish:
            services.record_submit(actor=None, record=record)
            record = services.record_approve(actor=None, record=record)
        record.refresh_from_db()
        return record

    return make
