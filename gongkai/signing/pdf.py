"""Rendering HTML to archival PDF and applying / inspecting PAdES signatures.

No database here: services.py decides which key signs, this module only does the PDF work,
so the benchmark and the verifier can call it directly.
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass, field

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization

log = logging.getLogger("gongkai.signing")
# pyHanko logs a full traceback for every signer it cannot chain to a trust root; for a
# public verifier fed arbitrary files that is expected, and the verdict says so already.
logging.getLogger("pyhanko.sign.validation.generic_cms").setLevel(logging.CRITICAL)

# The font families the document CSS asks for; fontconfig finds them in Debian's
# fonts-noto-cjk and WeasyPrint embeds the subset that is used.
CJK_SERIF = "Noto Serif CJK SC"
CJK_SANS = "Noto Sans CJK SC"


def _outside_event_loop(fn, *args, **kwargs):
    """pyHanko's sync API calls ``asyncio.run``, which fails in a thread that already runs
    an event loop (an ASGI server, Playwright in the browser tests): run it in a worker
    thread then."""
    import asyncio
    import concurrent.futures

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args, **kwargs).result()


class PdfError(Exception):
    """The bytes are not a PDF we can read (message is for people)."""


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/a-3b")


def _asn1_cert(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def pades_sign(pdf: bytes, *, key, certificate: x509.Certificate,
               chain: list[x509.Certificate], reason: str, location: str = "") -> bytes:
    """Sign as PAdES baseline (ETSI.CAdES.detached) over the whole file."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key_info = asn1_keys.PrivateKeyInfo.load(key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    signer = signers.SimpleSigner(
        signing_cert=_asn1_cert(certificate), signing_key=key_info,
        cert_registry=SimpleCertificateStore.from_certs([_asn1_cert(c) for c in chain]),
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    except Exception as exc:
        raise PdfError("不是有效的 PDF 文件。") from exc
    existing = len(writer.prev.embedded_signatures)
    meta = signers.PdfSignatureMetadata(
        field_name="GongkaiSignature" + (str(existing + 1) if existing else ""),
        reason=reason[:200], location=location or None,
        subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256",
    )
    return _outside_event_loop(signers.sign_pdf, writer, meta, signer=signer).getvalue()


@dataclass
class SignatureReport:
    """What one embedded signature says about the file."""

    field_name: str
    signer_subject: str = ""
    signer_fingerprint: str = ""
    signature_sha256: str = ""
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    covers_whole_file: bool = False
    signed_at: str = ""
    problem: str = ""


@dataclass
class PdfInspection:
    is_pdf: bool
    signatures: list[SignatureReport] = field(default_factory=list)
    problem: str = ""


def inspect_pdf(data: bytes, *,
                trust_roots: list[x509.Certificate] | None = None) -> PdfInspection:
    """Read the signatures of a PDF and check each one cryptographically.

    Trust in the certificate is decided by the caller (it knows the agencies'
    certificates); here only integrity: did the signed bytes change, does the signature
    match the key in the signer's certificate, does it cover the whole file.
    """
    if not data.lstrip(b"\x00\t\n\r ").startswith(b"%PDF-"):
        return PdfInspection(False, problem="文件不是 PDF。")
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=[_asn1_cert(c) for c in trust_roots or []],
                                allow_fetching=False)

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:
        log.info("unreadable PDF: %s", exc)
        return PdfInspection(True, problem="PDF 文件已损坏或不完整,无法读取。")
    reports = []
    for sig in embedded:
        report = SignatureReport(field_name=str(sig.field_name))
        try:
            contents = sig.sig_object["/Contents"]
            report.signature_sha256 = hashlib.sha256(bytes(contents).rstrip(b"\x00")).hexdigest()
            cert = sig.signer_cert
            report.signer_subject = cert.subject.human_friendly
            report.signer_fingerprint = cert.sha256.hex()
            status = _outside_event_loop(validate_pdf_signature, sig, context)
            report.intact = bool(status.intact)
            report.valid = bool(status.valid)
            report.trusted = bool(status.trusted)
            report.covers_whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
            if status.signer_reported_dt:
                report.signed_at = status.signer_reported_dt.isoformat()
        except Exception as exc:
            log.info("unreadable signature in PDF: %s", exc)
            report.problem = "签名数据损坏,无法校验。"
        reports.append(report)
    return PdfInspection(True, reports)
