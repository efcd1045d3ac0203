"""Segmentation with the administrators' vocabulary, pinyin of titles, identifiers."""

import pytest

from gongkai.search import text
from gongkai.search.models import Vocabulary


def test_segment_keeps_seeded_government_terms_whole(db):
    words = text.segment("申请政府信息公开和法律援助")
    assert "政府信息公开" in words
    assert "法律援助" in words


def test_a_word_added_to_the_vocabulary_is_kept_whole(db):
    assert "一网统管" not in text.segment("推进一网统管建设")
    Vocabulary.objects.create(word="一网统管")  # the admin's save clears the segmenter
    assert "一网统管" in text.segment("推进一网统管建设")


def test_index_segmentation_also_yields_the_parts_of_long_words(db):
    tokens = text.segment_for_index("中华人民共和国政府信息公开条例")
    assert {"政府信息公开", "政府", "信息", "公开", "人民"} <= set(tokens)


def test_tokens_are_letters_and_digits_only(db):
    tokens = text.segment('沪司办〔2020〕6号 <b>"AND"</b> a*b NEAR(x:y)')
    assert all(t.isalnum() for t in tokens)
    assert "2020" in tokens and "and" in tokens


def test_full_width_and_control_characters_are_cleaned():
    assert text.clean("ＡＢＣ１２３\x00\x1b[31m") == "ABC123  [31m"


@pytest.mark.parametrize("title, terms", [
    ("上海市政府信息公开规定", {"zfxxgk", "zhengfuxinxigongkai", "xxgk", "shszfxxgkgd"}),
    ("法律援助申请须知", {"flyz", "falvyuanzhu"}),
])
def test_pinyin_terms_of_a_title(db, title, terms):
    assert terms <= set(text.pinyin_terms(title))


def test_normalise_number_ignores_case_width_and_spaces():
    assert text.normalise_number(" 002420455m / 2020-00035 ") == "002420455M/2020-00035"
