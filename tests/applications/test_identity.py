"""GB 11643 resident ID and GB 32100 credit code checks, and masking."""

import pytest

from gongkai.applications import identity


@pytest.mark.parametrize("number", ["11010519491231002X", "110105194912310029"[:17] + "X",
                                    " 11010519491231002x "])
def test_valid_resident_id(number):
    assert identity.validate_resident_id(number) == "11010519491231002X"


@pytest.mark.parametrize(("number", "why"), [
    ("110105194912310021", "校验位"),  # wrong check character
    ("11010519491331002X", "出生日期"),  # month 13
    ("1101051949123100", "18位"),
    ("11010519491231002Y", "18位"),
    ("11010530001231002X", "出生日期"),  # born in the future
])
def test_invalid_resident_id(number, why):
    with pytest.raises(identity.IdentityError, match=why):
        identity.validate_resident_id(number)


def test_every_check_character_is_reachable():
    # Changing the sequence digit walks the check through the whole table.
    seen = {identity.resident_id_check_char(f"1101051949123100{d}") for d in range(10)}
    seen |= {identity.resident_id_check_char(f"110105194912310{d}0") for d in range(10)}
    assert seen == set(identity.RESIDENT_ID_CHECK)


@pytest.mark.parametrize("code", ["91110000802100433B", "91350100M000100Y43"])
def test_valid_credit_code(code):
    assert identity.validate_credit_code(code.lower()) == code


@pytest.mark.parametrize("code", ["91110000802100433C", "91110000802100433", "9111000080210043IB"])
def test_invalid_credit_code(code):
    with pytest.raises(identity.IdentityError):
        identity.validate_credit_code(code)


def test_other_documents_only_shape_checked():
    assert identity.validate_id("passport", "e1234 5678") == "E12345678"
    with pytest.raises(identity.IdentityError):
        identity.validate_id("passport", "12")


def test_masking():
    assert identity.mask_id("11010519491231002X") == "110105********002X"
    assert identity.mask_id("E12345678") == "E****5678"
    assert identity.mask_name("张三") == "张*"
    assert identity.mask_name("欧阳小明") == "欧**明"
    assert identity.mask_phone("13800001234") == "138****1234"
    assert identity.mask_email("zhangsan@example.com") == "z***@example.com"


@pytest.mark.parametrize(("name", "shown"), [
    ("李明", "李*"),
    ("张晓明", "张*明"),
    ("欧阳小明", "欧**明"),
    ("李明(演示)", "李*"),
    ("王芳(代理人:赵六)", "王*"),
    ("张晓明 (演示)", "张*明"),
    ("赵四【代】", "赵*"),
    ("上海某某律师事务所", "上海某某律师事务所"),
    ("上海某某科技有限公司(演示)", "上海某某科技有限公司(演示)"),
    ("浦东新区某某街道办事处", "浦东新区某某街道办事处"),
])
def test_mask_name_masks_people_and_keeps_organisations(name, shown):
    masked = identity.mask_name(name)
    assert masked == shown
    if not identity.is_organisation_name(name):
        assert ")" not in masked and ")" not in masked and "】" not in masked
