import datetime as dt

import pytest

from gongkai.laws.parser import LawParseError, parse_law, version_date_of

TEXT = """# 中华人民共和国示例法

# 第一编 总则

2020年5月28日 第十三届全国人民代表大会第三次会议通过

2021年1月1日 施行

<!-- INFO END -->

## 第一章 一般规定

### 第一节 原则

第一条 为了示例,制定本法。

第二条　本法适用于:

(一)第一种情形;

<!-- FORCE BREAK -->

(二)第二种情形。

## 第二章 附则

第二条之一 新增的条文。

第三条 本法自公布之日起施行。
"""


def test_articles_chapters_and_header():
    law = parse_law(TEXT, "示例法(2021-01-01)")
    assert law.title == "中华人民共和国示例法"
    assert law.subtitle == "第一编 总则"
    assert law.history == ["2020年5月28日 第十三届全国人民代表大会第三次会议通过", "2021年1月1日 施行"]
    assert law.version_date == dt.date(2021, 1, 1)
    numbers = [a.number for a in law.articles]
    assert numbers == ["第一条", "第二条", "第二条之一", "第三条"]
    assert [a.ordinal for a in law.articles] == [1, 2, 3, 4]
    assert law.articles[0].chapter == "第一章 一般规定 / 第一节 原则"
    # A new 章 closes the 节 of the previous chapter.
    assert law.articles[2].chapter == "第二章 附则"
    assert law.articles[1].text == "本法适用于:\n(一)第一种情形;\n(二)第二种情形。"


def test_version_date_from_history_when_the_name_has_none():
    history = ["1999年4月29日 通过", "2017年9月1日 第二次修正"]
    assert version_date_of("某条例", history) == dt.date(2017, 9, 1)
    assert version_date_of("某条例", []) is None


@pytest.mark.parametrize("text, reason", [
    ("", "文件为空"),
    ("\n\n", "文件为空"),
    ("第一条 没有标题。\n", "缺少标题行"),
    ("# 标题\n<!-- INFO END -->\n", "没有正文"),
])
def test_unparseable(text, reason):
    with pytest.raises(LawParseError, match=reason):
        parse_law(text, "x")


def test_law_without_articles_keeps_its_text():
    law = parse_law("# 修正案\n\n2017年11月4日 通过\n\n<!-- INFO END -->\n\n为了……,增加一款。\n", "修正案")
    assert law.articles == []
    assert law.preamble == "为了……,增加一款。"
