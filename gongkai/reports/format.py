"""The statutory annual report's layout as data (政府信息公开工作年度报告).

Regulations Art. 49–50 (《中华人民共和国政府信息公开条例》, 国务院令第711号) oblige every
agency to publish last year's report by 31 January. The national format fixes every
table, row and column: reports for 2021 and later use 国办公开办函〔2021〕30号, reports for
2019–2020 the trial format 国办公开办函〔2019〕60号 (``../shared/reference/annual-report-
format.md``). Labels here are the official wording; keys are stable and used in cell ids
(``"三/withheld:state_secret/natural_person"``), staff figures and the JSON API. The result
row keys are those of ``applications.reply_types.report_key`` so a case's reply-type code finds its
row without a second mapping.
"""

from __future__ import annotations

from dataclasses import dataclass

FORMAT_2021 = 2021
FORMAT_2019 = 2019
FORMATS = (FORMAT_2021, FORMAT_2019)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    group: str = ""  # the spanning header above the column, when the form has one


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    level: int = 0
    numeric: bool = True  # False: a heading row whose figures are in the rows below it


@dataclass(frozen=True)
class Block:
    key: str
    label: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Table:
    key: str  # "二", "三", "四"
    title: str
    blocks: tuple[Block, ...]

    def cell_ids(self) -> list[str]:
        return [cell_id(self.key, r.key, c.key) for b in self.blocks for r in b.rows if r.numeric
                for c in b.columns]

    def block_of_row(self, row_key: str) -> Block | None:
        for block in self.blocks:
            if any(r.key == row_key for r in block.rows):
                return block
        return None


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    table: Table | None = None  # None: free text the officer writes


@dataclass(frozen=True)
class ReportFormat:
    code: int
    name: str
    document: str
    sections: tuple[Section, ...]

    @property
    def tables(self) -> list[Table]:
        return [s.table for s in self.sections if s.table is not None]

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)

    @property
    def fixed_wording(self) -> tuple[str, ...]:
        """Every heading and label the form prints word for word (GB/T 40656 / 国办公开办函
        〔2021〕30号): the confidentiality scan must not mistake 1.属于国家秘密 for a secret."""
        words: set[str] = set()
        for section in self.sections:
            words.add(section.title)
            if section.table is None:
                continue
            words.add(section.table.title)
            for block in section.table.blocks:
                words.add(block.label)
                words.update(r.label for r in block.rows)
                words.update(c.label for c in block.columns)
                words.update(c.group for c in block.columns)
        return tuple(sorted(w for w in words if w))

    def has_cell(self, cell: str) -> bool:
        try:
            table_key, row_key, column_key = split_cell(cell)
            table = self.table(table_key)
        except (KeyError, ValueError):
            return False
        block = table.block_of_row(row_key)
        return bool(block and any(r.key == row_key and r.numeric for r in block.rows)
                    and any(c.key == column_key for c in block.columns))


def cell_id(table: str, row: str, column: str) -> str:
    return f"{table}/{row}/{column}"


def split_cell(cell: str) -> tuple[str, str, str]:
    table, row, column = cell.split("/")
    return table, row, column


# Table 二: proactive disclosure, by item of Regulations Art. 20 ---------------------------

_DECISIONS_2021 = (Column("decisions", "本年处理决定数量"),)

TABLE_2_2021 = Table("二", "二、主动公开政府信息情况", (
    Block("item1", "第二十条第（一）项", (
        Column("issued", "本年制发件数"), Column("repealed", "本年废止件数"),
        Column("in_force", "现行有效件数"),
    ), (Row("rules", "规章"), Row("normative", "行政规范性文件"))),
    Block("item5", "第二十条第（五）项", _DECISIONS_2021, (Row("licensing", "行政许可"),)),
    Block("item6", "第二十条第（六）项", _DECISIONS_2021,
          (Row("penalty", "行政处罚"), Row("coercion", "行政强制"))),
    Block("item8", "第二十条第（八）项", (Column("amount", "本年收费金额（单位：万元）"),),
          (Row("fees", "行政事业性收费"),)),
))

_PROJECTS_2019 = (Column("previous", "上一年项目数量"), Column("change", "本年增/减"),
                  Column("decisions", "处理决定数量"))

TABLE_2_2019 = Table("二", "二、主动公开政府信息情况", (
    Block("item1", "第二十条第（一）项", (
        Column("made", "本年新制作数量"), Column("published", "本年新公开数量"),
        Column("total_public", "对外公开总数量"),
    ), (Row("rules", "规章"), Row("normative", "规范性文件"))),
    Block("item5", "第二十条第（五）项", _PROJECTS_2019,
          (Row("licensing", "行政许可"), Row("other_services", "其他对外管理服务事项"))),
    Block("item6", "第二十条第（六）项", _PROJECTS_2019,
          (Row("penalty", "行政处罚"), Row("coercion", "行政强制"))),
    Block("item8", "第二十条第（八）项", (Column("previous", "上一年项目数量"),
                                      Column("change", "本年增/减")),
          (Row("fees", "行政事业性收费"),)),
    Block("item9", "第二十条第（九）项", (Column("projects", "采购项目数量"),
                                      Column("amount", "采购总金额")),
          (Row("procurement", "政府集中采购"),)),
))

# Table 三: applications received and handled -----------------------------------------------

APPLICANT_GROUP = "法人或其他组织"
TABLE_3_COLUMNS = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业", APPLICANT_GROUP),
    Column("research", "科研机构", APPLICANT_GROUP),
    Column("public_interest", "社会公益组织", APPLICANT_GROUP),
    Column("legal_service", "法律服务机构", APPLICANT_GROUP),
    Column("other", "其他", APPLICANT_GROUP),
    Column("total", "总计"),
)
APPLICANT_COLUMNS = tuple(c.key for c in TABLE_3_COLUMNS if c.key != "total")

NEW = "new"
CARRIED_IN = "carried_in"
RESULTS = "results"
TOTAL = "total"
CARRIED_FORWARD = "carried_forward"

_RESULT_ROWS_HEAD = (
    Row("disclosed", "（一）予以公开", 1),
    Row("partially_disclosed", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1),
    Row("withheld", "（三）不予公开", 1, numeric=False),
    Row("withheld:state_secret", "1.属于国家秘密", 2),
    Row("withheld:prohibited_by_law", "2.其他法律行政法规禁止公开", 2),
    Row("withheld:security_stability", "3.危及“三安全一稳定”", 2),
    Row("withheld:third_party", "4.保护第三方合法权益", 2),
    Row("withheld:internal_affairs", "5.属于三类内部事务信息", 2),
    Row("withheld:process_information", "6.属于四类过程性信息", 2),
    Row("withheld:enforcement_file", "7.属于行政执法案卷", 2),
    Row("withheld:administrative_query", "8.属于行政查询事项", 2),
    Row("unavailable", "（四）无法提供", 1, numeric=False),
    Row("unavailable:not_held", "1.本机关不掌握相关政府信息", 2),
    Row("unavailable:needs_creation", "2.没有现成信息需要另行制作", 2),
    Row("unavailable:unclear_after_correction", "3.补正后申请内容仍不明确", 2),
    Row("not_processed", "（五）不予处理", 1, numeric=False),
    Row("not_processed:petition", "1.信访举报投诉类申请", 2),
    Row("not_processed:repeated", "2.重复申请", 2),
    Row("not_processed:publication", "3.要求提供公开出版物", 2),
    Row("not_processed:excessive", "4.无正当理由大量反复申请", 2),
    Row("not_processed:confirmation", "5.要求行政机关确认或重新出具已获取信息", 2),
)
_OTHER_ROWS_2021 = (
    Row("other", "（六）其他处理", 1, numeric=False),
    Row("other:no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 2),
    Row("other:fee_unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 2),
    Row("other:other", "3.其他", 2),
)
_OTHER_ROWS_2019 = (Row("other", "（六）其他处理", 1),)


def _table_3(other_rows: tuple[Row, ...]) -> Table:
    rows = (
        Row(NEW, "一、本年新收政府信息公开申请数量"),
        Row(CARRIED_IN, "二、上年结转政府信息公开申请数量"),
        Row(RESULTS, "三、本年度办理结果", numeric=False),
        *_RESULT_ROWS_HEAD, *other_rows,
        Row(TOTAL, "（七）总计", 1),
        Row(CARRIED_FORWARD, "四、结转下年度继续办理"),
    )
    return Table("三", "三、收到和处理政府信息公开申请情况",
                 (Block("applications", "申请人情况", TABLE_3_COLUMNS, rows),))


TABLE_3_2021 = _table_3(_OTHER_ROWS_2021)
TABLE_3_2019 = _table_3(_OTHER_ROWS_2019)

# Table 四: reconsideration and litigation -------------------------------------------------

REVIEW_GROUPS = (
    ("reconsideration", "行政复议"),
    ("litigation_direct", "行政诉讼 未经复议直接起诉"),
    ("litigation_after", "行政诉讼 复议后起诉"),
)
REVIEW_RESULTS = (
    ("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"),
    ("pending", "尚未审结"), ("total", "总计"),
)
TABLE_4 = Table("四", "四、政府信息公开行政复议、行政诉讼情况", (
    Block("reviews", "行政复议、行政诉讼", tuple(
        Column(f"{group}.{result}", label, group_label)
        for group, group_label in REVIEW_GROUPS for result, label in REVIEW_RESULTS
    ), (Row("cases", "件数"),)),
))

# The two formats -------------------------------------------------------------------------


def _sections(table_2: Table, table_3: Table) -> tuple[Section, ...]:
    return (
        Section("一", "一、总体情况"),
        Section("二", table_2.title, table_2),
        Section("三", table_3.title, table_3),
        Section("四", TABLE_4.title, TABLE_4),
        Section("五", "五、存在的主要问题及改进情况"),
        Section("六", "六、其他需要报告的事项"),
    )


REPORT_FORMATS: dict[int, ReportFormat] = {
    FORMAT_2021: ReportFormat(FORMAT_2021, "2021年版", "国办公开办函〔2021〕30号",
                              _sections(TABLE_2_2021, TABLE_3_2021)),
    FORMAT_2019: ReportFormat(FORMAT_2019, "2019年版", "国办公开办函〔2019〕60号",
                              _sections(TABLE_2_2019, TABLE_3_2019)),
}

TEXT_SECTIONS = ("一", "五", "六")


def get_format(code: int) -> ReportFormat:
    return REPORT_FORMATS[int(code)]


def default_format(year: int) -> int:
    """Reports for 2021 and later use the 2021 format; 2019–2020 the trial format."""
    return FORMAT_2021 if year >= 2021 else FORMAT_2019
