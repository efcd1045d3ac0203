"""Is this file an authentic, unaltered publication? Reads only; anyone may ask.

Answers, in order of strength: the exact bytes are registered (a signed PDF we handed out,
or a published attachment) → authentic; a PDF carries a signature by one of our
certificates but the bytes changed (digest mismatch, broken signature, content appended
after signing) → altered, naming the document when its signature is recognised; anything
else → unknown. Only records that were public are ever named: a digest of a never-public
record's attachment gets "unknown", so the verifier leaks nothing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings

from gongkai.signing.models import AttachmentDigest, SignedDocument, SigningCertificate
from gongkai.signing.pdf import SignatureReport, inspect_pdf

AUTHENTIC, ALTERED, UNKNOWN = "authentic", "altered", "unknown"
_HEX = re.compile(r"^[0-9a-f]*$")


class VerifyInputError(ValueError):
    """The input cannot be checked at all; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str, field_name: str = "file"):
        super().__init__(message)
        self.status = status
        self.message = message
        self.field_name = field_name


@dataclass
class Verdict:
    verdict: str
    message: str
    kind: str = ""
    sha256: str = ""
    sm3: str = ""
    agency: str = ""
    agency_name: str = ""
    record_id: int | None = None
    record_title: str = ""
    record_url: str = ""
    index_number: str = ""
    version: int | None = None
    current_version: int | None = None
    newer_version_exists: bool = False
    withdrawn: bool = False
    reason: str = ""
    signed_at: str = ""
    log_index: int | None = None
    signatures: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.verdict == AUTHENTIC

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def max_upload_bytes() -> int:
    return settings.GONGKAI_VERIFY_MAX_UPLOAD_MB * 1024 * 1024


def _describe_record(verdict: Verdict, record_id: int, *, version_id: int | None = None) -> None:
    """Names the record (through ``catalogue.publication``) only if it is or was public."""
    from gongkai.catalogue.publication import record_description

    described = record_description(record_id, version_id=version_id)
    if described is None:
        return
    for name, value in described.items():
        setattr(verdict, name, value)
    if verdict.version:
        from gongkai.transparency.selectors import entry_for_version

        entry = entry_for_version(record_id, verdict.version)
        verdict.log_index = entry.index if entry else None


def _from_document(verdict: Verdict, document: SignedDocument) -> Verdict:
    verdict.agency, verdict.agency_name = document.agency.slug, document.agency.name
    verdict.reason = document.reason
    verdict.signed_at = document.signed_at.isoformat()
    verdict.kind = "signed_document"
    record_pdf = getattr(document, "record_pdf", None)
    if record_pdf is not None:
        verdict.kind = "record_pdf"
        _describe_record(verdict, record_pdf.record_id, version_id=record_pdf.version_id)
    return verdict


def _documents(**lookup: Any):
    return SignedDocument.objects.select_related("agency", "record_pdf").filter(**lookup)


def _attachments_by(*, sha256: str = "", sm3: str = "") -> list[dict[str, Any]]:
    from gongkai.catalogue.publication import public_attachments_matching

    if sha256:
        return public_attachments_matching(sha256=sha256)
    ids = AttachmentDigest.objects.filter(sm3=sm3).values_list("attachment_id", flat=True)
    return public_attachments_matching(ids=list(ids))


def _authentic(sha256: str, sm3: str, message_pdf: str, message_file: str) -> Verdict | None:
    document = _documents(sha256=sha256).first() if sha256 else _documents(sm3=sm3).first()
    if document is not None:
        verdict = Verdict(AUTHENTIC, message_pdf, sha256=document.sha256, sm3=document.sm3)
        return _from_document(verdict, document)
    attachments = _attachments_by(sha256=sha256, sm3=sm3)
    if attachments:
        attachment = attachments[0]
        digest = AttachmentDigest.objects.filter(attachment_id=attachment["id"]).first()
        verdict = Verdict(AUTHENTIC, message_file, sha256=attachment["sha256"],
                          sm3=digest.sm3 if digest else sm3)
        verdict.kind = "attachment"
        verdict.reason = attachment["original_name"]
        _describe_record(verdict, attachment["record_id"])
        return verdict
    return None


def verify_digest(raw: str) -> Verdict:
    value = (raw or "").strip().lower().replace(" ", "")
    if not value:
        raise VerifyInputError(422, "请输入 SHA-256 或 SM3 摘要。", "digest")
    if not _HEX.match(value):
        raise VerifyInputError(422, "摘要只能包含十六进制字符 0-9 和 a-f。", "digest")
    if len(value) != 64:
        raise VerifyInputError(
            422, f"SHA-256 和 SM3 摘要都是 64 位十六进制字符,您输入了 {len(value)} 位。", "digest")
    found = _authentic(value, "", "该摘要属于本平台签发的文件。", "该摘要属于本平台公开的附件。")
    if found is None:
        found = _authentic("", value, "该摘要(SM3)属于本平台签发的文件。",
                           "该摘要(SM3)属于本平台公开的附件。")
    return found or Verdict(UNKNOWN, "本平台没有发布过与该摘要对应的文件。")


def _report_dict(report: SignatureReport) -> dict[str, Any]:
    return asdict(report)


def verify_file(data: bytes) -> Verdict:
    if not data:
        raise VerifyInputError(400, "上传的文件为空。")
    if len(data) > max_upload_bytes():
        raise VerifyInputError(
            413, f"文件超过 {settings.GONGKAI_VERIFY_MAX_UPLOAD_MB} MB,无法核验;可改为输入文件摘要。")
    sha256 = hashlib.sha256(data).hexdigest()
    sm3 = hashlib.new("sm3", data).hexdigest()
    found = _authentic(sha256, "", "这是本平台签发的原始文件,内容未被改动。",
                       "这是本平台公开的附件原件,内容未被改动。")
    if found is not None:
        return found
    verdict = Verdict(UNKNOWN, "", sha256=sha256, sm3=sm3)
    inspection = inspect_pdf(data)
    if not inspection.is_pdf:
        verdict.message = "本平台没有发布过该文件(未签名的文件只能按完整内容比对)。"
        return verdict
    if inspection.problem:
        raise VerifyInputError(422, inspection.problem + "请上传完整的原始文件。")
    verdict.signatures = [_report_dict(s) for s in inspection.signatures]
    if not inspection.signatures:
        verdict.message = "该 PDF 没有电子签名,本平台也没有发布过该文件。"
        return verdict
    ours = {c for c in SigningCertificate.objects.filter(
        fingerprint__in=[s.signer_fingerprint for s in inspection.signatures if s.signer_fingerprint]
    ).values_list("fingerprint", flat=True)}
    known = _documents(signature_sha256__in=[s.signature_sha256 for s in inspection.signatures
                                             if s.signature_sha256]).first()
    if known is None and not ours:
        if any(s.problem for s in inspection.signatures):
            verdict.message = "该 PDF 的签名已损坏,无法确认来源;本平台没有发布过该文件。"
        else:
            verdict.message = "该 PDF 的签名不是本平台任何机构的证书所签,本平台没有发布过该文件。"
        return verdict
    verdict.verdict = ALTERED
    if known is not None:
        _from_document(verdict, known)
        verdict.sha256, verdict.sm3 = sha256, sm3
    else:
        cert = SigningCertificate.objects.select_related("agency").get(fingerprint=next(iter(ours)))
        verdict.agency, verdict.agency_name = cert.agency.slug, cert.agency.name
    if len(inspection.signatures) > 1:
        verdict.message = "文件含有多个签名,在本平台签名之后被加签或改动过,不是原始发布文件。"
    elif inspection.signatures[0].problem or not inspection.signatures[0].intact or not (
            inspection.signatures[0].valid):
        verdict.message = "签名校验失败:文件在签名之后被改动过。"
    elif not inspection.signatures[0].covers_whole_file:
        verdict.message = "签名之后文件被追加了内容,不是原始发布文件。"
    else:
        # Intact signature by our certificate over the whole file, but the bytes are not
        # registered (e.g. the register row was lost): the signature itself still proves it.
        verdict.verdict = AUTHENTIC
        verdict.message = "签名有效,由本平台机构证书签署,内容未被改动。"
    return verdict
