"""A confident answer must be right, or not confident (issue 14, defect 8)."""

import pytest

from gongkai.qa.answering import answer_question
from gongkai.qa.confidence import key_terms, missing_terms


@pytest.mark.django_db
def test_key_terms_drop_question_words_and_keep_the_subject():
    assert [t for t, _ in key_terms("公证书丢了怎么办")] == ["公证书", "丢"]
    assert "查" in [t for t, _ in key_terms("怎么查律师有没有执业证")]


@pytest.mark.django_db
def test_a_single_character_is_not_found_inside_another_word_but_is_in_its_compound():
    assert missing_terms("怎么查律师有没有执业证", "律师执业证书的审查") == ["查"]
    assert missing_terms("怎么查律师有没有执业证", "在哪里查询律师执业证") == ["查"]
    assert missing_terms("在哪里查律师执业证", "律师执业证可以在网上查") == []


@pytest.mark.django_db
def test_a_synonym_from_the_search_vocabulary_covers_a_term():
    # “法援 法律援助” is one of the seeded synonym groups.
    assert missing_terms("法援怎么申请", "申请法律援助,应当……") == []


@pytest.mark.parametrize("question", [
    "怎么查律师有没有执业证",
    "公证书丢了怎么办",
    "对行政复议决定不服怎么办",
])
def test_issue_14_questions_are_not_answered_confidently_with_something_else(
        agency, library, demo_faqs, question):
    result = answer_question(question, agency=agency)
    best = result.best
    if result.confident:  # then it must be the right thing: only 行政复议 has a right answer
        assert question == "对行政复议决定不服怎么办"
        assert best.source.title == "中华人民共和国行政复议法", best.source.title
    assert not result.confident or best.source.kind == "law_article"
    if not result.confident:
        assert result.search_hits, "the page falls back to search results"


@pytest.mark.parametrize(("question", "kind", "title"), [
    ("申请法律援助要什么条件？", "faq", "申请法律援助需要符合什么条件?"),
    ("法律援助要交钱吗", "faq", "法律援助是免费的吗?"),
    ("政府信息公开申请多久答复", "faq", "政府信息公开申请多久答复?"),
    ("政府信息公开申请一般多少个工作日内答复", "faq", "政府信息公开申请多久答复?"),
    ("人民调解收费吗", "faq", "人民调解收费吗?"),
    ("办公证要等多久", "faq", "公证多长时间能出证?"),
    ("行政复议机关履行行政复议职责应当遵循什么原则", "law_article", "中华人民共和国行政复议法"),
])
def test_right_answers_stay_confident(agency, library, demo_faqs, question, kind, title):
    result = answer_question(question, agency=agency)
    assert result.confident, [(a.source.title, a.score, a.semantic) for a in result.answers[:3]]
    assert (result.best.source.kind, result.best.source.title) == (kind, title)
