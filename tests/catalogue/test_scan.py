"""The pre-scan for the confidentiality review (Regulations Art. 17).

Identity numbers are built here from the published GB 11643-1999 algorithm on made-up
bases (region code, birth date, sequence), never copied from a real person; the weights and
the check character are derived independently of the module (W_i = 2^(i-1) mod 11, check =
(12 - sum mod 11) mod 11 with 10 written X) so a slip in its tables would show.
"""

from __future__ import annotations

import dataclasses

import pytest

from gongkai.catalogue.scan import ID_WEIGHTS, ScanHit, mask, scan_text

# GB 11643-1999 §7.2: the weight of position i, counted from the right starting at 1 for the
# check character, is 2^(i-1) mod 11.
WEIGHTS = [pow(2, 17 - position, 11) for position in range(17)]


def check_char(first17: str) -> str:
    value = (12 - sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11) % 11
    return "X" if value == 10 else str(value)


def id_number(region: str, born: str, sequence: str) -> str:
    first17 = region + born + sequence
    assert len(first17) == 17
    return first17 + check_char(first17)


def luhn(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        value = int(char) * (2 if i % 2 else 1)
        total += value // 10 + value % 10
    return total % 10 == 0


def luhn_complete(partial: str) -> str:
    """``partial`` with the one check digit that makes it pass Luhn."""
    return next(partial + d for d in "0123456789" if luhn(partial + d))


def first_id(region: str, born: str, *, check: str | None = None, card_like: bool = False) -> str:
    """The first made-up number for region and date, over sequences 001-999, whose check is
    ``check`` (when given) and which does or does not also pass Luhn."""
    for sequence in range(1, 1000):
        number = id_number(region, born, f"{sequence:03d}")
        if check is not None and number[-1] != check:
            continue
        if number[-1] != "X" and luhn(number) != card_like:
            continue
        return number
    raise AssertionError("no such number")


def kinds(text: str) -> list[str]:
    return [hit.kind for hit in scan_text(text)]


def test_weights_follow_the_standard():
    assert WEIGHTS == [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    assert list(ID_WEIGHTS) == WEIGHTS


# ---- identity card numbers -------------------------------------------------------------

VALID_IDS = [
    id_number("110101", "19900307", "123"),
    id_number("310104", "20000229", "456"),  # a leap day
    id_number("440305", "19851231", "078"),
    first_id("320102", "19781105", check="X"),
]


@pytest.mark.parametrize("number", VALID_IDS)
def test_valid_identity_numbers_are_flagged(number):
    text = f"申请人身份证号码:{number},住址略。"
    [hit] = scan_text(text)
    assert (hit.kind, hit.label, hit.match) == ("id_card", "身份证号码", number)
    assert text[hit.start:hit.end] == number
    assert number in hit.context


def test_lower_case_x_check_character_is_accepted():
    number = VALID_IDS[3]
    assert number.endswith("X")
    assert kinds(f"证件号 {number.lower()} 。") == ["id_card"]


@pytest.mark.parametrize("number", VALID_IDS[:3])
def test_wrong_check_character_is_not_flagged(number):
    # Any other check digit; one that also fails Luhn, else the 18 digits would rightly be
    # reported as a possible bank card number.
    wrong = next(number[:17] + d for d in "0123456789"
                 if d != number[17] and not luhn(number[:17] + d))
    assert scan_text(f"身份证号码:{wrong}。") == []


@pytest.mark.parametrize("born", ["19990230", "20011301", "19900000", "20990101", "18991231"])
def test_impossible_or_future_birth_date_is_not_flagged(born):
    number = first_id("110101", born)  # right check character, fails Luhn
    assert scan_text(f"身份证号码:{number}。") == []


def test_identity_number_inside_a_longer_run_is_not_flagged():
    number = VALID_IDS[0]
    assert scan_text(f"流水号12{number}。") == []
    assert scan_text(f"编号AB{number}。") == []


def test_identity_number_that_also_passes_luhn_is_reported_once_as_identity():
    number = first_id("310101", "19870615", card_like=True)
    assert luhn(number)
    [hit] = scan_text(f"身份证{number}")
    assert hit.kind == "id_card"


def test_full_width_digits_are_read():
    number = VALID_IDS[0]
    wide = number.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})
    text = f"身份证号:{wide}"
    [hit] = scan_text(text)
    assert hit.kind == "id_card" and hit.match == wide and text[hit.start:hit.end] == wide


# ---- phone numbers -----------------------------------------------------------------------

@pytest.mark.parametrize("number", [
    "13812345678",
    "138-1234-5678",
    "138 1234 5678",
    "+86 138-1234-5678",
    "+8613912345678",
    "8613712345678",
    "0086 15912345678",
    "(+86)18612345678",
    "１９９１２３４５６７８",
])
def test_mobile_numbers(number):
    text = f"联系人手机:{number},工作日可联系。"
    [hit] = scan_text(text)
    assert (hit.kind, hit.label, hit.match) == ("mobile", "手机号码", number)


@pytest.mark.parametrize("text", [
    "编号12345678901",  # 12x is no mobile prefix
    "编号138123456789",  # 12 digits
    "流水号213812345678",  # inside a longer run
    "拨打10086或12348",
])
def test_not_mobile_numbers(text):
    assert scan_text(text) == []


@pytest.mark.parametrize("number", [
    "021-12345678",
    "(021)12345678",
    "（021）12345678",
    "010 8888 8888",
    "0571-87654321",
    "02112345678",
    "021-23456789转8001",
    "021-23456789-8001",
])
def test_landlines_with_area_code(number):
    text = f"咨询电话:{number}。"
    [hit] = scan_text(text)
    assert (hit.kind, hit.label, hit.match) == ("landline", "固定电话", number)


def test_public_hotlines_are_not_flagged():
    assert scan_text("请拨打12348公共法律服务热线或12345市民服务热线,上海地区也可拨打021-12348。") == []


# ---- bank cards --------------------------------------------------------------------------

CARD_19 = luhn_complete("622202020000000000")
CARD_16 = luhn_complete("628480000012345")


@pytest.mark.parametrize("shown", [
    CARD_19,
    " ".join(CARD_19[i:i + 4] for i in range(0, 19, 4)),  # 6222 0202 0000 0000 00x
    CARD_16,
    "-".join(CARD_16[i:i + 4] for i in range(0, 16, 4)),
])
def test_luhn_valid_card_numbers(shown):
    [hit] = scan_text(f"退款账户:{shown},开户行略。")
    assert (hit.kind, hit.label, hit.match) == ("bank_card", "银行卡号", shown)


def test_luhn_invalid_card_numbers_are_not_flagged():
    for valid in (CARD_19, CARD_16):
        wrong = valid[:-1] + str((int(valid[-1]) + 1) % 10)
        assert not luhn(wrong)
        grouped = " ".join(wrong[i:i + 4] for i in range(0, len(wrong), 4))
        assert scan_text(f"账户:{wrong};账户:{grouped}") == []


# ---- e-mail --------------------------------------------------------------------------------

@pytest.mark.parametrize("address", ["zhang.san@example.com", "service-01@sfj.example.gov.cn",
                                     "13812345678@163.com", "li_si＠example.org"])
def test_email_addresses(address):
    [hit] = scan_text(f"来信请发至{address}。")
    assert (hit.kind, hit.label, hit.match) == ("email", "电子邮箱", address)


def test_not_email_addresses():
    assert scan_text("关注@上海司法 微博;user@localhost 不是地址。") == []


# ---- classification marks and secrets -----------------------------------------------------

@pytest.mark.parametrize(("text", "marks"), [
    ("秘密★1年", ["秘密★1年"]),
    ("机密★", ["机密★"]),
    ("绝密★长期", ["绝密★长期"]),
    ("本件为绝密文件", ["绝密"]),
    ("机密★十年 此件不得外传", ["机密★十年", "不得外传"]),
    ("内部资料 注意保存", ["内部资料", "注意保存"]),
    ("内部文件", ["内部文件"]),
    ("仅限内部使用", ["内部"]),
    ("工作人员应当保守秘密", ["秘密"]),  # reported: the reviewer judges from the context
    ("数据的机密性", ["机密"]),
])
def test_classification_marks(text, marks):
    hits = scan_text(text)
    assert [hit.match for hit in hits] == marks
    assert {(hit.kind, hit.label) for hit in hits} == {("classification", "密级或内部标识")}


def test_trade_secret_is_its_own_kind_and_not_also_a_classification():
    [hit] = scan_text("该材料涉及第三方商业秘密。")
    assert (hit.kind, hit.label, hit.match) == ("trade_secret", "商业秘密", "商业秘密")


# ---- whole texts -------------------------------------------------------------------------

def test_realistic_paragraph_reports_everything_in_reading_order():
    person = VALID_IDS[1]
    card = " ".join(CARD_19[i:i + 4] for i in range(0, 19, 4))
    text = (
        "秘密★1年\n"
        "关于张某某法律援助申请的处理情况(内部资料)\n"
        f"申请人张某某,身份证号码{person},联系电话138-1234-5678,"
        "于2020年4月23日向本局提出法律援助申请。经审查,依据《上海市法律援助若干规定》"
        "(沪司办〔2020〕6号),决定给予法律援助,补贴发放至其尾号账户"
        f"{card}。承办律师事务所电话(021)52345678,电子邮箱lawfirm@example.com。"
        "材料中涉及第三人的商业秘密,不得外传。索引号002420455M/2020-00035。"
    )
    hits = scan_text(text, source="正文")
    assert [hit.kind for hit in hits] == [
        "classification", "classification", "id_card", "mobile", "bank_card", "landline",
        "email", "trade_secret", "classification",
    ]
    assert [hit.match for hit in hits] == [
        "秘密★1年", "内部资料", person, "138-1234-5678", card, "(021)52345678",
        "lawfirm@example.com", "商业秘密", "不得外传",
    ]
    assert all(text[hit.start:hit.end] == hit.match for hit in hits)
    assert all(hit.source == "正文" for hit in hits)
    assert [hit.start for hit in hits] == sorted(hit.start for hit in hits)


def test_dates_years_and_document_numbers_are_not_flagged():
    text = (
        "2020年4月23日,上海市司法局印发《关于进一步做好公共法律服务工作的通知》"
        "(沪司办〔2020〕6号),索引号002420455M/2020-00035,自2020年6月1日起施行,"
        "有效期至2025-05-31。沪府令第32号、国办函〔2020〕109号同时适用。"
        "2019年共受理申请1,234件,同比增长12.5%,办结率100%;20200423批次已归档。"
    )
    assert scan_text(text) == []


def test_context_is_about_twenty_characters_either_side():
    text = "甲" * 50 + "13812345678" + "乙" * 50
    [hit] = scan_text(text)
    assert hit.context == "甲" * 20 + "13812345678" + "乙" * 20
    [hit] = scan_text("手机13812345678")
    assert hit.context == "手机13812345678"


def test_hits_are_frozen_and_empty_text_has_none():
    hit = scan_text("内部")[0]
    assert isinstance(hit, ScanHit)
    with pytest.raises(dataclasses.FrozenInstanceError):
        hit.kind = "mobile"  # type: ignore[misc]
    assert scan_text("") == []


# ---- masking -----------------------------------------------------------------------------

def test_mask_hides_the_middle():
    person = VALID_IDS[0]
    assert mask(person, "id_card") == person[:3] + "*" * 11 + person[-4:]
    assert mask("310101199003071234", "id_card") == "310***********1234"
    assert mask("+86 138-1234-5678", "mobile") == "+86 138-****-5678"
    assert mask("13812345678", "mobile") == "138****5678"
    assert mask("021-12345678转123", "landline") == "021-****5678转123"
    assert mask("6222 0202 0000 0000 005", "bank_card") == "6222 **** **** ***0 005"
    assert mask("zhang.san@example.com", "email") == "z***@example.com"
    assert mask("秘密★1年", "classification") == "秘密★1年"
    assert mask("商业秘密", "trade_secret") == "商业秘密"


def test_every_hit_can_be_masked_without_leaking_the_number():
    text = f"{VALID_IDS[0]} 13812345678 {CARD_19} 021-12345678"
    for hit in scan_text(text):
        masked = mask(hit.match, hit.kind)
        assert masked != hit.match and "*" in masked and len(masked) == len(hit.match)
