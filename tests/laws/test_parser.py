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


# A 章 whose first words are its 第一节 (民法典 婚姻家庭编 第三章 家庭关系), a 节 written
# with as many '#' as its 章, and a heading written with two spaces.
FAMILY = """# 中华人民共和国示例法

# 婚姻家庭编

<!-- INFO END -->

## 第一章  一般规定

第一条 本编调整婚姻家庭关系。

## 第二章 结婚

第二条 结婚应当自愿。

## 第三章 家庭关系

### 第一节 夫妻关系

第三条 夫妻平等。

## 第二节 父母子女关系和其他近亲属关系

第四条 父母有抚养义务。

## 第四章 离婚

第五条 自愿离婚的,应当签订离婚协议。

## 第五章 收养

### 第一节 收养关系的成立

第六条 下列未成年人,可以被收养。

### 第二节 收养的效力

第七条 自收养关系成立之日起……
"""


def test_outline_keeps_a_chapter_that_opens_with_a_section():
    law = parse_law(FAMILY, "示例法")
    assert [(e.depth, e.title, e.ordinal) for e in law.outline()] == [
        (0, "第一章 一般规定", 1),
        (0, "第二章 结婚", 2),
        (0, "第三章 家庭关系", 3),
        (1, "第一节 夫妻关系", 3),
        (1, "第二节 父母子女关系和其他近亲属关系", 4),
        (0, "第四章 离婚", 5),
        (0, "第五章 收养", 6),
        (1, "第一节 收养关系的成立", 6),
        (1, "第二节 收养的效力", 7),
    ]
    assert law.articles[3].chapter == "第三章 家庭关系 / 第二节 父母子女关系和其他近亲属关系"


def test_the_first_articles_headings_are_not_also_preamble():
    """"第一章 一般规定" was printed twice: once as preamble, once as the heading."""
    law = parse_law(FAMILY, "示例法")
    assert law.preamble == ""
    constitution = parse_law("# 宪法\n<!-- INFO END -->\n## 序言\n中国是世界上历史最悠久的国家之一。\n"
                             "## 第一章 总纲\n第一条 中华人民共和国是……\n", "宪法")
    assert constitution.preamble == "序言\n中国是世界上历史最悠久的国家之一。"
    assert constitution.articles[0].chapter == "第一章 总纲"


def test_outline_nests_book_part_chapter_section():
    text = """# 法典
<!-- INFO END -->
# 第一编 总则
## 第一章 基本规定
第一条 甲。
# 第二编 物权
## 第一分编 通则
### 第一章 一般规定
第二条 乙。
#### 第一节 登记
第三条 丙。
### 第二章 变动
第四条 丁。
"""
    law = parse_law(text, "法典")
    assert [(e.depth, e.title) for e in law.outline()] == [
        (0, "第一编 总则"), (1, "第一章 基本规定"), (0, "第二编 物权"), (1, "第一分编 通则"),
        (2, "第一章 一般规定"), (3, "第一节 登记"), (2, "第二章 变动"),
    ]
    assert law.articles[3].chapter == "第二编 物权 / 第一分编 通则 / 第二章 变动"


def test_outline_enters_a_heading_once():
    from gongkai.laws.parser import outline

    entries = outline([("第一章 甲", 1), ("第一章 甲", 2), ("第二章 乙", 3), ("第一章 甲", 4), ("", 5)])
    assert [(e.path, e.ordinal) for e in entries] == [("第一章 甲", 1), ("第二章 乙", 3)]
