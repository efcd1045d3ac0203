"""Reads of signing: the signed PDF of a public record, certificates for staff."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from gongkai.signing.models import PdfStatus, RecordPdf, SigningCertificate


@dataclass(frozen=True)
class PdfLookup:
    """``row`` is None when the version has no PDF row yet (published before signing)."""

    record_id: int
    version_id: int
    version_number: int
    index_number: str
    row: RecordPdf | None

    @property
    def ready(self) -> bool:
        return self.row is not None and self.row.status == PdfStatus.READY


def public_pdf_get(*, record_id: int, number: int | None = None) -> PdfLookup | None:
    """The PDF of the current (or a given) version of a public record; None if not public."""
    from gongkai.catalogue.publication import public_version

    found = public_version(record_id, number)
    if found is None:
        return None
    row = RecordPdf.objects.select_related("document").filter(version_id=found["version_id"]).first()
    return PdfLookup(found["record_id"], found["version_id"], found["version_number"],
                     found["index_number"], row)


def certificates_for(agency_ids: list[int] | None) -> QuerySet[SigningCertificate]:
    qs = SigningCertificate.objects.select_related("agency").annotate(signed=Count("documents"))
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    return qs.order_by("agency__sort_order", "agency_id", "-created_at")
