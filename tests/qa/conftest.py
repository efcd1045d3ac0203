import pytest

from gongkai.laws.demo import FIXTURES


@pytest.fixture
def library(db):
    """The fixture law excerpts, imported, indexed for search and embedded."""
    from gongkai.laws.indexing import laws_index
    from gongkai.laws.services import laws_import
    from gongkai.qa.embeddings import laws_embed

    report = laws_import(FIXTURES, index_async=False)
    laws_index(report.law_ids)
    laws_embed(report.law_ids)
    return report


@pytest.fixture
def demo_faqs(agency):
    from gongkai.qa.demo import load_qa_demo

    return load_qa_demo()
