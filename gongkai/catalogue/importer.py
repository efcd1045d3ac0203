"""Bulk import of catalogue records (e.g. ten thousand historical documents with their
attachments), for agency administrators.

Two steps, as for the working-day calendar: a dry run reads and checks EVERY row and
reports every problem with its row number and column ("第12行 产生日期:…"); only a file
without a single error is written, all rows in one transaction or none (DEVELOPERS.md:
"bad input gets a clear error and loses nothing").

Input: CSV (UTF-8, UTF-8 with BOM, or GBK/GB18030, detected), Excel .xlsx (first sheet,
header in row 1) or JSON (a list of objects). Headers may be the code names or the Chinese
labels of ``COLUMNS``. Attachments are named in the 附件 column and read from a folder or
from the .zip that carries the data file.

Writing (``_Batch``) keeps the semantics of the services but not their cost: drafting,
submitting and approving one record through ``record_create``/``record_submit``/
``record_approve`` takes some forty queries (about 30 records/s), so records, first
versions, RecordEvents and scan findings are inserted in bulk, 500 rows at a time, while
what must stay per record does: one ``record.import`` audit event through ``audit_record``
and ``record_attach`` for every attachment. The lookups (topics, genres, departments, index
numbers in use, records already there) are loaded once per file, never per row. A
historical row that carries its 索取号 keeps it and is published under it; the agency/year
``IndexCounter`` is first raised to the highest imported serial, so new publications
continue after it and never reuse one. One ``catalogue.import`` audit event (with the
file's SHA-256 and the record ids) summarises the batch, and every record's own history
names the file and row it came from.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.catalogue import document_numbers, publication
from gongkai.catalogue.files import AttachmentRejected, check_attachment, max_attachment_bytes
from gongkai.catalogue.models import (
    DisclosureAttribute,
    Genre,
    IndexCounter,
    Record,
    RecordEvent,
    RecordStatus,
    Topic,
    Validity,
)
from gongkai.catalogue.policies import RecordPolicy
from gongkai.catalogue.services import record_attach
from gongkai.catalogue.workflow import InvalidTransition
from gongkai.core.models import Agency, Department
from gongkai.core.policies import PermissionDeniedError

MAX_ERRORS_SHOWN = 200
DATA_EXTENSIONS = ("csv", "xlsx", "json")
# A .zip upload: its members are read one by one, never unpacked to disk, but the
# directory it declares is checked so that a zip bomb is refused before anything is read.
MAX_ZIP_MEMBERS = 200_000
MAX_ZIP_UNPACKED_BYTES = 20 * 1024**3
# The data file itself is read into memory: its declared size is capped, so a small zip
# cannot inflate into gigabytes of one member (attachments have their own cap).
MAX_ZIP_DATA_BYTES = 512 * 1024**2


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    required: bool = False
    aliases: tuple[str, ...] = ()


# The columns of an import file, in export order. An export writes exactly these, so it
# re-imports. validity_changed_on, is_classified and published_on are not in the brief's
# list but are needed for a faithful round trip (失效/废止 require the date).
COLUMNS: tuple[Column, ...] = (
    Column("title", "标题", required=True, aliases=("名称", "文件标题")),
    Column("summary", "内容概述", aliases=("摘要",)),
    Column("body", "正文"),
    Column("keywords", "关键词"),
    Column("document_number", "文件编号", aliases=("文号", "发文字号")),
    Column("formed_on", "产生日期", required=True, aliases=("成文日期",)),
    Column("topic", "主题分类", required=True, aliases=("主题",)),
    Column("genre", "体裁分类", required=True, aliases=("体裁",)),
    Column("department", "处室", aliases=("部门", "内设机构")),
    Column("disclosure_attribute", "公开属性", aliases=("公开方式",)),
    Column("withholding_reason", "不予公开理由", aliases=("不公开理由", "理由")),
    Column("withholding_basis", "法律依据", aliases=("依据",)),
    Column("is_official_document", "是否公文", aliases=("公文",)),
    Column("is_classified", "涉密", aliases=("是否涉密",)),
    Column("validity", "有效性"),
    Column("validity_changed_on", "有效性变更日期", aliases=("失效日期", "废止日期")),
    Column("index_number", "索取号"),
    Column("published_on", "发布日期"),
    Column("attachments", "附件", aliases=("附件名称",)),
)
COLUMN_BY_CODE = {c.code: c for c in COLUMNS}
LABELS = {c.code: c.label for c in COLUMNS}


def _header_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text or "")).replace("\ufeff", "")
    return re.sub(r"[\s*＊:：()（）]", "", text).lower()


HEADER_ALIASES: dict[str, str] = {}
for _column in COLUMNS:
    for _name in (_column.code, _column.label, *_column.aliases):
        HEADER_ALIASES[_header_key(_name)] = _column.code

TRUE_WORDS = {"是", "true", "yes", "y", "1", "√", "✓", "公文"}
FALSE_WORDS = {"否", "false", "no", "n", "0", "×", "非公文"}
# Written out rather than taken from the choices' labels: those are translated, and a
# sheet typed in Chinese must import the same whatever the administrator's language.
ATTRIBUTE_WORDS: dict[str, str] = {
    **{str(value): str(value) for value in DisclosureAttribute.values},
    "主动公开": DisclosureAttribute.PROACTIVE, "主动": DisclosureAttribute.PROACTIVE,
    "依申请公开": DisclosureAttribute.ON_REQUEST, "依申请": DisclosureAttribute.ON_REQUEST,
    "不予公开": DisclosureAttribute.WITHHELD, "不公开": DisclosureAttribute.WITHHELD,
    "未认定": DisclosureAttribute.UNDECIDED, "未定": DisclosureAttribute.UNDECIDED,
}
ATTRIBUTE_LABELS = {DisclosureAttribute.PROACTIVE: "主动公开", DisclosureAttribute.ON_REQUEST: "依申请公开",
                    DisclosureAttribute.WITHHELD: "不予公开", DisclosureAttribute.UNDECIDED: "未认定"}
VALIDITY_WORDS: dict[str, str] = {
    **{str(value): str(value) for value in Validity.values},
    "有效": Validity.VALID, "失效": Validity.EXPIRED, "已失效": Validity.EXPIRED,
    "废止": Validity.REPEALED, "已废止": Validity.REPEALED, "不适用": Validity.NOT_APPLICABLE,
}
VALIDITY_LABELS = {Validity.VALID: "有效", Validity.EXPIRED: "失效", Validity.REPEALED: "废止",
                   Validity.NOT_APPLICABLE: ""}
ATTACHMENT_SEPARATORS = re.compile(r"[;,；，\n]+")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


# Errors and the report -------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem: where (row and column) and what. ``line`` 0 is the file as a whole."""

    line: int
    column: str
    message: str
    unit: str = "行"

    @property
    def where(self) -> str:
        return f"第{self.line}{self.unit}" if self.line else "文件"

    @property
    def column_label(self) -> str:
        return LABELS.get(self.column, self.column)

    def __str__(self) -> str:
        label = self.column_label
        return f"{self.where} {label}:{self.message}" if label else f"{self.where}:{self.message}"


@dataclass
class ParsedRow:
    line: int
    fields: dict[str, Any]
    index_number: str = ""
    published_on: dt.date | None = None
    attachments: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    filename: str
    agency: Agency
    encoding: str = ""
    unit: str = "行"
    total: int = 0
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    lines_with_errors: set[int] = field(default_factory=set)
    dry_run: bool = True
    sha256: str = ""
    created: int = 0
    published: int = 0
    held: int = 0  # the scan found something: in 保密审查 instead of published
    attachments: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def ok_count(self) -> int:
        return self.total - len(self.lines_with_errors - {0})

    @property
    def errors_shown(self) -> list[RowError]:
        return self.errors[:MAX_ERRORS_SHOWN]

    @property
    def errors_hidden(self) -> int:
        return max(0, len(self.errors) - MAX_ERRORS_SHOWN)

    def error(self, line: int, column: str, message: str) -> None:
        self.errors.append(RowError(line, column, message, self.unit))
        self.lines_with_errors.add(line)

    def summary(self) -> str:
        if self.errors:
            return (f"共 {self.total} {self.unit},{self.ok_count} {self.unit}无误,"
                    f"{len(self.lines_with_errors - {0})} {self.unit}有错误,共 {len(self.errors)} 处错误;"
                    "未写入任何数据。")
        if self.dry_run:
            return f"共 {self.total} {self.unit},全部无误,可以导入。"
        held = (f"另有 {self.held} 条经保密检查发现需复核的内容,已转入保密审查,未发布;"
                if self.held else "")
        return (f"已导入 {self.created} 条记录(其中发布 {self.published} 条),{held}"
                f"附件 {self.attachments} 个。")


class ImportFileError(ValueError):
    """The file as a whole cannot be read (format, encoding, header)."""


# Attachment sources ----------------------------------------------------------------


class AttachmentMissing(LookupError):
    """A file named in the 附件 column is not there; ``str()`` is the message."""


class AttachmentSource(Protocol):
    def read(self, name: str) -> bytes: ...


def _clean_name(name: str) -> str:
    """A relative, '/'-separated, NFC name; refuses absolute paths and '..'."""
    text = unicodedata.normalize("NFC", name.strip()).replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    parts = PurePosixPath(text).parts
    if not text or text.startswith("/") or re.match(r"^[A-Za-z]:", text) or ".." in parts:
        raise AttachmentMissing(f"附件“{name}”的路径不正确:应为相对于附件目录的文件名,不能含“..”或绝对路径。")
    return "/".join(parts)


def _megabytes(size: int) -> str:
    return f"{size / 1048576:.1f}".removesuffix(".0")


def _too_large(name: str, size: int) -> AttachmentRejected:
    """Said before reading a file too large to read into memory (check_attachment's words)."""
    return AttachmentRejected(
        f"附件大小为 {_megabytes(size)} MB,超过 {_megabytes(max_attachment_bytes())} MB 的上限。",
        code="too_large")


class NoAttachments:
    def read(self, name: str) -> bytes:
        raise AttachmentMissing(f"附件“{name}”不存在:没有提供附件目录或附件压缩包。")


class DirectoryAttachments:
    """Files under one folder (``--attachments DIR``); a name never leaves it."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root).resolve()

    def read(self, name: str) -> bytes:
        relative = _clean_name(name)
        path = (self.root / relative).resolve()
        if not path.is_relative_to(self.root):
            raise AttachmentMissing(f"附件“{name}”不在附件目录中。")
        if not path.is_file():
            raise AttachmentMissing(f"附件“{name}”不存在(在附件目录 {self.root} 中找不到)。")
        size = path.stat().st_size
        if size > max_attachment_bytes():
            raise _too_large(name, size)
        return path.read_bytes()


def _zip_member_name(info: zipfile.ZipInfo) -> str:
    """The member's real name. Archives made on Chinese Windows store names in GBK without
    the UTF-8 flag; Python then decodes them as CP437, which we undo."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            raw = name.encode("cp437")
        except UnicodeEncodeError:
            return name
        for codec in ("utf-8", "gb18030"):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                continue
    return name


class ZipAttachments:
    """Members of an uploaded .zip, relative to the folder that holds the data file."""

    def __init__(self, archive: zipfile.ZipFile, base: str = "") -> None:
        self.archive = archive
        self.base = base
        self.members: dict[str, zipfile.ZipInfo] = {}
        self.folded: dict[str, list[str]] = {}
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = unicodedata.normalize("NFC", _zip_member_name(info)).replace("\\", "/")
            self.members[name] = info
            self.folded.setdefault(name.casefold(), []).append(name)

    def _find(self, relative: str) -> zipfile.ZipInfo | None:
        for candidate in (f"{self.base}/{relative}" if self.base else relative, relative):
            if candidate in self.members:
                return self.members[candidate]
            folded = self.folded.get(candidate.casefold(), [])
            if len(folded) == 1:
                return self.members[folded[0]]
        return None

    def read(self, name: str) -> bytes:
        info = self._find(_clean_name(name))
        if info is None:
            raise AttachmentMissing(f"附件“{name}”不存在(压缩包中没有这个文件)。")
        if info.file_size > max_attachment_bytes():
            raise _too_large(name, info.file_size)
        try:
            return self.archive.read(info)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise AttachmentMissing(f"附件“{name}”在压缩包中已损坏,无法读取。") from exc


def open_zip_upload(path: str | os.PathLike[str]) -> tuple[str, bytes, ZipAttachments]:
    """Find the one data file in an uploaded .zip (the shallowest .csv/.xlsx/.json) and
    return (its name, its bytes, the other members as an attachment source)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportFileError("压缩包已损坏或不是 ZIP 格式,无法打开。") from exc
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ImportFileError(f"压缩包中的文件超过 {MAX_ZIP_MEMBERS} 个,请分批导入。")
    if sum(i.file_size for i in infos) > MAX_ZIP_UNPACKED_BYTES:
        raise ImportFileError("压缩包解压后过大,疑似压缩炸弹,已拒绝。请分批导入或使用命令行导入附件目录。")
    source = ZipAttachments(archive)
    candidates = [n for n in source.members
                  if n.rsplit(".", 1)[-1].lower() in DATA_EXTENSIONS and "__MACOSX" not in n]
    if not candidates:
        raise ImportFileError("压缩包中没有数据文件(.csv、.xlsx 或 .json)。")
    depth = min(n.count("/") for n in candidates)
    top = sorted(n for n in candidates if n.count("/") == depth)
    if len(top) > 1:
        raise ImportFileError(
            f"压缩包中有多个数据文件({'、'.join(top[:5])}),无法确定导入哪一个:"
            "请只在最外层放一个数据文件,附件放在它旁边或子文件夹中。")
    name = top[0]
    if source.members[name].file_size > MAX_ZIP_DATA_BYTES:
        raise ImportFileError(
            f"压缩包中的数据文件解压后超过 {MAX_ZIP_DATA_BYTES // 1024**2} MB,疑似压缩炸弹,已拒绝。"
            "请拆分数据文件分批导入。")
    source.base = name.rsplit("/", 1)[0] if "/" in name else ""
    return name, archive.read(source.members[name]), source


# Reading the table -------------------------------------------------------------------


def _decode_csv(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "UTF-8 (BOM)"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "GBK/GB18030"
    except UnicodeDecodeError as exc:
        raise ImportFileError("文件编码无法识别:请将 CSV 保存为 UTF-8 或 GBK 编码。") from exc


def _read_csv(data: bytes) -> tuple[str, list[Any], Iterator[tuple[int, list[Any]]]]:
    try:
        text, encoding = _decode_csv(data)
    except UnicodeDecodeError as exc:
        raise ImportFileError("文件编码无法识别:请将 CSV 保存为 UTF-8 或 GBK 编码。") from exc
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError("文件是空的。") from None
    except csv.Error as exc:
        raise ImportFileError(f"CSV 格式错误:{exc}") from exc

    def rows() -> Iterator[tuple[int, list[Any]]]:
        # Numbered as a spreadsheet shows them: a quoted cell spanning lines is one row.
        try:
            yield from enumerate(reader, start=2)
        except csv.Error as exc:
            raise ImportFileError(f"CSV 格式错误(第{reader.line_num}行附近):{exc}") from exc

    return encoding, header, rows()


def _read_xlsx(data: bytes) -> tuple[str, list[Any], Iterator[tuple[int, list[Any]]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError("无法读取 Excel 文件:请确认是 .xlsx 格式且未损坏、未加密。") from exc
    if not workbook.worksheets:
        raise ImportFileError("Excel 文件中没有工作表。")
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    try:
        header = list(next(iterator))
    except StopIteration:
        workbook.close()
        raise ImportFileError("Excel 文件的第一个工作表是空的。") from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, values in enumerate(iterator, start=2):
                yield number, list(values)
        finally:
            workbook.close()

    return "Excel", header, rows()


def _read_json(data: bytes) -> tuple[list[Any], list[dict[str, Any]]]:
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFileError(f"JSON 文件无法解析:{exc}") from exc
    if isinstance(value, dict) and isinstance(value.get("records"), list):
        value = value["records"]
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ImportFileError("JSON 文件应为对象的列表,例如 [{\"title\": \"…\", …}]。")
    header: list[Any] = []
    for item in value:
        header.extend(key for key in item if key not in header)
    return header, value


def _cell(value: Any) -> Any:
    """Strings trimmed; whole floats as ints (Excel stores 6 as 6.0); dates kept."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_cell(v) for v in value]
    return value


def _map_header(header: list[Any], report: ImportReport, *,
                unique: bool = True) -> list[str | None]:
    codes: list[str | None] = []
    seen: dict[str, str] = {}
    for raw in header:
        text = str(raw or "").strip()
        code = HEADER_ALIASES.get(_header_key(text))
        if code is None:
            if text:
                report.ignored_columns.append(text)
            codes.append(None)
            continue
        if code in seen and unique:
            raise ImportFileError(f"表头中“{seen[code]}”和“{text}”是同一列({LABELS[code]}),请删去一个。")
        seen[code] = text
        codes.append(code)
    missing = [c for c in COLUMNS if c.required and c.code not in seen]
    if missing:
        names = "、".join(f"{c.label}({c.code})" for c in missing)
        raise ImportFileError(f"缺少必需的列:{names}。第一行应为表头。")
    return codes


def read_table(filename: str, data: bytes, report: ImportReport) -> Iterator[tuple[int, dict[str, Any]]]:
    """Rows as (row number, {column code: value}); blank rows are skipped."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "csv" or extension == "txt":
        report.encoding, header, raw_rows = _read_csv(data)
    elif extension == "xlsx":
        report.encoding, header, raw_rows = _read_xlsx(data)
    elif extension == "json":
        report.encoding, report.unit = "UTF-8", "条"
        header, items = _read_json(data)
        # Objects may differ in their keys; one object using two names for a column is an
        # error of that object, not of the file.
        codes = _map_header(header, report, unique=False)
        by_key = {str(k): c for k, c in zip(header, codes, strict=True)}

        def json_rows() -> Iterator[tuple[int, dict[str, Any]]]:
            for number, item in enumerate(items, start=1):
                row: dict[str, Any] = {}
                for key, value in item.items():
                    code = by_key.get(str(key))
                    if code and code in row:
                        report.error(number, code, f"“{key}”与同一条记录中的另一个字段是同一列。")
                    elif code:
                        row[code] = _cell(value)
                if any(v not in ("", []) for v in row.values()):
                    yield number, row

        return json_rows()
    elif extension == "xls":
        raise ImportFileError("不支持 Excel 97-2003 (.xls) 文件:请另存为 .xlsx 或 CSV。")
    else:
        raise ImportFileError(
            "只支持 .csv、.xlsx、.json 数据文件(网页上传也可以是包含数据文件和附件的 .zip)。")
    codes = _map_header(header, report)

    def table_rows() -> Iterator[tuple[int, dict[str, Any]]]:
        for number, values in raw_rows:
            row: dict[str, Any] = {}
            for code, value in zip(codes, values, strict=False):
                if code:
                    row[code] = _cell(value)
            if any(v != "" for v in row.values()):
                yield number, row

    return table_rows()


# Checking one row ---------------------------------------------------------------------


def parse_date(value: Any) -> dt.date:
    """A date as people and spreadsheets write it: 2020-04-23, 2020/4/23, 2020年4月23日,
    20200423, an Excel date cell or an Excel serial number."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    match = _DATE.match(text)
    try:
        if match:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if re.fullmatch(r"\d{8}", text):
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        if re.fullmatch(r"\d{5}", text):
            return _EXCEL_EPOCH + dt.timedelta(days=int(text))
    except ValueError:
        pass
    raise ValueError(f"“{value}”不是有效日期,应写作 YYYY-MM-DD(如 2020-04-23)。")


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(str(v) for v in value if str(v).strip())
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value).strip()


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    word = _text(value).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


@dataclass
class _Lookups:
    """Everything a row is checked against, loaded once per file."""

    agency: Agency
    today: dt.date
    topics: dict[str, Topic]
    genres: dict[str, Genre]
    departments: dict[str, Department]
    index_numbers: set[str]
    existing: set[tuple[str, str]]
    index_pattern: re.Pattern[str]
    ignore_index_numbers: bool
    seen_rows: dict[tuple[str, str], int] = field(default_factory=dict)
    seen_index: dict[str, int] = field(default_factory=dict)
    checked_files: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def load(cls, agency: Agency, *, ignore_index_numbers: bool) -> _Lookups:
        topics: dict[str, Topic] = {}
        for topic in Topic.objects.all():
            topics[topic.code.lower()] = topics[topic.name] = topic
        genres: dict[str, Genre] = {}
        for genre in Genre.objects.all():
            genres[genre.code.lower()] = genres[genre.name] = genre
        departments: dict[str, Department] = {}
        # Active departments win over a disbanded one of the same name.
        for department in Department.objects.filter(agency=agency).order_by("is_active", "id"):
            departments[unicodedata.normalize("NFKC", department.name).strip()] = department
        code = agency.organisation_code
        index_numbers = {n for n in Record.objects.filter(index_number__startswith=f"{code}/")
                         .values_list("index_number", flat=True) if n}
        existing = set()
        for title, key, formed_on in Record.objects.filter(agency=agency).values_list(
                "title", "document_number_key", "formed_on"):
            existing.add(_duplicate_key(title, key, formed_on))
        return cls(agency=agency, today=timezone.localdate(), topics=topics, genres=genres,
                   departments=departments, index_numbers=index_numbers, existing=existing,
                   index_pattern=re.compile(rf"^{re.escape(code)}/(\d{{4}})-(\d{{5}})$"),
                   ignore_index_numbers=ignore_index_numbers)


def _duplicate_key(title: str, number_key: str, formed_on: dt.date | None) -> tuple[str, str]:
    """Same document number and title; without a number, same title and date."""
    second = f"#{number_key}" if number_key else f"@{formed_on}"
    return (title.strip(), second)


def _check_length(report: ImportReport, line: int, code: str, value: str, limit: int) -> None:
    if len(value) > limit:
        report.error(line, code, f"不超过 {limit} 字,当前 {len(value)} 字。")


def _parse_row(line: int, raw: dict[str, Any], report: ImportReport, ctx: _Lookups,
               source: AttachmentSource) -> ParsedRow | None:
    errors_before = len(report.errors)
    fields: dict[str, Any] = {}

    def text(code: str) -> str:
        return _text(raw.get(code, ""))

    title = text("title")
    if not title:
        report.error(line, "title", "必填,不能为空。")
    _check_length(report, line, "title", title, 300)
    fields["title"] = title
    for code, limit in (("summary", 100), ("keywords", 200), ("withholding_basis", 200)):
        value = text(code)
        _check_length(report, line, code, value, limit)
        fields[code] = value
    fields["body"] = text("body")
    fields["withholding_reason"] = text("withholding_reason")

    number = text("document_number")
    try:
        fields["document_number"] = document_numbers.normalise(number)
    except document_numbers.DocumentNumberError as exc:
        report.error(line, "document_number", str(exc))
        fields["document_number"] = number

    formed_on: dt.date | None = None
    if raw.get("formed_on", "") == "":
        report.error(line, "formed_on", "必填,不能为空。")
    else:
        try:
            formed_on = parse_date(raw["formed_on"])
        except ValueError as exc:
            report.error(line, "formed_on", str(exc))
        else:
            if formed_on > ctx.today:
                report.error(line, "formed_on", f"产生日期 {formed_on} 不能晚于今天。")
            elif formed_on.year < 1949:
                report.error(line, "formed_on", "产生日期不早于1949年。")
    fields["formed_on"] = formed_on

    for code, table, kind in (("topic", ctx.topics, "主题分类"), ("genre", ctx.genres, "体裁分类")):
        value = text(code)
        found = table.get(value) or table.get(value.lower())
        if not value:
            report.error(line, code, "必填,不能为空。")
        elif found is None:
            report.error(line, code, f"未知的{kind}“{value}”:应填写已有{kind}的代码或名称。")
        fields[code] = found

    department_name = unicodedata.normalize("NFKC", text("department")).strip()
    fields["department"] = None
    if department_name:
        fields["department"] = ctx.departments.get(department_name)
        if fields["department"] is None:
            report.error(line, "department", f"本机构没有名为“{department_name}”的处室。")

    attribute_text = text("disclosure_attribute")
    attribute = ATTRIBUTE_WORDS.get(attribute_text) or ATTRIBUTE_WORDS.get(attribute_text.lower())
    if not attribute_text:
        # Not decided at the source: kept out of public view, for the conversion campaign.
        attribute = DisclosureAttribute.UNDECIDED
    elif attribute is None:
        report.error(line, "disclosure_attribute",
                     f"“{attribute_text}”无法识别:应为 主动公开、依申请公开、不予公开 或 未认定。")
    fields["disclosure_attribute"] = attribute or DisclosureAttribute.UNDECIDED
    if attribute in (DisclosureAttribute.ON_REQUEST, DisclosureAttribute.WITHHELD) \
            and not fields["withholding_reason"]:
        report.error(line, "withholding_reason", "非主动公开的信息须说明理由(源头认定)。")

    for code, default in (("is_official_document", True), ("is_classified", False)):
        value = raw.get(code, "")
        flag = default if value == "" else _bool(value)
        if flag is None:
            report.error(line, code, f"“{_text(value)}”无法识别:应为“是”或“否”。")
            flag = default
        fields[code] = flag
    if fields["is_classified"] and attribute == DisclosureAttribute.PROACTIVE:
        report.error(line, "disclosure_attribute", "涉密信息不得主动公开。")

    validity_text = text("validity")
    validity = VALIDITY_WORDS.get(validity_text if validity_text in VALIDITY_WORDS
                                  else validity_text.lower())
    if validity is None:
        report.error(line, "validity", f"“{validity_text}”无法识别:应为 有效、失效 或 废止(或留空)。")
        validity = Validity.NOT_APPLICABLE
    fields["validity"] = validity
    fields["validity_changed_on"] = None
    if raw.get("validity_changed_on", "") != "":
        try:
            fields["validity_changed_on"] = parse_date(raw["validity_changed_on"])
        except ValueError as exc:
            report.error(line, "validity_changed_on", str(exc))
    elif validity in (Validity.EXPIRED, Validity.REPEALED):
        report.error(line, "validity_changed_on", "失效或废止须填写日期。")

    index_number = "" if ctx.ignore_index_numbers else text("index_number")
    if index_number:
        _check_index_number(line, index_number, formed_on, report, ctx)

    published_on: dt.date | None = None
    if raw.get("published_on", "") != "":
        try:
            published_on = parse_date(raw["published_on"])
        except ValueError as exc:
            report.error(line, "published_on", str(exc))
        else:
            if published_on > ctx.today:
                report.error(line, "published_on", f"发布日期 {published_on} 不能晚于今天。")
            elif formed_on and published_on < formed_on:
                report.error(line, "published_on", "发布日期不能早于产生日期。")

    attachments = raw.get("attachments", "")
    names = attachments if isinstance(attachments, list) else ATTACHMENT_SEPARATORS.split(
        _text(attachments))
    names = [str(n).strip() for n in names if str(n).strip()]
    for name in names:
        problem = _check_file(name, source, ctx)
        if problem:
            report.error(line, "attachments", problem)

    key = _duplicate_key(title, document_numbers.lookup_key(fields["document_number"]), formed_on)
    if title and formed_on:
        if key in ctx.seen_rows:
            report.error(line, "title", f"与第{ctx.seen_rows[key]}{report.unit}重复(文件编号和标题相同)。")
        elif key in ctx.existing:
            report.error(line, "title", "本机构已有文件编号和标题都相同的记录,可能已经导入过。")
        else:
            ctx.seen_rows[key] = line

    if len(report.errors) > errors_before:
        return None
    return ParsedRow(line=line, fields=fields, index_number=index_number,
                     published_on=published_on, attachments=names)


def _check_index_number(line: int, value: str, formed_on: dt.date | None, report: ImportReport,
                        ctx: _Lookups) -> None:
    """catalogue-fields.md: ``<agency code>/<year formed>-<5-digit serial>``, never reused."""
    code = ctx.agency.organisation_code
    match = ctx.index_pattern.match(value)
    year = formed_on.year if formed_on else ctx.today.year
    if not match or int(match[2]) == 0:
        report.error(line, "index_number",
                     f"“{value}”格式不正确:应为“{code}/{year}-五位序号”,例如 {code}/{year}-00001。")
        return
    if formed_on and int(match[1]) != formed_on.year:
        report.error(line, "index_number",
                     f"索取号中的年份 {match[1]} 与产生日期的年份 {formed_on.year} 不一致。")
        return
    if value in ctx.index_numbers:
        report.error(line, "index_number", f"索取号“{value}”已被本机构的其他记录使用。")
    elif value in ctx.seen_index:
        report.error(line, "index_number", f"索取号“{value}”与第{ctx.seen_index[value]}{report.unit}重复。")
    else:
        ctx.seen_index[value] = line


def _check_file(name: str, source: AttachmentSource, ctx: _Lookups) -> str | None:
    """The problem with one named attachment, or None; each file is read once per dry run."""
    if name not in ctx.checked_files:
        try:
            check_attachment(source.read(name), name.replace("\\", "/").rsplit("/", 1)[-1])
        except (AttachmentMissing, AttachmentRejected) as exc:
            ctx.checked_files[name] = f"“{name}”:{exc}" if isinstance(exc, AttachmentRejected) \
                else str(exc)
        except OSError as exc:
            ctx.checked_files[name] = f"附件“{name}”无法读取:{exc.strerror or exc}。"
        else:
            ctx.checked_files[name] = None
    return ctx.checked_files[name]


def import_check(*, agency: Agency, filename: str, data: bytes,
                 attachments: AttachmentSource | None = None,
                 ignore_index_numbers: bool = False) -> ImportReport:
    """The dry run: every row read and checked; nothing written."""
    report = ImportReport(filename=filename, agency=agency, sha256=hashlib.sha256(data).hexdigest())
    source = attachments or NoAttachments()
    try:
        rows = read_table(filename, data, report)
        ctx = _Lookups.load(agency, ignore_index_numbers=ignore_index_numbers)
        for line, raw in rows:
            report.total += 1
            parsed = _parse_row(line, raw, report, ctx, source)
            if parsed is not None:
                report.rows.append(parsed)
    except ImportFileError as exc:
        report.errors.append(RowError(0, "", str(exc)))
        report.lines_with_errors.add(0)
        report.rows = []
        return report
    if report.total == 0:
        report.errors.append(RowError(0, "", "文件中没有任何数据行。"))
    return report


# Writing ------------------------------------------------------------------------------


class _Rollback(Exception):
    pass


def _row_errors(row: ParsedRow, exc: Exception, report: ImportReport) -> None:
    if isinstance(exc, ValidationError):
        items = exc.message_dict.items() if hasattr(exc, "error_dict") else [("", exc.messages)]
        for name, messages in items:
            for message in messages:
                report.error(row.line, name if name in LABELS else "", message)
    elif isinstance(exc, AttachmentRejected | AttachmentMissing):
        report.error(row.line, "attachments", str(exc))
    elif isinstance(exc, InvalidTransition):
        report.error(row.line, "", exc.message)
    elif isinstance(exc, PermissionDeniedError):
        report.error(row.line, "department", "无权在此处室创建记录。")
    elif isinstance(exc, OSError):
        report.error(row.line, "attachments", f"附件无法读取:{exc.strerror or exc}。")
    else:
        report.error(row.line, "", str(exc))


class _Counters:
    """The agency's index counters, locked for the whole import and kept in memory.

    First raised to the highest historical serial in the file, so that the serials handed
    out to new publications (in this batch and later) come after it; written back once at
    the end. The transaction keeps them gap-free: a rolled-back import leaves them as they
    were (catalogue-fields.md: gap-free, never reused).
    """

    def __init__(self, agency: Agency, rows: Iterable[ParsedRow]) -> None:
        self.agency = agency
        self.rows: dict[int, IndexCounter] = {}
        self.raised: dict[int, int] = {}
        for row in rows:
            if row.index_number:
                year_text, serial_text = row.index_number.rsplit("/", 1)[1].split("-")
                year, serial = int(year_text), int(serial_text)
                self.raised[year] = max(self.raised.get(year, 0), serial)
        for year, serial in sorted(self.raised.items()):
            counter = self._counter(year)
            if counter.last_serial < serial:
                counter.last_serial = serial

    def _counter(self, year: int) -> IndexCounter:
        if year not in self.rows:
            IndexCounter.objects.get_or_create(agency=self.agency, year=year)
            self.rows[year] = IndexCounter.objects.select_for_update().get(agency=self.agency,
                                                                           year=year)
        return self.rows[year]

    def next_number(self, formed_on: dt.date) -> str:
        counter = self._counter(formed_on.year)
        counter.last_serial += 1
        return f"{self.agency.organisation_code}/{formed_on.year}-{counter.last_serial:05d}"

    def save(self) -> None:
        for counter in self.rows.values():
            counter.save(update_fields=["last_serial"])


def _ranges(ids: list[int]) -> list[list[int]]:
    """[[first, last], …] for the audit event: exact, and short for consecutive ids."""
    out: list[list[int]] = []
    for pk in sorted(ids):
        if out and pk == out[-1][1] + 1:
            out[-1][1] = pk
        else:
            out.append([pk, pk])
    return out


# Fields the dry run has already checked against the preloaded lookups; the rest of the
# model's field validation (lengths, choices, dates) runs again on each record.
_FK_FIELDS = ["agency", "department", "topic", "genre", "replaced_by", "current_version",
              "created_by", "index_number"]


class _Batch:
    """Writes checked rows CHUNK at a time, with the semantics of the services.

    ``record_create`` + ``record_submit`` + ``record_approve`` cost some forty queries per
    record (each validates foreign keys one query at a time and appends two or three audit
    events), about 30 records/s. Here a chunk of records, their first versions, their
    RecordEvents and scan findings are inserted in bulk; what stays per record is what has
    to be: one ``record.import`` audit event through ``audit_record`` (the hash chain is
    appended one event at a time) and ``record_attach`` for each attachment (byte checks,
    text extraction, its own events). The record's history reads as if typed in by hand:
    create, import (file and row), attach…, and when published submit and publish. Rows to
    publish go through ``publication.publish_many``, the gate every publication passes: the
    confidentiality scan runs on the text and the attachments' text, and a row it flags is
    held in 保密审查 instead of published. Published records get version 1, the index number
    from the locked counter (or their historical one), 发布日期 (the historical one when the
    file gives it), is_public only when proactive, and the next attribute review date when
    not; the consumers (search, log, PDFs, Q&A) hear of each published version once.
    """

    CHUNK = 500

    def __init__(self, report: ImportReport, *, actor: Any, source: AttachmentSource,
                 publish: bool) -> None:
        self.report = report
        self.agency = report.agency
        self.actor = actor
        self.user = actor if getattr(actor, "pk", None) else None
        self.source = source
        self.publish = publish
        self.stored: list[str] = []
        self.ids: list[int] = []
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)

    def run(self) -> None:
        counters = _Counters(self.agency, self.report.rows)
        rows = self.report.rows
        for start in range(0, len(rows), self.CHUNK):
            self._chunk(rows[start:start + self.CHUNK], counters)
        counters.save()
        report = self.report
        audit_record(actor=self.actor, verb="catalogue.import", obj=self.agency, agency=self.agency,
                     details={"filename": report.filename, "sha256": report.sha256,
                              "rows": report.total, "created": report.created,
                              "published": report.published, "held": report.held,
                              "attachments": report.attachments,
                              "record_ids": _ranges(self.ids),
                              "index_counters_raised": {str(y): s for y, s in counters.raised.items()}})

    def _publishes(self, row: ParsedRow) -> bool:
        return self.publish or bool(row.index_number)

    def _build(self, row: ParsedRow, counters: _Counters) -> Record:
        record = Record(agency=self.agency, created_by=self.user, **row.fields)
        record.document_number_key = document_numbers.lookup_key(record.document_number)
        try:
            record.clean_fields(exclude=_FK_FIELDS)
        except ValidationError as exc:
            _row_errors(row, exc, self.report)
            raise _Rollback from exc
        if self._publishes(row):
            # Published below through the publication gate, under the historical 索取号 and
            # 发布日期 when the file gives them.
            record.index_number = row.index_number or None
            record.published_on = row.published_on
        return record

    def _chunk(self, rows: list[ParsedRow], counters: _Counters) -> None:
        records = [self._build(row, counters) for row in rows]
        Record.objects.bulk_create(records)
        comment = "批量导入:{} 第{}{}"
        RecordEvent.objects.bulk_create(
            event for row, record in zip(rows, records, strict=True) for event in (
                RecordEvent(record=record, verb="create", actor=self.user),
                RecordEvent(record=record, verb="import", actor=self.user,
                            comment=comment.format(self.report.filename, row.line, self.report.unit))))
        texts: dict[int, list[tuple[str, str]]] = {}
        for row, record in zip(rows, records, strict=True):
            texts[record.pk] = []
            for name in row.attachments:
                try:
                    attachment = record_attach(
                        actor=self.actor, record=record,
                        filename=name.replace("\\", "/").rsplit("/", 1)[-1],
                        data=self.source.read(name), announce=False)
                except (ValidationError, AttachmentRejected, AttachmentMissing, InvalidTransition,
                        PermissionDeniedError, OSError) as exc:
                    _row_errors(row, exc, self.report)
                    raise _Rollback from exc
                self.stored.append(attachment.file.name)
                texts[record.pk].append((attachment.original_name, attachment.extracted_text))
                self.report.attachments += 1
        to_publish = [r for row, r in zip(rows, records, strict=True) if self._publishes(row)]
        outcomes = {o.record.pk: o for o in self._publish(to_publish, texts, counters)}
        drafts = [r.pk for r in records if r.pk not in outcomes]
        publication.after_change(drafts)
        for row, record in zip(rows, records, strict=True):
            outcome = outcomes.get(record.pk)
            audit_record(actor=self.actor, verb="record.import", obj=record, agency=self.agency,
                         details={"status": record.status, "filename": self.report.filename,
                                  "row": row.line, "index_number": record.index_number or "",
                                  "public": record.is_public,
                                  "attachments": len(row.attachments),
                                  "findings": len(outcome.findings) if outcome else 0})
            self.ids.append(record.pk)
        self.report.created += len(records)
        self.report.published += sum(1 for o in outcomes.values() if not o.held)
        self.report.held += sum(1 for o in outcomes.values() if o.held)

    def _publish(self, records: list[Record], texts: dict[int, list[tuple[str, str]]],
                 counters: _Counters) -> list[publication.Outcome]:
        """Each row as a reviewer's approval would publish it, through the same gate: a row
        whose text or attachments the scan flags goes to 保密审查 instead."""
        if not records:
            return []
        RecordEvent.objects.bulk_create(
            RecordEvent(record=record, verb="submit", actor=self.user) for record in records)
        for record in records:
            record.status = RecordStatus.IN_REVIEW
        return publication.publish_many(
            records, actor=self.actor, attachments=texts, audit=False, now=self.now,
            index_number=lambda record: counters.next_number(record.formed_on))


def _write(report: ImportReport, *, actor: Any, source: AttachmentSource, publish: bool) -> None:
    batch = _Batch(report, actor=actor, source=source, publish=publish)
    try:
        with transaction.atomic():
            batch.run()
    except _Rollback:
        _forget(batch.stored)
        report.created = report.published = report.attachments = 0
    except BaseException:
        _forget(batch.stored)
        raise


def _forget(names: list[str]) -> None:
    """Stored files are not part of the transaction: remove those this batch wrote."""
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            pass


def catalogue_import(*, actor: Any, agency: Agency, filename: str, data: bytes,
                     attachments: AttachmentSource | None = None, dry_run: bool = False,
                     publish: bool = False, ignore_index_numbers: bool = False) -> ImportReport:
    """Check every row; unless ``dry_run`` or there is an error, write them all or none.

    ``publish`` publishes every row as a reviewer's approval would (index number assigned,
    version 1); without it rows stay drafts, except those carrying a historical 索取号,
    which are published under that number. ``ignore_index_numbers`` drops the 索取号
    column (e.g. an export from another agency).
    """
    if actor is not None and not RecordPolicy.can_import(actor, agency):
        raise PermissionDeniedError
    source = attachments or NoAttachments()
    report = import_check(agency=agency, filename=filename, data=data, attachments=source,
                          ignore_index_numbers=ignore_index_numbers)
    report.dry_run = dry_run
    if dry_run or report.errors:
        return report
    _write(report, actor=actor, source=source, publish=publish)
    return report
