import pytest

from gongkai.catalogue.document_numbers import (
    DocumentNumberError,
    looks_like_document_number,
    lookup_key,
    normalise,
)


@pytest.mark.parametrize(
    "typed",
    ["沪司办〔2020〕6号", "沪司办[2020]6号", "沪司办(2020)6号", "沪司办（2020）6号",
     "沪司办【2020】6号", "沪司办［2020］6号", " 沪司办〔2020〕06号 ", "沪司办〔２０２０〕６号",
     "沪司办[2020]6"],
)
def test_every_common_typing_normalises_to_the_canonical_form(typed):
    assert normalise(typed) == "沪司办〔2020〕6号"
    assert lookup_key(typed) == lookup_key("沪司办〔2020〕6号")


def test_other_issuers_and_decrees():
    assert normalise("国办函〔2020〕109号") == "国办函〔2020〕109号"
    assert normalise("沪府令第32号") == "沪府令第32号"
    assert lookup_key("沪司办〔2020〕6号") != lookup_key("沪司办〔2020〕60号")


@pytest.mark.parametrize("bad", ["沪司办2020年6号", "〔2020〕6号", "沪司办〔20〕6号", "hello"])
def test_malformed_numbers_get_a_clear_message(bad):
    with pytest.raises(DocumentNumberError, match="格式不正确"):
        normalise(bad)
    assert looks_like_document_number(bad) is False


def test_empty_is_allowed():
    assert normalise("") == ""
