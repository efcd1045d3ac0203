"""Reply types match table 三 of the annual report, row for row."""

import pytest

from gongkai.applications import reply_types

TABLE_3_ROWS_2021 = [
    "（一）予以公开",
    "（二）部分公开",
    "（三）不予公开", "1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
    "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
    "7.属于行政执法案卷", "8.属于行政查询事项",
    "（四）无法提供", "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "（五）不予处理", "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
    "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
]


def test_rows_are_table_three_in_order():
    assert [row.label for row in reply_types.report_rows(2021)] == TABLE_3_ROWS_2021


def test_2019_format_has_one_other_row():
    labels = [row.label for row in reply_types.report_rows(2019)]
    assert "（六）其他处理" in labels and "3.其他" not in labels
    assert len(labels) == len(TABLE_3_ROWS_2021) - 3


def test_codes_are_unique_and_stable():
    keys = [row.key for row in reply_types.report_rows()]
    assert len(keys) == len(set(keys))
    assert "withheld:third_party" in keys and "other:fee_unpaid" in keys


@pytest.mark.parametrize(("reply_type", "sub", "key"), [
    ("disclosed", "already_public", "disclosed"),
    ("partially_disclosed", "", "partially_disclosed"),
    ("withheld", "state_secret", "withheld:state_secret"),
    ("other", "no_correction", "other:no_correction"),
])
def test_each_application_maps_to_one_row(reply_type, sub, key):
    assert reply_types.report_key(reply_type, sub) == key
    assert key in {row.key for row in reply_types.report_rows()}


def test_validation():
    assert reply_types.validate("disclosed").code == "provided"
    assert reply_types.validate("partially_disclosed") is None
    for bad in [("withheld", ""), ("withheld", "nope"), ("partially_disclosed", "x"), ("x", "")]:
        with pytest.raises(reply_types.ReplyTypeError):
            reply_types.validate(*bad)


def test_legal_basis_and_remedies():
    assert "第十五条" in reply_types.legal_basis("withheld", "third_party")
    assert "第三十七条" in reply_types.legal_basis("partially_disclosed")
    assert reply_types.tells_remedies("withheld", "third_party")
    assert not reply_types.tells_remedies("disclosed", "provided")
    assert not reply_types.tells_remedies("other", "no_correction")


def test_choices_cover_every_reply_type_reason():
    flat = dict(reply_types.all_choices())
    assert "not_processed:repeated" in flat and "partially_disclosed" in flat
    assert len(flat) == sum(max(1, len(o.reasons)) for o in reply_types.REPLY_TYPES)
