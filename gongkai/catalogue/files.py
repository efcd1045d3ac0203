"""Attachments: accept a file by what it is, not by what it is called, and read its text.

A record's attachments are published as they are (Regulations Art. 17 asks for the same
confidentiality review of them as of the body), so two things are needed before one is kept:

- a check of the bytes. The name a browser sends is whatever the uploader typed; an
  executable renamed 通知.pdf must not reach the public download area, and a ZIP that
  claims to be a Word file must not make the server unpack gigabytes. ``check_attachment``
  recognises the formats a government notice is published in by their magic bytes, insists
  that the name's extension agrees, and refuses the rest with a message the editor can act
  on;
- the text, for the pre-scan (``gongkai.catalogue.scan``) and for search.
  ``extract_text`` reads PDF, Word (.docx) and Excel (.xlsx) files and plain text. Images and
  the Office 97-2003 formats (.doc/.xls) are accepted but give no text: there is no OCR and
  no legacy-Office reader here, so the reviewer has to open those files themselves.

Size limit: ``GONGKAI_MAX_ATTACHMENT_MB`` (default 50), read at each call so that a changed
setting applies at once. A .docx/.xlsx whose members add up to more than
``ZIP_EXPANSION_LIMIT`` times that limit once unpacked is refused as a zip bomb. The sizes
checked are those the ZIP directory declares; Python's zipfile never inflates a member past
its declared size (it stops there and fails the CRC check), so the libraries that read the
file later cannot be made to inflate more than was checked here.
"""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings

log = logging.getLogger(__name__)

DEFAULT_MAX_ATTACHMENT_MB = 50
ZIP_EXPANSION_LIMIT = 20

# kind -> (content type, canonical extension, extensions a file of this kind may carry)
_KINDS: dict[str, tuple[str, str, frozenset[str]]] = {
    "pdf": ("application/pdf", "pdf", frozenset({"pdf"})),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx",
             frozenset({"docx"})),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx",
             frozenset({"xlsx"})),
    "doc": ("application/msword", "doc", frozenset({"doc"})),
    "xls": ("application/vnd.ms-excel", "xls", frozenset({"xls"})),
    "png": ("image/png", "png", frozenset({"png"})),
    "jpeg": ("image/jpeg", "jpg", frozenset({"jpg", "jpeg", "jpe"})),
    "gif": ("image/gif", "gif", frozenset({"gif"})),
    "txt": ("text/plain", "txt", frozenset({"txt"})),
}
ALLOWED_KINDS: frozenset[str] = frozenset(_KINDS)

_KIND_NAMES = {
    "pdf": "PDF 文档", "docx": "Word 文档（.docx）", "xlsx": "Excel 表格（.xlsx）",
    "doc": "Word 97-2003 文档（.doc）", "xls": "Excel 97-2003 表格（.xls）",
    "png": "PNG 图片", "jpeg": "JPEG 图片", "gif": "GIF 图片", "txt": "纯文本文件",
}
_ACCEPTED = "PDF、Word（.doc/.docx）、Excel（.xls/.xlsx）、PNG/JPEG/GIF 图片和纯文本（.txt）"

_PDF = b"%PDF-"
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
_GIF = (b"GIF87a", b"GIF89a")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_EXECUTABLE = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!")

# Stream names in an OLE2 compound file's directory, stored as UTF-16LE.
_OLE_WORD = "WordDocument".encode("utf-16-le")
_OLE_EXCEL = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
_OLE_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")

# C0 controls that do not occur in text files (tab, LF, FF, CR and Ctrl-Z do).
_BINARY_CONTROLS = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1A}


class AttachmentRejected(ValueError):
    """A file that may not be attached; ``str(exc)`` is the message to show the editor and
    ``code`` says which check failed (empty, too_large, executable, unsupported, encrypted,
    corrupt, mismatch, zip_bomb)."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True, slots=True)
class SniffResult:
    """What the bytes are: ``kind`` (one of ALLOWED_KINDS), the Content-Type to serve them with,
    and the extension (without the dot) to store them under."""

    kind: str
    content_type: str
    extension: str


def max_attachment_bytes() -> int:
    """The upload limit in bytes, from ``GONGKAI_MAX_ATTACHMENT_MB`` as it is now."""
    megabytes = getattr(settings, "GONGKAI_MAX_ATTACHMENT_MB", DEFAULT_MAX_ATTACHMENT_MB)
    return int(float(megabytes) * 1024 * 1024)


def __getattr__(name: str) -> Any:
    # MAX_ATTACHMENT_BYTES is computed on each access so a changed setting applies at once;
    # code that imports the name binds the value of that moment, so prefer the function.
    if name == "MAX_ATTACHMENT_BYTES":
        return max_attachment_bytes()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _extension(filename: str) -> str:
    base = filename.replace("\\", "/").rsplit("/", 1)[-1].strip().rstrip(".").strip()
    if "." not in base.lstrip("."):
        return ""
    return base.rsplit(".", 1)[1].strip().lower()


def _result(kind: str) -> SniffResult:
    content_type, extension, _ = _KINDS[kind]
    return SniffResult(kind=kind, content_type=content_type, extension=extension)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def _decode_text(data: bytes) -> tuple[str, str] | None:
    """(text, charset) when ``data`` reads as UTF-8 or GB18030 text, else None."""
    if b"\x00" in data:
        return None
    for charset, codec in (("utf-8", "utf-8-sig"), ("gb18030", "gb18030")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if any(ord(char) in _BINARY_CONTROLS for char in text):
            return None
        return text, charset
    return None


def _sniff_ole(data: bytes, extension: str) -> SniffResult:
    """Office 97-2003 files share one container (OLE2); the streams inside tell a Word document
    from an Excel workbook. The name's extension picks between them when both are present."""
    found = set()
    if _OLE_WORD in data:
        found.add("doc")
    if any(name in data for name in _OLE_EXCEL):
        found.add("xls")
    if extension in found:
        return _result(extension)
    if len(found) == 1:
        return _result(found.pop())
    if _OLE_ENCRYPTED in data:
        raise AttachmentRejected(
            "附件是加密的 Office 文件，无法审查其内容。请取消密码保护后再上传。", code="encrypted")
    raise AttachmentRejected(
        f"附件是 Office 97-2003 格式，但不是 Word 文档或 Excel 表格，无法接受。可接受的格式：{_ACCEPTED}。",
        code="unsupported")


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise AttachmentRejected("附件是已损坏的压缩格式文件，无法打开。请检查后重新上传。",
                                 code="corrupt") from exc


def _sniff_zip(data: bytes) -> SniffResult:
    """.docx and .xlsx are ZIP packages; the part that holds the document tells which."""
    with _open_zip(data) as package:
        names = set(package.namelist())
    if "word/document.xml" in names:
        return _result("docx")
    if "xl/workbook.xml" in names:
        return _result("xlsx")
    raise AttachmentRejected(
        f"附件是压缩包或不支持的 Office 格式，无法接受。可接受的格式：{_ACCEPTED}。", code="unsupported")


def sniff(data: bytes, filename: str) -> SniffResult:
    """What ``data`` is, judged by its content; raises AttachmentRejected when it is none of
    ALLOWED_KINDS. ``filename`` is only used to choose between .doc and .xls when an OLE2
    container holds both a Word and an Excel stream."""
    head = data[:16]
    if head.startswith(_PDF):
        return _result("pdf")
    if head.startswith(_PNG):
        return _result("png")
    if head.startswith(_JPEG):
        return _result("jpeg")
    if head.startswith(_GIF):
        return _result("gif")
    if head.startswith(_OLE2):
        return _sniff_ole(data, _extension(filename))
    if head.startswith(_ZIP):
        return _sniff_zip(data)
    if head.startswith(_EXECUTABLE):
        raise AttachmentRejected("附件是可执行程序或脚本，不能作为附件上传。", code="executable")
    decoded = _decode_text(data)
    if decoded is not None:
        return SniffResult(kind="txt", content_type=f"text/plain; charset={decoded[1]}",
                           extension="txt")
    raise AttachmentRejected(f"无法识别附件的文件格式。可接受的格式：{_ACCEPTED}。", code="unsupported")


def _check_zip_expansion(data: bytes, limit: int) -> None:
    with _open_zip(data) as package:
        unpacked = sum(member.file_size for member in package.infolist())
    allowed = ZIP_EXPANSION_LIMIT * limit
    if unpacked > allowed:
        raise AttachmentRejected(
            f"附件解压后约 {_megabytes(unpacked)} MB，超过允许的 {_megabytes(allowed)} MB，"
            "疑似压缩炸弹，已拒绝。", code="zip_bomb")


def check_attachment(data: bytes, filename: str) -> SniffResult:
    """Accept ``data`` as an attachment named ``filename`` or raise AttachmentRejected.

    Refused: an empty file; one over the size limit; anything that is not one of
    ALLOWED_KINDS by its content (executables get their own message); a file whose name's
    extension does not fit its content (a PNG called .pdf, a .pdf with no extension at
    all); a .docx/.xlsx that would unpack to more than ZIP_EXPANSION_LIMIT times the limit.
    """
    if not data:
        raise AttachmentRejected("附件是空文件（0 字节），请检查后重新上传。", code="empty")
    limit = max_attachment_bytes()
    if len(data) > limit:
        raise AttachmentRejected(
            f"附件大小为 {_megabytes(len(data))} MB，超过 {_megabytes(limit)} MB 的上限。", code="too_large")
    result = sniff(data, filename)
    extension = _extension(filename)
    if extension not in _KINDS[result.kind][2]:
        shown = f"“.{extension}”" if extension else "为空"
        raise AttachmentRejected(
            f"附件的内容是{_KIND_NAMES[result.kind]}，与文件名的扩展名{shown}不符。"
            f"请确认文件无误，并以“.{result.extension}”为扩展名重新上传。", code="mismatch")
    if result.kind in ("docx", "xlsx"):
        _check_zip_expansion(data, limit)
    return result


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")  # opens files that only restrict printing or copying
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _docx_text(data: bytes) -> str:
    from docx import Document
    from docx.table import Table

    def table_lines(table: Table) -> list[str]:
        lines: list[str] = []
        for row in table.rows:
            cells, seen = [], set()
            for cell in row.cells:  # a merged cell appears once per grid column it spans
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                cells.append(cell.text)
                for inner in cell.tables:
                    lines.extend(table_lines(inner))
            lines.append("\t".join(cells))
        return lines

    document = Document(io.BytesIO(data))
    lines: list[str] = []
    # Headers and footers first: that is where a classification mark is often printed.
    for section in document.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                lines.extend(p.text for p in part.paragraphs)
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(table_lines(block))
        else:
            lines.append(block.text)
    return "\n".join(line for line in lines if line.strip())


def _xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        lines: list[str] = []
        for sheet in workbook.worksheets:
            lines.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                values = [str(value) for value in row if value is not None and str(value).strip()]
                if values:
                    lines.append("\t".join(values))
        return "\n".join(lines)
    finally:
        workbook.close()


def _txt_text(data: bytes) -> str:
    for codec in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return ""


_EXTRACTORS = {"pdf": _pdf_text, "docx": _docx_text, "xlsx": _xlsx_text, "txt": _txt_text}


def extract_text(data: bytes, kind: str) -> str:
    """The text of an accepted attachment, for the pre-scan and search; "" for images and
    .doc/.xls (no OCR, no legacy-Office reader).

    A file can pass ``check_attachment`` and still be damaged inside. The upload is kept all
    the same (the reviewer can open it), so this logs the failure and returns "" instead of
    raising.
    """
    extractor = _EXTRACTORS.get(kind)
    if extractor is None:
        return ""
    try:
        return extractor(data)
    except Exception as exc:
        log.warning("could not extract text from a %s attachment (%d bytes): %s: %s",
                    kind, len(data), type(exc).__name__, exc)
        return ""
