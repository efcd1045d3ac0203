"""Writes of signing: certificates, signatures and the signed PDFs of published versions.

``render_pdf`` and ``sign_pdf`` are the generic entry points other apps use (reply letters,
the annual report). ``sign_pdf`` never fails because an agency has no key yet: it issues one
from the local demo CA on the spot (and audits that), because a letter that cannot be sent
on its statutory day is worse than one signed by a certificate an administrator will
replace; the staff certificate page shows which documents each certificate signed.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from cryptography import x509
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.catalogue.publication import Consumer, Published
from gongkai.core.models import Agency
from gongkai.signing import keys, pdf
from gongkai.signing.models import (
    PDF_TRANSITIONS,
    AttachmentDigest,
    CertificateSource,
    PdfStatus,
    PdfTransition,
    RecordPdf,
    SignedDocument,
    SigningCertificate,
)
from gongkai.signing.policies import SigningPolicy

log = logging.getLogger("gongkai.signing")

PDF_JOB = "signing.record_pdf"


def sm3_hex(data: bytes) -> str:
    return hashlib.new("sm3", data).hexdigest()


def render_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """HTML to PDF/A-3b with the CJK fonts embedded and the text selectable.

    Extend ``signing/document_base.html`` for the A4 page and the fonts.
    """
    return pdf.html_to_pdf(html, base_url=base_url)


def _chain(cert: SigningCertificate) -> tuple[x509.Certificate, list[x509.Certificate]]:
    certs = x509.load_pem_x509_certificates(cert.certificate_pem.encode())
    return certs[0], certs[1:]


def sign_pdf(*, agency: Agency, pdf: bytes, reason: str, actor: Any = None) -> bytes:
    """Sign ``pdf`` with the agency's current certificate (PAdES) and register the result.

    Returns the signed bytes; their SHA-256/SM3 go in ``SignedDocument`` so the public
    verifier recognises the exact file later.
    """
    cert = certificate_current(agency) or certificate_generate(agency=agency, actor=None,
                                                                reason="auto")
    leaf, chain = _chain(cert)
    signed = _sign_bytes(pdf, cert, leaf, chain, reason, agency)
    with transaction.atomic():
        document = _register(cert, agency, signed, reason, actor)
        audit_record(actor=actor, verb="signing.sign", obj=document, agency=agency,
                     details={"reason": reason[:200], "sha256": document.sha256,
                              "certificate": cert.fingerprint})
    return signed


def _sign_bytes(data: bytes, cert: SigningCertificate, leaf: x509.Certificate,
                chain: list[x509.Certificate], reason: str, agency: Agency) -> bytes:
    key = keys.load_private_key(cert.key_file)
    return pdf.pades_sign(data, key=key, certificate=leaf, chain=chain, reason=reason,
                          location=agency.name)


def _register(cert: SigningCertificate, agency: Agency, signed: bytes, reason: str,
              actor: Any) -> SignedDocument:
    inspection = pdf.inspect_pdf(signed)
    signature_sha256 = inspection.signatures[-1].signature_sha256 if inspection.signatures else ""
    return SignedDocument.objects.create(
        certificate=cert, agency=agency, reason=reason[:200], sha256=hashlib.sha256(signed).hexdigest(),
        sm3=sm3_hex(signed), signature_sha256=signature_sha256, size=len(signed),
        signed_by=actor if getattr(actor, "pk", None) else None,
    )


# Certificates ---------------------------------------------------------------------------


def certificate_current(agency: Agency) -> SigningCertificate | None:
    return SigningCertificate.objects.filter(agency=agency, is_current=True).first()


def _install(agency: Agency, material: keys.KeyMaterial, source: str, actor: Any,
             verb: str) -> SigningCertificate:
    leaf = material.certificate
    with transaction.atomic():
        old = list(SigningCertificate.objects.select_for_update()
                   .filter(agency=agency, is_current=True))
        SigningCertificate.objects.filter(pk__in=[c.pk for c in old]).update(
            is_current=False, retired_at=timezone.now())
        cert = SigningCertificate.objects.create(
            agency=agency, fingerprint=keys.fingerprint(leaf), serial_number=format(leaf.serial_number, "x"),
            subject=leaf.subject.rfc4514_string()[:400], issuer=leaf.issuer.rfc4514_string()[:400],
            not_before=leaf.not_valid_before_utc, not_after=leaf.not_valid_after_utc,
            source=source, key_file=material.key_file, is_current=True,
            certificate_pem="".join(c.public_bytes(keys.serialization.Encoding.PEM).decode()
                                    for c in [leaf, *material.chain]),
        )
        audit_record(actor=actor, verb=verb, obj=cert, agency=agency,
                     details={"fingerprint": cert.fingerprint, "serial": cert.serial_number,
                              "retired": [c.fingerprint for c in old]})
    return cert


def _require(actor: Any, agency: Agency) -> None:
    if actor is not None and not SigningPolicy.can_manage(actor, agency):
        raise PermissionDenied


def certificate_generate(*, agency: Agency, actor: Any, reason: str = "keygen") -> SigningCertificate:
    """Issue a new key pair and certificate from the local CA; retires the current one
    (that is also how a demo-CA certificate is rotated)."""
    _require(actor, agency)
    material = keys.generate_agency_key(
        agency_slug=agency.slug, agency_name=agency.name,
        organisation_code=agency.organisation_code, days=settings.GONGKAI_SIGNING_CERT_DAYS)
    verb = "signing.certificate_auto" if reason == "auto" else "signing.certificate_generate"
    return _install(agency, material, CertificateSource.DEMO_CA, actor, verb)


def certificate_import_p12(*, agency: Agency, actor: Any, data: bytes,
                           password: bytes | None) -> SigningCertificate:
    _require(actor, agency)
    material = keys.import_pkcs12(agency_slug=agency.slug, data=data, password=password)
    if SigningCertificate.objects.filter(fingerprint=keys.fingerprint(material.certificate)).exists():
        raise keys.KeyStoreError("该证书已导入。")
    return _install(agency, material, CertificateSource.PKCS12, actor, "signing.certificate_import")


def trust_roots() -> list[x509.Certificate]:
    """The CA certificates of every certificate we ever signed with (and the demo CA)."""
    roots: dict[bytes, x509.Certificate] = {}
    for pem in SigningCertificate.objects.values_list("certificate_pem", flat=True):
        certs = x509.load_pem_x509_certificates(pem.encode())
        for cert in certs[1:] or certs[:1]:
            roots[keys.der(cert)] = cert
    return list(roots.values())


# Record PDFs ------------------------------------------------------------------------------


def record_pdf_request(*, version_id: int, record_id: int) -> RecordPdf:
    """Called inside the publishing transaction: a pending row now, the work after commit."""
    from gongkai.jobs.registry import job_enqueue

    row, created = RecordPdf.objects.get_or_create(version_id=version_id,
                                                   defaults={"record_id": record_id})
    if created:
        def enqueue() -> None:
            job_enqueue(PDF_JOB, key=f"version-{version_id}", version_id=version_id)

        transaction.on_commit(enqueue)
    return row


def _sm3_digests(attachment_ids: list[int]) -> dict[int, str]:
    return dict(AttachmentDigest.objects.filter(attachment_id__in=attachment_ids)
                .values_list("attachment_id", "sm3"))


def record_html(version_id: int) -> tuple[dict[str, Any], str]:
    """The catalogue renders the version's page (``publication.version_html``); signing adds
    only the SM3 digests it keeps."""
    from gongkai.catalogue.publication import version_html

    return version_html(version_id, digests=_sm3_digests)


class PdfConsumer(Consumer):
    """Only public versions get a downloadable PDF; the others are never offered."""

    name = "signing"

    def published(self, items: Sequence[Published]) -> None:
        from gongkai.jobs.registry import job_enqueue

        public = [item for item in items if item.public]
        if not public:
            return
        # One INSERT for the batch; an existing row (and its job key) is left as it is.
        RecordPdf.objects.bulk_create(
            [RecordPdf(version_id=i.version_id, record_id=i.record_id) for i in public],
            ignore_conflicts=True)

        def enqueue() -> None:
            for item in public:
                job_enqueue(PDF_JOB, key=f"version-{item.version_id}", version_id=item.version_id)

        transaction.on_commit(enqueue)


def attachment_digests_ensure(attachments: Iterable[tuple[int, Callable[[], bytes]]]) -> int:
    """Store the SM3 digest of each attachment (id, reader of its bytes) that lacks one."""
    made = 0
    items = list(attachments)
    known = set(AttachmentDigest.objects.filter(attachment_id__in=[pk for pk, _ in items])
                .values_list("attachment_id", flat=True))
    for pk, read in items:
        if pk in known:
            continue
        try:
            data = read()
        except OSError:
            log.warning("attachment %s has no file", pk)
            continue
        AttachmentDigest.objects.get_or_create(attachment_id=pk, defaults={"sm3": sm3_hex(data)})
        made += 1
    return made


def record_pdf_build(*, version_id: int) -> RecordPdf:
    """Render, sign and store the PDF of a version; idempotent (a READY row is final)."""
    from gongkai.catalogue.publication import version_attachments

    row = RecordPdf.objects.filter(version_id=version_id).first()
    if row is None:  # published before signing existed
        facts, _ = record_html(version_id)
        row = record_pdf_request(version_id=version_id, record_id=facts["record_id"])
    if row.status == PdfStatus.READY:
        return row
    attachment_digests_ensure(version_attachments(row.record_id))
    try:
        facts, html = record_html(version_id)
        agency = Agency.objects.get(pk=facts["agency_id"])
        unsigned = render_pdf(html)
        reason = f"政府信息公开:{facts['index_number'] or facts['record_id']} 第{facts['version_number']}版"
        cert = certificate_current(agency) or certificate_generate(agency=agency, actor=None,
                                                                    reason="auto")
        leaf, chain = _chain(cert)
        signed = _sign_bytes(unsigned, cert, leaf, chain, reason, agency)
    except Exception as exc:
        _set_status(row, PdfStatus.FAILED, error=str(exc)[:2000])
        raise
    with transaction.atomic():
        row = RecordPdf.objects.select_for_update().get(pk=row.pk)
        if row.status == PdfStatus.READY:
            return row
        document = _register(cert, agency, signed, reason, None)
        row.file.save(f"record-{facts['record_id']}-v{facts['version_number']}.pdf",
                      ContentFile(signed), save=False)
        row.document = document
        _set_status(row, PdfStatus.READY, save=False)
        row.save()
        audit_record(actor=None, verb="signing.record_pdf", obj=row, agency=agency,
                     details={"record": facts["record_id"], "version": facts["version_number"],
                              "sha256": document.sha256, "certificate": cert.fingerprint})
    return row


def _set_status(row: RecordPdf, status: str, *, error: str = "", save: bool = True) -> None:
    if status not in PDF_TRANSITIONS[row.status]:
        raise PdfTransition(f"{row.status} -> {status}")
    row.status = status
    row.error = error
    row.finished_at = timezone.now()
    if save:
        row.save(update_fields=["status", "error", "finished_at"])
