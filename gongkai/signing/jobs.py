"""Background work of signing: producing the signed PDF of a newly published version."""

from __future__ import annotations

from gongkai.jobs.registry import PRIORITY_BULK, job


@job("signing.record_pdf", priority=PRIORITY_BULK)
def record_pdf(version_id: int) -> dict:
    from gongkai.signing.services import record_pdf_build

    row = record_pdf_build(version_id=version_id)
    return {"version": version_id, "status": row.status,
            "sha256": row.document.sha256 if row.document else ""}
