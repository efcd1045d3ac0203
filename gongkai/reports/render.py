"""The report as JSON, HTML, Word and Excel, always laid out from ``format`` so every output
shows the same tables, rows, columns and wording as the national format."""

from __future__ import annotations

import copy
import io
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string

from gongkai.reports import completeness, compute
from gongkai.reports import format as fmt
from gongkai.reports.format import cell_id


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def as_data(figures: compute.Figures, *, agency: Any, texts: dict[str, str],
            status: str) -> dict[str, Any]:
    """The JSON shape of the API and the CLI: official labels, then values by column key."""
    rf = figures.format
    tables = []
    for table in rf.tables:
        blocks = []
        for block in table.blocks:
            rows = []
            for row in block.rows:
                entry: dict[str, Any] = {"key": row.key, "label": row.label, "level": row.level}
                if row.numeric:
                    cells = {c.key: figures.cells[cell_id(table.key, row.key, c.key)]
                             for c in block.columns}
                    # A figure never entered is null, not 0, and says so in "display".
                    entry["values"] = {k: None if completeness.is_missing(cell)
                                       else _plain(cell.value) for k, cell in cells.items()}
                    entry["display"] = {k: _plain(completeness.display(cell))
                                        for k, cell in cells.items()}
                    entry["sources"] = {k: cell.source for k, cell in cells.items()}
                rows.append(entry)
            blocks.append({"key": block.key, "label": block.label,
                           "columns": [{"key": c.key, "label": c.label, "group": c.group}
                                       for c in block.columns],
                           "rows": rows})
        tables.append({"key": table.key, "title": table.title, "blocks": blocks})
    return {
        "agency": {"code": agency.organisation_code, "slug": agency.slug, "name": agency.name},
        "year": figures.year,
        "format": rf.code,
        "format_document": rf.document,
        "status": status,
        "title": f"{agency.name}{figures.year}年政府信息公开工作年度报告",
        "sections": [{"key": s.key, "title": s.title,
                      **({"table": s.table.key} if s.table else {"text": texts.get(s.key, "")})}
                     for s in rf.sections],
        "tables": tables,
        "checks": [c.as_dict() for c in figures.checks],
    }


def header_rows(block: fmt.Block) -> list[list[tuple[str, int, int]]]:
    """Two header rows (label, colspan, rowspan) when columns carry a group label."""
    if not any(c.group for c in block.columns):
        return [[(block.label, 1, 1)] + [(c.label, 1, 1) for c in block.columns]]
    top: list[tuple[str, int, int]] = [(block.label, 1, 2)]
    bottom: list[tuple[str, int, int]] = []
    for column in block.columns:
        if not column.group:
            top.append((column.label, 1, 2))
        elif top[-1][0] == column.group:
            label, span, rows = top[-1]
            top[-1] = (label, span + 1, rows)
            bottom.append((column.label, 1, 1))
        else:
            top.append((column.group, 1, 1))
            bottom.append((column.label, 1, 1))
    return [top, bottom]


def table_context(figures: compute.Figures, *, link: Any = None) -> list[dict[str, Any]]:
    """Tables for templates: rows of cells with values, and a drill-down link when asked."""
    out = []
    for table in figures.format.tables:
        blocks = []
        for block in table.blocks:
            rows = []
            for row in block.rows:
                cells = []
                if row.numeric:
                    for column in block.columns:
                        cid = cell_id(table.key, row.key, column.key)
                        cell = figures.cells[cid]
                        cells.append({"id": cid, "value": cell.value,
                                      "display": completeness.display(cell), "source": cell.source,
                                      "note": cell.note, "column": column.label,
                                      "url": link(cid) if link else ""})
                rows.append({"key": row.key, "label": row.label, "level": row.level,
                             "numeric": row.numeric, "cells": cells})
            blocks.append({"key": block.key, "label": block.label, "headers": header_rows(block),
                           "width": len(block.columns) + 1, "rows": rows})
        out.append({"key": table.key, "title": table.title, "blocks": blocks})
    return out


def to_html(figures: compute.Figures, *, agency: Any, texts: dict[str, str]) -> str:
    """A standalone page (for the catalogue record and the PDF)."""
    return render_to_string("reports/document.html", {
        "agency": agency, "year": figures.year, "format": figures.format,
        "sections": _sections(figures, texts),
    })


def _sections(figures: compute.Figures, texts: dict[str, str]) -> list[dict[str, Any]]:
    tables = {t["key"]: t for t in table_context(figures)}
    return [{"key": s.key, "title": s.title, "text": texts.get(s.key, ""),
             "table": tables.get(s.key)} for s in figures.format.sections]


def to_text(figures: compute.Figures, *, agency: Any, texts: dict[str, str]) -> str:
    """Plain text for the catalogue record's body (searchable, shown with line breaks)."""
    lines = [f"{agency.name}{figures.year}年政府信息公开工作年度报告", ""]
    for section in _sections(figures, texts):
        lines.append(section["title"])
        if section["table"] is None:
            lines.append(section["text"] or "无。")
        else:
            for block in section["table"]["blocks"]:
                for row in block["rows"]:
                    values = " ".join(f"{c['column']}:{c['display']}" for c in row["cells"])
                    lines.append(f"{block['label']} {row['label']} {values}".rstrip())
        lines.append("")
    return "\n".join(lines)


def to_xlsx(figures: compute.Figures, *, agency: Any, texts: dict[str, str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = f"{figures.year}年度报告"
    sheet.append([f"{agency.name}{figures.year}年政府信息公开工作年度报告"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"格式:{figures.format.document}"])
    for section in _sections(figures, texts):
        sheet.append([])
        sheet.append([section["title"]])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        if section["table"] is None:
            sheet.append([section["text"]])
            sheet.cell(row=sheet.max_row, column=1).alignment = Alignment(wrap_text=True)
            continue
        for block in section["table"]["blocks"]:
            for header in block["headers"]:
                line: list[Any] = []
                for label, span, _rows in header:
                    line.append(label)
                    line.extend([""] * (span - 1))
                sheet.append(line)
            for row in block["rows"]:
                indent = "  " * row["level"]
                sheet.append([indent + row["label"], *[_plain(c["display"]) for c in row["cells"]]])
    sheet.column_dimensions["A"].width = 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_docx(figures: compute.Figures, *, agency: Any, texts: dict[str, str]) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(f"{agency.name}{figures.year}年政府信息公开工作年度报告", level=1)
    for section in _sections(figures, texts):
        document.add_heading(section["title"], level=2)
        if section["table"] is None:
            for paragraph in (section["text"] or "无。").split("\n"):
                document.add_paragraph(paragraph)
            continue
        for block in section["table"]["blocks"]:
            width = block["width"]
            header_count = len(block["headers"])
            grid = document.add_table(rows=header_count + len(block["rows"]), cols=width)
            grid.style = "Table Grid"
            for r, header in enumerate(block["headers"]):
                col = 0
                for label, span, _rows in header:
                    while grid.cell(r, col).text:  # a cell spanned from the row above
                        col += 1
                    if r == 0 and header_count == 2 and _rows == 2:
                        grid.cell(0, col).merge(grid.cell(1, col))
                    if span > 1:
                        grid.cell(r, col).merge(grid.cell(r, col + span - 1))
                    grid.cell(r, col).text = label
                    col += span
            for i, row in enumerate(block["rows"], start=header_count):
                grid.cell(i, 0).text = "  " * row["level"] + row["label"]
                for j, cell in enumerate(row["cells"], start=1):
                    grid.cell(i, j).text = str(cell["display"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _snapshot_display(value: Any, source: str) -> Any:
    """A frozen cell as printed: 未填报 for one never entered (a snapshot frozen before
    publication was refused for them holds 0 with the source "missing")."""
    return completeness.NOT_ENTERED if source == compute.MISSING or value is None else value


def snapshot_for_output(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A frozen snapshot as the API serves it: a cell never entered is null with
    ``display`` 未填报, also in snapshots frozen before publication refused them."""
    out = copy.deepcopy(snapshot)
    for table in out.get("tables", []):
        for block in table.get("blocks", []):
            for row in block.get("rows", []):
                values = row.get("values")
                if values is None:
                    continue
                sources = row.get("sources", {})
                display = {k: _snapshot_display(v, sources.get(k, "")) for k, v in values.items()}
                row["values"] = {k: None if display[k] == completeness.NOT_ENTERED else v
                                 for k, v in values.items()}
                row["display"] = display
    return out


def snapshot_tables(snapshot: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Template tables from a published report's frozen JSON (never recomputed)."""
    out: dict[str, dict[str, Any]] = {}
    for table in snapshot.get("tables", []):
        blocks = []
        for block in table["blocks"]:
            spec = fmt.Block(block["key"], block["label"], tuple(
                fmt.Column(c["key"], c["label"], c["group"]) for c in block["columns"]), ())
            labels = {c["key"]: c["label"] for c in block["columns"]}
            rows = []
            for row in block["rows"]:
                values = row.get("values")
                sources = row.get("sources", {})
                cells = [{"id": cell_id(table["key"], row["key"], k), "value": v,
                          "display": _snapshot_display(v, sources.get(k, "")),
                          "column": labels[k], "source": sources.get(k, ""), "url": ""}
                         for k, v in (values or {}).items()]
                rows.append({"key": row["key"], "label": row["label"], "level": row["level"],
                             "numeric": values is not None, "cells": cells})
            blocks.append({"key": block["key"], "label": block["label"],
                           "headers": header_rows(spec), "width": len(block["columns"]) + 1,
                           "rows": rows})
        out[table["key"]] = {"key": table["key"], "title": table["title"], "blocks": blocks}
    return out
