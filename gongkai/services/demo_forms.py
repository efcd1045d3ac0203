"""Blank forms for the demo guides: small but real Word (.docx) files, a title and a table
of labelled blank rows, built here so the repository carries no binary."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>")
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _paragraph(text: str, *, bold: bool = False, size: int = 24) -> str:
    props = f'<w:rPr>{"<w:b/>" if bold else ""}<w:sz w:val="{size}"/></w:rPr>'
    return f"<w:p><w:r>{props}<w:t>{escape(text)}</w:t></w:r></w:p>"


def _cell(text: str, width: int) -> str:
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
            f"{_paragraph(text)}</w:tc>")


def blank_form(title: str, fields: list[str], *, filled: dict[str, str] | None = None,
               note: str = "（演示数据）") -> bytes:
    """A .docx with ``title`` and one row per field: the label, then a blank (or, for a
    filled sample, the example value)."""
    border = ('<w:tblBorders>' + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>")
    rows = "".join(f"<w:tr>{_cell(label, 2800)}{_cell((filled or {}).get(label, ''), 6200)}</w:tr>"
                   for label in fields)
    body = (_paragraph(title, bold=True, size=32) + _paragraph(note, size=20)
            + f'<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/>{border}</w:tblPr>{rows}</w:tbl>'
            + _paragraph("申请人签名：　　　　　　　　日期：　　年　　月　　日"))
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()
