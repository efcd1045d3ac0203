"""Public pages: verify a file or digest, and download a record's signed PDF."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.core.access import public_view
from gongkai.core.intake import rate_limit
from gongkai.signing import downloads, selectors
from gongkai.signing.verification import VerifyInputError, max_upload_bytes, verify_digest, verify_file


@public_view
@require_http_methods(["GET", "POST"])
@rate_limit("signing.verify")
def verify(request) -> HttpResponse:
    context: dict = {"max_mb": settings.GONGKAI_VERIFY_MAX_UPLOAD_MB, "digest": ""}
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        digest = request.POST.get("digest", "").strip()
        context["digest"] = digest[:200]
        try:
            if upload is not None:
                if upload.size > max_upload_bytes():
                    raise VerifyInputError(413, f"文件超过 {settings.GONGKAI_VERIFY_MAX_UPLOAD_MB} MB,"
                                                "无法核验;可改为输入文件摘要。")
                context["result"] = verify_file(upload.read())
                context["filename"] = upload.name
            elif digest:
                context["result"] = verify_digest(digest)
            else:
                raise VerifyInputError(400, "请选择要核验的文件,或输入文件摘要。")
        except VerifyInputError as exc:
            context["error"] = exc.message
            context["error_field"] = exc.field_name
            status = exc.status
    return render(request, "signing/verify.html", context, status=status)


@public_view
@require_safe
def record_pdf(request, pk: int, number: int | None = None):
    found = selectors.public_pdf_get(record_id=pk, number=number)
    if found is None:
        raise Http404("not public")
    found = downloads.render_on_demand(found)
    if found.ready:
        return downloads.file_response(found)
    response = render(request, "signing/pdf_pending.html", {
        "found": found, "retry": downloads.RETRY_AFTER_SECONDS}, status=202)
    response["Retry-After"] = str(downloads.RETRY_AFTER_SECONDS)
    return response
