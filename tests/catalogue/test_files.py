"""Attachments are accepted by content, refused with a message an editor can act on, and
their text is read back for the pre-scan and search. Every file is made here."""

from __future__ import annotations

import io
import logging
import struct
import zipfile
import zlib

import docx
import openpyxl
import pytest

from gongkai.catalogue import files
from gongkai.catalogue.files import AttachmentRejected, check_attachment, extract_text, sniff
from gongkai.catalogue.scan import scan_text

MB = 1024 * 1024


# ---- fixtures, built in the test ---------------------------------------------------------

def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF written by hand: ASCII lines in Helvetica, Chinese lines in the standard
    non-embedded Adobe-GB1 font STSong-Light with UTF-16BE codes (CMap UniGB-UTF16-H)."""
    ops = ["BT", "72 720 Td", "14 TL"]
    for text in lines:
        if text.isascii():
            escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"/F1 12 Tf ({escaped}) Tj T*")
        else:
            ops.append(f"/F2 12 Tf <{text.encode('utf-16-be').hex().upper()}> Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H "
        b"/DescendantFonts [7 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 8 0 R >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


PDF_LINES = ["Notice 2020", "关于公布法律援助机构名单的通知", "联系电话021-52345678"]


def docx_bytes() -> bytes:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "内部资料"
    document.add_paragraph("上海市司法局关于公布公证机构名单的通知")
    table = document.add_table(rows=2, cols=2)
    for (row, col), text in {(0, 0): "机构名称", (0, 1): "联系电话",
                             (1, 0): "某某公证处", (1, 1): "138-1234-5678"}.items():
        table.cell(row, col).text = text
    document.add_paragraph("特此通知。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "名单"
    sheet.append(["姓名", "电子邮箱", "件数"])
    sheet.append(["王某", "wang@example.com", 12])
    workbook.create_sheet("统计")["C4"] = "合计办结"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def png_bytes() -> bytes:
    """A real 1x1 grey PNG."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b""))


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 32 + b"\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"


def ole_bytes(*streams: str) -> bytes:
    """An OLE2 compound-file header followed by directory entries naming ``streams``; enough
    for sniffing, which is all that is done with .doc/.xls here."""
    entries = b"".join(name.encode("utf-16-le").ljust(64, b"\x00") + b"\x00" * 64 for name in streams)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + entries


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, body in members.items():
            package.writestr(name, body)
    return buffer.getvalue()


UTF8_TEXT = "关于2020年度政府信息公开工作的说明\n联系邮箱:gk@example.com\n".encode()
GBK_TEXT = "上海市司法局政府信息公开指南\r\n咨询电话:021-52345678\r\n".encode("gbk")


# ---- acceptance --------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "filename", "kind", "content_type", "extension"), [
    (pdf_bytes(PDF_LINES), "通知.pdf", "pdf", "application/pdf", "pdf"),
    (docx_bytes(), "通知.docx", "docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    (xlsx_bytes(), "名单.XLSX", "xlsx",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    (ole_bytes("Root Entry", "WordDocument", "1Table"), "旧通知.doc", "doc", "application/msword", "doc"),
    (ole_bytes("Root Entry", "Workbook"), "旧报表.xls", "xls", "application/vnd.ms-excel", "xls"),
    (ole_bytes("Root Entry", "Book"), "Excel5.xls", "xls", "application/vnd.ms-excel", "xls"),
    (png_bytes(), "照片.png", "png", "image/png", "png"),
    (JPEG, "现场.jpg", "jpeg", "image/jpeg", "jpg"),
    (JPEG, "现场.JPEG", "jpeg", "image/jpeg", "jpg"),
    (GIF, "图示.gif", "gif", "image/gif", "gif"),
    (UTF8_TEXT, "说明.txt", "txt", "text/plain; charset=utf-8", "txt"),
    ("\ufeff带签名的文本".encode(), "bom.txt", "txt", "text/plain; charset=utf-8", "txt"),
    (GBK_TEXT, "指南.txt", "txt", "text/plain; charset=gb18030", "txt"),
])
def test_accepted_by_content(data, filename, kind, content_type, extension):
    result = check_attachment(data, filename)
    assert (result.kind, result.content_type, result.extension) == (kind, content_type, extension)
    assert result.kind in files.ALLOWED_KINDS
    assert sniff(data, filename) == result


def test_allowed_kinds():
    assert files.ALLOWED_KINDS == {"pdf", "docx", "xlsx", "doc", "xls", "png", "jpeg", "gif", "txt"}


def test_ole_file_holding_both_streams_is_told_apart_by_its_name():
    both = ole_bytes("Root Entry", "WordDocument", "Workbook")
    assert check_attachment(both, "a.doc").kind == "doc"
    assert check_attachment(both, "a.xls").kind == "xls"


# ---- extraction --------------------------------------------------------------------------

def test_pdf_text_comes_back_with_chinese():
    text = extract_text(pdf_bytes(PDF_LINES), "pdf")
    assert [line.strip() for line in text.strip().splitlines()] == PDF_LINES


def test_docx_text_has_header_paragraphs_and_table():
    text = extract_text(docx_bytes(), "docx")
    assert text.splitlines() == [
        "内部资料", "上海市司法局关于公布公证机构名单的通知", "机构名称\t联系电话",
        "某某公证处\t138-1234-5678", "特此通知。",
    ]


def test_xlsx_text_has_every_sheet_and_cell():
    text = extract_text(xlsx_bytes(), "xlsx")
    assert text.splitlines() == [
        "名单", "姓名\t电子邮箱\t件数", "王某\twang@example.com\t12", "统计", "合计办结",
    ]


@pytest.mark.parametrize(("data", "expected"), [
    (UTF8_TEXT, "关于2020年度政府信息公开工作的说明\n联系邮箱:gk@example.com\n"),
    (GBK_TEXT, "上海市司法局政府信息公开指南\r\n咨询电话:021-52345678\r\n"),
    ("\ufeff带签名的文本".encode(), "带签名的文本"),
])
def test_plain_text_is_decoded(data, expected):
    assert extract_text(data, "txt") == expected


@pytest.mark.parametrize(("data", "kind"), [
    (png_bytes(), "png"), (JPEG, "jpeg"), (GIF, "gif"),
    (ole_bytes("Root Entry", "WordDocument"), "doc"), (ole_bytes("Root Entry", "Workbook"), "xls"),
])
def test_images_and_legacy_office_give_no_text(data, kind):
    assert extract_text(data, kind) == ""


def test_extracted_text_feeds_the_prescan():
    found = {hit.kind for hit in scan_text(extract_text(docx_bytes(), "docx"))}
    assert found == {"classification", "mobile"}
    found = {hit.kind for hit in scan_text(extract_text(xlsx_bytes(), "xlsx"))}
    assert found == {"email"}
    assert [hit.kind for hit in scan_text(extract_text(pdf_bytes(PDF_LINES), "pdf"))] == ["landline"]


@pytest.mark.parametrize(("data", "filename", "kind"), [
    (b"%PDF-1.7\nthis is not really a PDF", "坏.pdf", "pdf"),
    (zip_bytes({"word/document.xml": b"<not xml"}), "坏.docx", "docx"),
    (zip_bytes({"xl/workbook.xml": b"<not xml"}), "坏.xlsx", "xlsx"),
])
def test_corrupt_but_accepted_file_gives_empty_text_and_a_log_line(data, filename, kind, caplog):
    assert check_attachment(data, filename).kind == kind
    with caplog.at_level(logging.WARNING, logger="gongkai.catalogue.files"):
        assert extract_text(data, kind) == ""
    assert any(f"from a {kind} attachment" in record.getMessage() for record in caplog.records
               if record.name == "gongkai.catalogue.files")


# ---- rejection ---------------------------------------------------------------------------

def rejection(data: bytes, filename: str) -> AttachmentRejected:
    with pytest.raises(AttachmentRejected) as caught:
        check_attachment(data, filename)
    return caught.value


def test_rejection_is_a_value_error():
    assert issubclass(AttachmentRejected, ValueError)


def test_empty_file():
    exc = rejection(b"", "通知.pdf")
    assert exc.code == "empty" and str(exc) == "附件是空文件（0 字节），请检查后重新上传。"


@pytest.mark.parametrize("filename", ["通知.pdf", "setup.exe", "照片.jpg"])
def test_executable_whatever_its_name(filename):
    exc = rejection(EXE, filename)
    assert exc.code == "executable" and str(exc) == "附件是可执行程序或脚本，不能作为附件上传。"


@pytest.mark.parametrize(("data", "filename", "message"), [
    (png_bytes(), "通知.pdf",
     "附件的内容是PNG 图片，与文件名的扩展名“.pdf”不符。请确认文件无误，并以“.png”为扩展名重新上传。"),
    (pdf_bytes(PDF_LINES), "通知.docx", "附件的内容是PDF 文档，与文件名的扩展名“.docx”不符。"),
    (pdf_bytes(PDF_LINES), "通知.pdf.exe", "与文件名的扩展名“.exe”不符"),
    (pdf_bytes(PDF_LINES), "通知", "与文件名的扩展名为空不符"),
    (GIF, "图.png", "附件的内容是GIF 图片"),
    (docx_bytes(), "通知.xlsx", "附件的内容是Word 文档（.docx）"),
    (ole_bytes("Root Entry", "WordDocument"), "旧.xls", "附件的内容是Word 97-2003 文档（.doc）"),
    (UTF8_TEXT, "说明.pdf", "附件的内容是纯文本文件"),
])
def test_content_that_does_not_match_the_extension(data, filename, message):
    exc = rejection(data, filename)
    assert exc.code == "mismatch" and message in str(exc)


@pytest.mark.parametrize(("data", "filename", "message"), [
    (zip_bytes({"readme.txt": b"hello", "setup.exe": EXE}), "资料.docx",
     "附件是压缩包或不支持的 Office 格式"),
    (zip_bytes({"ppt/presentation.xml": b"<p/>"}), "汇报.docx", "附件是压缩包或不支持的 Office 格式"),
    (ole_bytes("Root Entry", "PowerPoint Document"), "汇报.doc", "不是 Word 文档或 Excel 表格"),
    (b"\x00\x01\x02\x03binary\x00junk", "数据.txt", "无法识别附件的文件格式"),
    (b"text with a \x1b escape", "数据.txt", "无法识别附件的文件格式"),
    ("UTF-16 文本".encode("utf-16"), "说明.txt", "无法识别附件的文件格式"),
])
def test_unknown_or_unsupported_content(data, filename, message):
    exc = rejection(data, filename)
    assert exc.code == "unsupported" and message in str(exc)
    assert "可接受的格式：PDF、Word（.doc/.docx）、Excel（.xls/.xlsx）" in str(exc)


def test_encrypted_office_file():
    exc = rejection(ole_bytes("Root Entry", "EncryptionInfo", "EncryptedPackage"), "加密.docx")
    assert exc.code == "encrypted" and "请取消密码保护后再上传" in str(exc)


def test_broken_zip():
    exc = rejection(b"PK\x03\x04" + b"\x00" * 40, "坏.docx")
    assert exc.code == "corrupt" and str(exc) == "附件是已损坏的压缩格式文件，无法打开。请检查后重新上传。"


def test_size_limit_follows_the_setting(settings):
    settings.GONGKAI_MAX_ATTACHMENT_MB = 1
    assert files.max_attachment_bytes() == files.MAX_ATTACHMENT_BYTES == MB
    at_limit = b"%PDF-1.4\n" + b"0" * (MB - 9)
    assert check_attachment(at_limit, "大.pdf").kind == "pdf"
    exc = rejection(at_limit + b"0", "大.pdf")
    assert exc.code == "too_large" and str(exc) == "附件大小为 1 MB，超过 1 MB 的上限。"
    exc = rejection(b"%PDF-1.4\n" + b"0" * (3 * MB), "大.pdf")
    assert str(exc) == "附件大小为 3 MB，超过 1 MB 的上限。"


def test_size_limit_defaults_to_fifty_megabytes(settings):
    del settings.GONGKAI_MAX_ATTACHMENT_MB
    assert files.MAX_ATTACHMENT_BYTES == 50 * MB


def test_zip_bomb(settings):
    settings.GONGKAI_MAX_ATTACHMENT_MB = 1
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr("[Content_Types].xml", b"<Types/>")
        package.writestr("word/document.xml", b"<w:document/>")
        with package.open("word/media/image1.bin", "w") as member:
            for _ in range(21):
                member.write(b"\x00" * MB)
    data = buffer.getvalue()
    assert len(data) < MB  # small on the wire, over 20 MB unpacked
    exc = rejection(data, "通知.docx")
    assert exc.code == "zip_bomb"
    assert str(exc) == "附件解压后约 21 MB，超过允许的 20 MB，疑似压缩炸弹，已拒绝。"


def test_package_just_under_the_expansion_limit_is_accepted(settings):
    settings.GONGKAI_MAX_ATTACHMENT_MB = 1
    data = zip_bytes({"xl/workbook.xml": b"<workbook/>", "xl/media/pad.bin": b"\x00" * (19 * MB)})
    assert check_attachment(data, "表.xlsx").kind == "xlsx"
