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
from typing import Any

from cryptography import x509
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from gongkai.audit.services import audit_record
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


def record_pdf_request(version) -> RecordPdf:
    """Called inside the publishing transaction: a pending row now, the work after commit."""
    from gongkai.jobs.registry import job_enqueue

    row, created = RecordPdf.objects.get_or_create(version=version,
                                                   defaults={"record_id": version.record_id})
    if created:
        def enqueue() -> None:
            job_enqueue(PDF_JOB, key=f"version-{version.pk}", version_id=version.pk)

        transaction.on_commit(enqueue)
    return row


def record_html(version) -> str:
    record = version.record
    attachments = list(record.attachments.all())
    digests = {d.attachment_id: d.sm3 for d in AttachmentDigest.objects.filter(
        attachment__in=attachments)}
    return render_to_string("signing/record_pdf.html", {
        "record": record, "version": version, "agency": record.agency,
        "attachments": [(a, digests.get(a.pk, "")) for a in attachments],
    })


def attachment_digests_ensure(record) -> int:
    """Store the SM3 digest of each attachment of a record that lacks one."""
    made = 0
    for attachment in record.attachments.filter(digest__isnull=True):
        try:
            with attachment.file.open("rb") as handle:
                data = handle.read()
        except OSError:
            log.warning("attachment %s has no file", attachment.pk)
            continue
        AttachmentDigest.objects.get_or_create(attachment=attachment,
                                               defaults={"sm3": sm3_hex(data)})
        made += 1
    return made


def record_pdf_build(*, version_id: int) -> RecordPdf:
    """Render, sign and store the PDF of a version; idempotent (a READY row is final)."""
    from gongkai.catalogue.models import RecordVersion

    version = RecordVersion.objects.select_related("record", "record__agency", "topic",
                                                   "genre").get(pk=version_id)
    row, _ = RecordPdf.objects.get_or_create(version=version,
                                             defaults={"record_id": version.record_id})
    if row.status == PdfStatus.READY:
        return row
    attachment_digests_ensure(version.record)
    agency = version.record.agency
    try:
        html = record_html(version)
        unsigned = render_pdf(html)
        reason = f"政府信息公开:{version.record.index_number or version.record_id} 第{version.number}版"
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
        row.file.save(f"record-{version.record_id}-v{version.number}.pdf", ContentFile(signed),
                      save=False)
        row.document = document
        _set_status(row, PdfStatus.READY, save=False)
        row.save()
        audit_record(actor=None, verb="signing.record_pdf", obj=row, agency=agency,
                     details={"record": version.record_id, "version": version.number,
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


def on_version_published(sender, *, record, version, actor=None, **kwargs) -> None:
    """Only public versions get a downloadable PDF; the others are never offered."""
    if record.is_public:
        record_pdf_request(version)
