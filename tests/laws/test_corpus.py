"""The real corpus (shared/data/laws): every file imports, or the report says why."""

import pytest

from gongkai.laws.models import Law, LawArticle
from gongkai.laws.services import law_files, laws_import

from .conftest import CORPUS

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not present at {CORPUS}"),
]


@pytest.mark.django_db
def test_import_whole_corpus():
    files = list(law_files(CORPUS))
    report = laws_import(CORPUS, index_async=False)
    print("\n".join(report.lines()))
    assert report.files == len(files) > 1700
    # Every file either imported or is named in the report with a reason.
    assert report.created + len(report.failures) == len(files)
    assert all(reason for _, reason in report.failures)
    assert Law.objects.count() == report.created
    assert LawArticle.objects.count() == report.articles > 50_000
    # One version in force per law: exactly one per distinct (title, subtitle).
    groups = Law.objects.values_list("title", "subtitle").distinct().count()
    assert Law.objects.filter(in_force=True).count() == groups
    review = Law.objects.filter(title="中华人民共和国行政复议法", in_force=True).get()
    assert review.version_date.year == 2023
    assert LawArticle.objects.filter(law=review, number="第一条").exists()
    # The civil code's books are separate files with continuous numbering.
    assert LawArticle.objects.filter(law__title="中华人民共和国民法典",
                                     number="第一千二百六十条").exists()
    again = laws_import(CORPUS, index_async=False)
    assert again.unchanged == report.created and again.created == again.updated == 0
