"""Whether an annual report is finished enough to publish, and how an unfinished figure
reads.

Regulations Art. 49–50 make the report a statement of fact for the year: a section that
still holds the editor's prompt, or a table 二 figure nobody entered, must not go out (the
2025 report was published with "(请填写本年度……)" in 五 and 0 for 行政许可, 行政处罚,
行政强制 and 收费 that nobody had counted). A figure staff entered as 0 is a zero; one never
entered reads 未填报 in every output and blocks publication. The prompts that a new draft
starts with are defined here, so the check knows exactly what a prompt looks like.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from gongkai.reports import compute
from gongkai.reports import format as fmt

if TYPE_CHECKING:
    from gongkai.reports.models import AnnualReport

# What a cell nobody entered shows, in every output (page, PDF, Word, Excel, CSV, JSON).
NOT_ENTERED = "未填报"

# The prompts a new draft starts with (services.draft_texts): full-width brackets, and
# always "请填写" or "请在此" inside them.
PROBLEMS_PROMPT = "（请填写本年度政府信息公开工作存在的主要问题，以及针对上一年度问题的改进情况。）"
OTHER_MATTERS_PROMPT = "（如有其他需要报告的事项，请在此补充。）"
# Any bracketed prompt, the drafts' own and those of an older draft or a pasted template
# (half- or full-width brackets).
PROMPT_RE = re.compile(r"[（(][^（）()]*(?:请填写|请在此)[^（）()]*[）)]")


def is_missing(cell: compute.Cell) -> bool:
    return cell.source == compute.MISSING


def display(cell: compute.Cell) -> object:
    """The cell as every output prints it: its value, or 未填报."""
    return NOT_ENTERED if is_missing(cell) else cell.value


def cell_label(rf: fmt.ReportFormat, cell: str) -> str:
    """"表二 第二十条第（五）项 行政许可 本年处理决定数量": where the officer finds the cell."""
    table_key, row_key, column_key = fmt.split_cell(cell)
    table = rf.table(table_key)
    block = table.block_of_row(row_key)
    if block is None:
        return cell
    row = next(r.label for r in block.rows if r.key == row_key)
    column = next(f"{c.group} {c.label}".strip() for c in block.columns if c.key == column_key)
    return f"表{table_key} {block.label} {row} {column}"


def report_publish_blockers(report: AnnualReport,
                            figures: compute.Figures | None = None) -> list[str]:
    """Every reason the report cannot be published yet, in the active language, one per
    item: text sections still holding a prompt, figures never entered. Empty when it may
    go out."""
    from gongkai.reports.services import report_figures

    figures = figures or report_figures(report)
    blockers: list[str] = []
    titles = {s.key: s.title for s in figures.format.sections}
    for key, text in report.texts().items():
        for prompt in PROMPT_RE.findall(text or ""):
            blockers.append(_("“%(section)s”仍是待填写的提示文字：%(prompt)s")
                            % {"section": titles.get(key, key), "prompt": prompt})
    for table in figures.format.tables:
        for cid in table.cell_ids():
            cell = figures.cells.get(cid)
            if cell is not None and is_missing(cell):
                # The same words as NOT_ENTERED, which the outputs print untranslated.
                blockers.append(_("%(cell)s：未填报") % {"cell": cell_label(figures.format, cid)})
    return blockers
