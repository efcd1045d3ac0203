"""GB 32100 check characters and licence-number rules, from worked examples."""

import pytest

from gongkai.directory.credit_code import check_character, credit_code_error
from gongkai.directory.licences import licence_number_error
from tests.directory.factories import credit_code


@pytest.mark.parametrize("code", [
    "91350100M000100Y43",  # the standard's own example
    "11500236008658157Y",  # an agency code seen in a Chongqing index number
    "31310000425097688X",  # a Shanghai law firm's registration
])
def test_published_codes_pass(code):
    assert credit_code_error(code) is None
    assert check_character(code[:17]) == code[17]


def test_wrong_check_character_is_refused():
    assert "校验位" in credit_code_error("91350100M000100Y44")


@pytest.mark.parametrize("code,reason", [
    ("9135010", "18位"),
    ("91350100M000100YO3", "不允许的字符"),  # O is not in the alphabet
])
def test_malformed_codes_are_refused(code, reason):
    assert reason in credit_code_error(code)


def test_lower_case_and_spaces_are_normalised():
    assert credit_code_error(" 91350100m000100y43 ") is None


def test_generated_codes_are_valid():
    assert all(credit_code_error(credit_code(n)) is None for n in range(1, 200))


@pytest.mark.parametrize("kind,number,ok", [
    ("lawyer", "13101201811234567", True),
    ("lawyer", "03101201811234567", False),  # leading zero
    ("lawyer", "1310120181123456", False),  # 16 digits
    ("lawyer", "", False),  # required
    ("law_firm", "31310000425097688X", True),
    ("law_firm", "23101199910123456", True),
    ("notary", "12345678", False),
    ("mediation_committee", "", True),  # no licence needed
])
def test_licence_numbers(kind, number, ok):
    assert (licence_number_error(kind, number) is None) is ok
