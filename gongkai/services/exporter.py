"""Power lists as CSV and JSON rows: the same columns the import reads (``services.
IMPORT_COLUMNS``), so an exported file can be edited and imported back."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from gongkai.services.basis import basis_text
from gongkai.services.models import PowerType, PowerVersion


def power_row(version: PowerVersion) -> dict[str, str]:
    return {
        "code": version.power.code,
        "type": str(PowerType(version.power_type).label),
        "name": version.name,
        "department": version.department.name if version.department else "",
        "basis": basis_text(version.basis),
        "responsibilities": version.responsibilities,
        "accountability": version.accountability,
        "reason": "",
    }


def powers_csv_text(versions: Iterable[PowerVersion]) -> str:
    from gongkai.services.services import IMPORT_COLUMNS

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(IMPORT_COLUMNS))
    writer.writeheader()
    for version in versions:
        writer.writerow(power_row(version))
    return "\ufeff" + out.getvalue()  # BOM: Excel opens UTF-8 CSV as UTF-8


def powers_json_text(versions: Iterable[PowerVersion]) -> str:
    return json.dumps([power_row(v) for v in versions], ensure_ascii=False, indent=1)


def read_rows(data: bytes, filename: str) -> tuple[list[str], list[dict[str, str]]]:
    """(columns, rows) from an uploaded CSV or JSON file; ValueError with a message when
    the file cannot be read at all."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise ValueError("文件不是 UTF-8 或 GB18030 编码的文本。") from exc
    if filename.lower().endswith(".json"):
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"JSON 格式错误（第 {exc.lineno} 行）。") from exc
        if not isinstance(loaded, list) or not all(isinstance(r, dict) for r in loaded):
            raise ValueError("JSON 文件应是一个对象数组，每个对象一行。")
        columns = list(dict.fromkeys(k for r in loaded for k in r))
        return columns, [{k: "" if v is None else str(v) for k, v in r.items()} for r in loaded]
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip() for c in reader.fieldnames or []]
    rows = [{(k or "").strip(): (v or "") for k, v in row.items() if k is not None}
            for row in reader]
    return columns, rows
