"""Bulk import and export pages for administrators.

Import is two requests: the upload is stored under ``DATA_DIR/imports`` with a random name
and checked (the dry run); the report carries a signed token naming that stored file, and
the confirm button sends only the token back. The client never supplies a path: the token
is signed (``django.core.signing``), bound to the user, the agency and the options chosen
at upload, expires, and names a file that must match ``_STORED_NAME``. The file is removed
once the import has been attempted, so a second click on 确认导入 cannot import twice.
"""

from __future__ import annotations

import re
import secrets
import time
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import path

from gongkai.catalogue.exporter import FORMATS, catalogue_export
from gongkai.catalogue.importer import (
    COLUMNS,
    ImportFileError,
    ImportReport,
    RowError,
    ZipAttachments,
    catalogue_import,
    open_zip_upload,
)
from gongkai.catalogue.policies import RecordPolicy, has_any
from gongkai.core.access import staff_view
from gongkai.core.models import Agency, Role
from gongkai.core.policies import agency_ids_for

TOKEN_SALT = "gongkai.catalogue.import"
TOKEN_MAX_AGE = 6 * 3600
STALE_AFTER = 24 * 3600
UPLOAD_EXTENSIONS = ("csv", "xlsx", "json", "zip")
MAX_UPLOAD_BYTES = 4 * 1024**3
# The confirm step runs inside the request, and the server ends a request after 60 s
# (``gongkai serve``); at a few hundred records a second (bench/import_bench.py) batches
# above this size, or with many attachments, belong to ``gongkai catalogue_import``.
WEB_ROWS_HINT = 3000
_STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(csv|xlsx|json|zip)$")

COLUMN_HELP = {
    "title": "必填", "formed_on": "必填;YYYY-MM-DD,也可写 YYYY/M/D 或 Excel 日期",
    "topic": "必填;代码或名称", "genre": "必填;代码或名称", "department": "本机构处室名称",
    "disclosure_attribute": "主动公开/依申请公开/不予公开/未认定;留空按“未认定”导入,不对公众公开",
    "withholding_reason": "依申请公开、不予公开时必填", "is_official_document": "是/否,留空为“是”",
    "is_classified": "是/否,留空为“否”", "validity": "有效/失效/废止,可留空",
    "validity_changed_on": "失效、废止时必填", "index_number": "已有索取号的历史信息保留原号并发布",
    "published_on": "历史信息的原发布日期,可留空", "attachments": "文件名,多个用 ; 或 , 分隔",
}


def importable_agency_ids(user: Any) -> list[int] | None:
    return agency_ids_for(user, [Role.AGENCY_ADMIN])


def can_import_somewhere(user: Any) -> bool:
    return has_any(importable_agency_ids(user))


def _agencies(user: Any) -> list[Agency]:
    ids = importable_agency_ids(user)
    qs = Agency.objects.order_by("name")
    return list(qs if ids is None else qs.filter(pk__in=ids))


def _imports_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _remove_stale(folder: Path) -> None:
    cutoff = time.time() - STALE_AFTER
    for item in folder.iterdir():
        if _STORED_NAME.match(item.name) and item.stat().st_mtime < cutoff:
            item.unlink(missing_ok=True)


def _store(upload: Any, extension: str) -> Path:
    folder = _imports_dir()
    _remove_stale(folder)
    target = folder / f"{secrets.token_hex(16)}.{extension}"
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return target


def _run(*, request: HttpRequest, agency: Agency, stored: Path, original: str, publish: bool,
         ignore_index: bool, dry_run: bool) -> ImportReport:
    source: ZipAttachments | None = None
    try:
        if stored.suffix == ".zip":
            try:
                name, data, source = open_zip_upload(stored)
            except ImportFileError as exc:
                report = ImportReport(filename=original, agency=agency)
                report.errors.append(RowError(0, "", str(exc)))
                return report
            filename = f"{original}:{name}"
        else:
            data, filename = stored.read_bytes(), original
        return catalogue_import(actor=request.user, agency=agency, filename=filename, data=data,
                                attachments=source, dry_run=dry_run, publish=publish,
                                ignore_index_numbers=ignore_index)
    finally:
        if source is not None:
            source.archive.close()


def _page(request: HttpRequest, agencies: list[Agency], status: int = 200,
          **context: Any) -> HttpResponse:
    return render(request, "catalogue/staff/import.html", {
        "agencies": agencies, "columns": [(c, COLUMN_HELP.get(c.code, "")) for c in COLUMNS],
        "formats": list(FORMATS), **context,
    }, status=status)


@staff_view(can_import_somewhere)
def catalogue_import_view(request: HttpRequest) -> HttpResponse:
    agencies = _agencies(request.user)
    if request.method != "POST":
        return _page(request, agencies)
    if request.POST.get("token"):
        return _confirm(request, agencies)
    agency = next((a for a in agencies if str(a.pk) == request.POST.get("agency", "")), None)
    upload = request.FILES.get("file")
    errors = []
    extension = ""
    if agency is None:
        errors.append("请选择要导入到的机构。")
    if upload is None:
        errors.append("请选择要导入的文件(.csv、.xlsx、.json,或包含数据文件和附件的 .zip)。")
    else:
        original = upload.name or ""
        extension = original.rsplit(".", 1)[-1].lower() if "." in original else ""
        if extension not in UPLOAD_EXTENSIONS:
            errors.append("只能上传 .csv、.xlsx、.json 或 .zip 文件。")
        elif (upload.size or 0) > MAX_UPLOAD_BYTES:
            errors.append("文件过大:网页上传不超过 4 GB,更大的批次请使用命令行导入。")
    if errors or agency is None or upload is None:
        return _page(request, agencies, status=400, form_errors=errors)
    publish = request.POST.get("publish") == "1"
    ignore_index = request.POST.get("ignore_index_numbers") == "1"
    stored = _store(upload, extension)
    report = _run(request=request, agency=agency, stored=stored, original=original,
                  publish=publish, ignore_index=ignore_index, dry_run=True)
    token = ""
    if report.ok:
        token = signing.dumps({"f": stored.name, "a": agency.pk, "u": request.user.pk,
                               "n": original, "p": publish, "i": ignore_index},
                              salt=TOKEN_SALT)
    else:
        stored.unlink(missing_ok=True)
    return _page(request, agencies, report=report, token=token, chosen=agency, publish=publish,
                 ignore_index=ignore_index, large=report.total > WEB_ROWS_HINT)


def _confirm(request: HttpRequest, agencies: list[Agency]) -> HttpResponse:
    try:
        claim = signing.loads(request.POST["token"], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return _page(request, agencies, status=400,
                     form_errors=["确认已过期或无效,请重新上传文件检查。"])
    agency = next((a for a in agencies if a.pk == claim.get("a")), None)
    name = str(claim.get("f", ""))
    stored = _imports_dir() / name
    if claim.get("u") != request.user.pk or agency is None or not _STORED_NAME.match(name):
        return render(request, "staff/forbidden.html", status=403)
    if not RecordPolicy.can_import(request.user, agency):
        return render(request, "staff/forbidden.html", status=403)
    if not stored.is_file():
        return _page(request, agencies, status=400,
                     form_errors=["这份文件已经导入过或已过期,请重新上传。"])
    try:
        report = _run(request=request, agency=agency, stored=stored, original=str(claim["n"]),
                      publish=bool(claim.get("p")), ignore_index=bool(claim.get("i")),
                      dry_run=False)
    except zipfile.BadZipFile:
        report = ImportReport(filename=str(claim["n"]), agency=agency)
        report.errors.append(RowError(0, "", "压缩包已损坏,无法读取。"))
    finally:
        stored.unlink(missing_ok=True)
    return _page(request, agencies, report=report, chosen=agency, imported=report.ok,
                 status=200 if report.ok else 400)


@staff_view(can_import_somewhere)
def catalogue_export_view(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    agencies = _agencies(request.user)
    slug = request.GET.get("agency", "")
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        raise Http404
    agency: Agency | None = agencies[0] if not slug and len(agencies) == 1 else None
    if agency is None:
        agency = next((a for a in agencies if a.slug == slug), None)
        if agency is None:
            if Agency.objects.filter(slug=slug).exists():
                return render(request, "staff/forbidden.html", status=403)
            raise Http404
    stream, content_type, filename = catalogue_export(actor=request.user, agency=agency, fmt=fmt)
    response = StreamingHttpResponse(stream, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


urlpatterns: list = [
    path("import/", catalogue_import_view, name="catalogue_import"),
    path("export/", catalogue_export_view, name="catalogue_export"),
]
