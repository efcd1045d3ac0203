"""Export of an agency's catalogue records in the columns the importer reads, so that an
export re-imports (into the same platform after a restore, or into another agency with
"忽略索取号").

What is exported is what was approved: a record that has been published is written from
its current published version (a correction still in review is not), with its 索取号 and
发布日期; a record never published is written from its working fields, without a number.
Withdrawn records are left out: re-importing one would publish it again.

CSV is UTF-8 with a BOM (Excel on Chinese Windows then opens it correctly) and Chinese
headers and labels; xlsx has the same content; JSON uses the code names and values. CSV
and JSON are produced as a stream; xlsx is written by openpyxl's write-only mode to a
temporary file, so memory stays flat for a large catalogue.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import tempfile
from collections.abc import Iterator
from typing import IO, Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet

from gongkai.audit.services import audit_record
from gongkai.catalogue.importer import ATTRIBUTE_LABELS, COLUMNS, VALIDITY_LABELS
from gongkai.catalogue.models import Attachment, Record, RecordStatus
from gongkai.catalogue.policies import RecordPolicy
from gongkai.core.models import Agency
from gongkai.core.policies import PermissionDeniedError

FORMATS: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}
CHUNK = 1000


class ExportFormatError(ValueError):
    pass


def export_queryset(agency: Agency) -> QuerySet[Record]:
    return (Record.objects.filter(agency=agency).exclude(status=RecordStatus.WITHDRAWN)
            .select_related("department", "topic", "genre", "current_version",
                            "current_version__topic", "current_version__genre")
            .prefetch_related(Prefetch("attachments",
                                       queryset=Attachment.objects.only("id", "record_id",
                                                                        "original_name")))
            .order_by("formed_on", "id"))


def record_values(record: Record) -> dict[str, Any]:
    """One record in the import's column codes, as Python values (JSON form)."""
    shown: Any = record.current_version or record
    return {
        "title": shown.title,
        "summary": shown.summary,
        "body": shown.body,
        "keywords": shown.keywords,
        "document_number": shown.document_number,
        "formed_on": shown.formed_on.isoformat(),
        "topic": shown.topic.code,
        "genre": shown.genre.code,
        "department": record.department.name if record.department else "",
        "disclosure_attribute": shown.disclosure_attribute,
        "withholding_reason": record.withholding_reason,
        "withholding_basis": record.withholding_basis,
        "is_official_document": record.is_official_document,
        "is_classified": record.is_classified,
        "validity": shown.validity,
        "validity_changed_on": (record.validity_changed_on.isoformat()
                                if record.validity_changed_on else ""),
        "index_number": (record.index_number or "") if record.current_version else "",
        "published_on": (record.published_on.isoformat()
                         if record.current_version and record.published_on else ""),
        "attachments": [a.original_name for a in record.attachments.all()],
    }


def _human(values: dict[str, Any], record: Record) -> list[Any]:
    """A spreadsheet row: Chinese labels, names instead of codes, 是/否."""
    shown: Any = record.current_version or record
    out = dict(values)
    out["topic"] = shown.topic.name
    out["genre"] = shown.genre.name
    out["disclosure_attribute"] = ATTRIBUTE_LABELS.get(values["disclosure_attribute"], "")
    out["validity"] = VALIDITY_LABELS.get(values["validity"], "")
    out["is_official_document"] = "是" if values["is_official_document"] else "否"
    out["is_classified"] = "是" if values["is_classified"] else "否"
    out["attachments"] = ";".join(values["attachments"])
    return [out[c.code] for c in COLUMNS]


def _records(agency: Agency) -> Iterator[Record]:
    return export_queryset(agency).iterator(chunk_size=CHUNK)


class _Line:
    """A file-like object that hands back what csv.writer writes, for streaming."""

    def write(self, value: str) -> str:
        return value


def iter_csv(agency: Agency) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    yield "\ufeff".encode() + writer.writerow([c.label for c in COLUMNS]).encode()
    batch: list[str] = []
    for record in _records(agency):
        batch.append(writer.writerow(_human(record_values(record), record)))
        if len(batch) >= CHUNK:
            yield "".join(batch).encode()
            batch = []
    if batch:
        yield "".join(batch).encode()


def iter_json(agency: Agency) -> Iterator[bytes]:
    yield b"["
    first = True
    for record in _records(agency):
        text = json.dumps(record_values(record), ensure_ascii=False)
        yield (("\n" if first else ",\n") + text).encode()
        first = False
    yield b"\n]\n"


def write_xlsx(agency: Agency, out: IO[bytes]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("政府信息")
    sheet.append([c.label for c in COLUMNS])
    for record in _records(agency):
        sheet.append(_human(record_values(record), record))
    workbook.save(out)


def _iter_file(handle: IO[bytes]) -> Iterator[bytes]:
    try:
        while chunk := handle.read(64 * 1024):
            yield chunk
    finally:
        handle.close()


def catalogue_export(*, actor: Any, agency: Agency, fmt: str) -> tuple[Iterator[bytes], str, str]:
    """(bytes stream, content type, file name). Who exported what is audited: the file holds
    records the public may not see (依申请公开, 不予公开)."""
    if fmt not in FORMATS:
        raise ExportFormatError(f"不支持的导出格式“{fmt}”:应为 csv、xlsx 或 json。")
    if actor is not None and not RecordPolicy.can_import(actor, agency):
        raise PermissionDeniedError
    with transaction.atomic():
        count = export_queryset(agency).count()
        audit_record(actor=actor, verb="catalogue.export", obj=agency, agency=agency,
                     details={"format": fmt, "records": count})
    filename = f"{agency.slug}-catalogue-{dt.date.today():%Y%m%d}.{fmt}"
    if fmt == "csv":
        return iter_csv(agency), FORMATS[fmt], filename
    if fmt == "json":
        return iter_json(agency), FORMATS[fmt], filename
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _iter_file
    write_xlsx(agency, handle)
    handle.seek(0)
    return _iter_file(handle), FORMATS[fmt], filename
