"""The HTTP answer for a record PDF, shared by the API and the public page.

A PDF nobody has asked for yet is pre-rendered by a bulk background job, which on a busy
queue may be far down the line. So when someone asks and it is not there, the request
renders and signs it at once (``record_pdf_build``, the same service the job calls; a
version's PDF is made once, so this costs at most one render per public version). One
such render at a time per process: a second request meanwhile gets the 202 answer and
the job is moved to the front of the queue, so web workers are never all rendering.
"""

from __future__ import annotations

import logging
import threading

from django.http import FileResponse

from gongkai.signing.selectors import PdfLookup, public_pdf_get
from gongkai.signing.services import PDF_JOB, record_pdf_build, record_pdf_request

log = logging.getLogger("gongkai.signing")

RETRY_AFTER_SECONDS = 5
_rendering = threading.BoundedSemaphore(1)


def ensure_requested(found: PdfLookup) -> None:
    """A version published before signing existed gets its PDF on first request; a queued
    one is moved up, since someone is now waiting for it."""
    from gongkai.jobs.registry import job_expedite

    if found.row is None:
        from django.db import transaction

        with transaction.atomic():
            record_pdf_request(version_id=found.version_id, record_id=found.record_id)
    job_expedite(PDF_JOB, key=f"version-{found.version_id}")


def render_on_demand(found: PdfLookup) -> PdfLookup:
    """The lookup after rendering the PDF now, or unchanged (still not ready) when another
    render is under way in this process or rendering failed; then the job is expedited."""
    if found.ready:
        return found
    if _rendering.acquire(blocking=False):
        try:
            record_pdf_build(version_id=found.version_id)
        except Exception:
            log.exception("record %s: rendering the PDF on demand failed", found.record_id)
        finally:
            _rendering.release()
        again = public_pdf_get(record_id=found.record_id, number=found.version_number)
        if again is not None and again.ready:
            return again
    ensure_requested(found)
    return found


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
