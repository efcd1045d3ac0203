"""The HTTP answer for a record PDF, shared by the API and the public page."""

from __future__ import annotations

from django.http import FileResponse

from gongkai.signing.selectors import PdfLookup
from gongkai.signing.services import record_pdf_request

RETRY_AFTER_SECONDS = 5


def ensure_requested(found: PdfLookup) -> None:
    """A version published before signing existed gets its PDF on first request."""
    if found.row is None:
        from django.db import transaction

        with transaction.atomic():
            record_pdf_request(version_id=found.version_id, record_id=found.record_id)


def file_response(found: PdfLookup) -> FileResponse:
    assert found.row is not None
    response = FileResponse(found.row.file.open("rb"), content_type="application/pdf",
                            as_attachment=False,
                            filename=f"record-{found.record_id}-v{found.version_number}.pdf")
    response["Cache-Control"] = "public, max-age=300"
    if found.row.document is not None:
        response["ETag"] = f'"{found.row.document.sha256}"'
        response["X-Content-SHA256"] = found.row.document.sha256
    return response
