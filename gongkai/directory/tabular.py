"""Reading and writing the simple tables staff exchange with spreadsheets: CSV (UTF-8,
UTF-8 with BOM or GBK, comma or tab) and Excel .xlsx (first sheet) in, CSV (UTF-8 with
BOM, so Excel opens it) and .xlsx out, and what an import reports (rows refused with
their line and column; a header read against the declared columns) and the staff import
page's upload step. Used by the directory and the standard catalogue.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

MAX_ROWS = 20_000


MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class TableError(ValueError):
    """The file as a whole cannot be read (encoding, format, empty)."""


@dataclass
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ImportReport:
    """What an import did or would do (dry run): every refused row is named."""

    filename: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    written: bool = False
    batch: str = ""
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def refused_lines(self) -> list[int]:
        return sorted({e.line for e in self.errors if e.line})


def header_map(header: Sequence[Any], columns: Sequence[Any], required: Iterable[str],
               report: ImportReport) -> dict[int, str]:
    """{cell index: column code} for a header naming ``columns`` (objects with ``code`` and
    ``label``) by code or label, ASCII or full-width brackets alike; an unknown, repeated
    or missing required column is reported on line 1."""
    by_name = {c.code: c.code for c in columns} | {c.label: c.code for c in columns}
    mapping: dict[int, str] = {}
    for index, title in enumerate(header):
        key = str(title).strip().replace("(", "（").replace(")", "）")
        if not key:
            continue
        code = by_name.get(key)
        if code is None:
            report.errors.append(RowError(1, key, f"未知的列“{key}”。"))
        elif code in mapping.values():
            report.errors.append(RowError(1, key, f"列“{key}”重复。"))
        else:
            mapping[index] = code
    for code in required:
        if code not in mapping.values():
            label = next((c.label for c in columns if c.code == code), code)
            report.errors.append(RowError(1, label, f"缺少必需的列“{label}”。"))
    return mapping


def import_upload(request: Any, form: Any, agencies: Sequence[Any],
                  run: Callable[..., ImportReport]) -> ImportReport | None:
    """The staff import page's POST: the chosen agency and the uploaded file (at most
    ``MAX_UPLOAD_BYTES``) handed to ``run(actor, agency, filename, data, dry_run)``; None
    when nothing was imported (GET, an invalid form, an oversized file: the form says)."""
    if request.method != "POST" or not form.is_valid():
        return None
    agency = next(a for a in agencies if a.slug == form.cleaned_data["agency"])
    upload = form.cleaned_data["file"]
    if upload.size > MAX_UPLOAD_BYTES:
        form.add_error("file", "文件不能超过20MB。")
        return None
    return run(actor=request.user, agency=agency, filename=upload.name, data=upload.read(),
               dry_run=form.cleaned_data["dry_run"])


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise TableError("文件编码无法识别：请将 CSV 保存为 UTF-8 或 GBK 编码。") from exc


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return value


def read_table(filename: str, data: bytes) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """(header, [(line number as a spreadsheet shows it, cells)]). Blank rows are left out."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        header, rows = _read_xlsx(data)
    elif name.endswith((".csv", ".txt", ".tsv")):
        header, rows = _read_csv(data)
    else:
        raise TableError("只接受 CSV 或 Excel(.xlsx)文件。")
    kept = [(n, [_cell(v) for v in row]) for n, row in rows
            if any(_cell(v) not in ("", None) for v in row)]
    if len(kept) > MAX_ROWS:
        raise TableError(f"一次最多导入 {MAX_ROWS} 行，请分批导入。")
    return [str(_cell(h)) for h in header], kept


def _read_csv(data: bytes) -> tuple[list[Any], list[tuple[int, list[Any]]]]:
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise TableError(f"CSV 格式错误：{exc}") from exc
    if not rows:
        raise TableError("文件是空的。")
    return rows[0], list(enumerate(rows[1:], start=2))


def _read_xlsx(data: bytes) -> tuple[list[Any], list[tuple[int, list[Any]]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TableError("无法读取 Excel 文件：请确认是 .xlsx 格式且未损坏、未加密。") from exc
    try:
        if not workbook.worksheets:
            raise TableError("Excel 文件中没有工作表。")
        rows = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()
    if not rows:
        raise TableError("Excel 文件的第一个工作表是空的。")
    return rows[0], list(enumerate(rows[1:], start=2))


def parse_date(value: Any) -> dt.date | None:
    """Blank → None; a date; or YYYY-MM-DD / YYYY/M/D / YYYY.M.D text. ValueError else."""
    if value in ("", None):
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    parts = text.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(text)
    return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def write_xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(header))
    for row in rows:
        sheet.append(["" if v is None else v for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
