"""Certificates, what each one signed, and the cached signed PDF of each published version.

Private keys are not here (see keys.py): a certificate row names its key file only.

What was signed is named by the catalogue's ids as plain integers, not foreign keys (ADR
0014): signing learns about versions and attachments through ``catalogue.publication`` and
knows no catalogue model. No row dangles in practice because the catalogue never deletes a
published record, version or attachment (a record is withdrawn, 撤回, and keeps its
versions); a signed PDF stays attributable to the version it was made from.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateSource(models.TextChoices):
    DEMO_CA = "demo_ca", _("本地演示根证书签发")
    PKCS12 = "pkcs12", _("导入的 PKCS#12 证书")


class SigningCertificate(models.Model):
    """One agency signing certificate. At most one per agency is current; rotation retires
    the old one, which stays so that documents it signed can still be attributed."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT,
                               related_name="signing_certificates", verbose_name=_("机构"))
    fingerprint = models.CharField(_("SHA-256 指纹"), max_length=64, unique=True)
    serial_number = models.CharField(_("序列号"), max_length=80)
    subject = models.CharField(_("主体"), max_length=400)
    issuer = models.CharField(_("签发者"), max_length=400)
    not_before = models.DateTimeField(_("生效时间"))
    not_after = models.DateTimeField(_("到期时间"))
    source = models.CharField(_("来源"), max_length=10, choices=CertificateSource.choices)
    certificate_pem = models.TextField(_("证书(PEM,含证书链)"))
    key_file = models.CharField(max_length=300)
    is_current = models.BooleanField(_("当前使用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    retired_at = models.DateTimeField(_("停用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("签名证书")
        verbose_name_plural = _("签名证书")
        ordering = ["agency_id", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["agency"], condition=models.Q(is_current=True),
                                    name="one_current_signing_certificate"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.fingerprint[:16]})"


class SignedDocument(models.Model):
    """Every PDF the platform signed: which certificate, why, and the digests of the exact
    bytes handed out, so a file given to a citizen can be recognised later.

    ``signature_sha256`` is the digest of the embedded CMS signature: it survives a change
    elsewhere in the file, which lets the verifier say *which* document was altered.
    """

    certificate = models.ForeignKey(SigningCertificate, on_delete=models.PROTECT,
                                    related_name="documents", verbose_name=_("签名证书"))
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("机构"))
    reason = models.CharField(_("签名事由"), max_length=200)
    sha256 = models.CharField(max_length=64, db_index=True)
    sm3 = models.CharField(max_length=64, db_index=True)
    signature_sha256 = models.CharField(max_length=64, db_index=True, blank=True)
    size = models.PositiveBigIntegerField()
    signed_at = models.DateTimeField(_("签名时间"), auto_now_add=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+")

    class Meta:
        verbose_name = _("已签名文件")
        verbose_name_plural = _("已签名文件")
        ordering = ["-signed_at"]

    def __str__(self) -> str:
        return f"{self.reason} {self.sha256[:12]}"


class PdfStatus(models.TextChoices):
    PENDING = "pending", _("生成中")
    READY = "ready", _("已生成")
    FAILED = "failed", _("生成失败")


class PdfTransition(Exception):
    """A record PDF cannot move between these states."""


PDF_TRANSITIONS: dict[str, set[str]] = {
    PdfStatus.PENDING: {PdfStatus.READY, PdfStatus.FAILED},
    PdfStatus.FAILED: {PdfStatus.READY, PdfStatus.FAILED},
    PdfStatus.READY: set(),
}


class RecordPdf(models.Model):
    """The signed PDF of one published version, produced once in the background.
    ``version_id``/``record_id`` are the catalogue's ids (see the module docstring)."""

    version_id = models.BigIntegerField(unique=True)
    record_id = models.BigIntegerField(db_index=True)
    status = models.CharField(max_length=10, choices=PdfStatus.choices,
                              default=PdfStatus.PENDING)
    file = models.FileField(upload_to="signed/%Y/%m/", blank=True)
    document = models.OneToOneField(SignedDocument, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="record_pdf")
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("签名 PDF")
        verbose_name_plural = _("签名 PDF")

    def __str__(self) -> str:
        return f"record {self.record_id} version {self.version_id} {self.status}"


class AttachmentDigest(models.Model):
    """The SM3 digest of an attachment (the catalogue keeps SHA-256 only), so a pasted SM3
    value can be looked up without reading every file. ``attachment_id`` is the catalogue's
    id; attachments of a published record are never deleted."""

    attachment_id = models.BigIntegerField(unique=True)
    sm3 = models.CharField(max_length=64, db_index=True)

    def __str__(self) -> str:
        return self.sm3
