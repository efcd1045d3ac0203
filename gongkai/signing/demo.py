"""Demo: every active agency gets a certificate from the local demo CA (idempotent).

The signed PDFs of the demo records are produced by the task worker that ``gongkai serve``
runs, like in production; the demo does not wait for them.
"""

from __future__ import annotations

from gongkai.core.models import Agency
from gongkai.signing.models import PdfStatus, RecordPdf
from gongkai.signing.services import certificate_current, certificate_generate


def load_demo(records: int | None = None, **_: object) -> dict[str, int]:
    issued = 0
    for agency in Agency.objects.filter(is_active=True).order_by("pk"):
        if certificate_current(agency) is None:
            certificate_generate(agency=agency, actor=None)
            issued += 1
    return {"certificates": issued,
            "pdfs_pending": RecordPdf.objects.filter(status=PdfStatus.PENDING).count()}
