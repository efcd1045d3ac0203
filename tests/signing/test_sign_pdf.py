"""The generic entry points other apps call: render_pdf and sign_pdf."""

import hashlib
import io
import os
import stat
import subprocess

import pypdf
import pytest
from django.template.loader import render_to_string

from gongkai.audit.models import AuditEvent
from gongkai.signing import services
from gongkai.signing.models import SignedDocument, SigningCertificate
from gongkai.signing.pdf import inspect_pdf

pytestmark = pytest.mark.django_db

LETTER = """{% extends "signing/document_base.html" %}{% block content %}
<h1>政府信息公开申请答复书</h1><p>申请人:经审查,您申请的信息属于主动公开范围。</p>{% endblock %}"""


def _letter_html() -> str:
    from django.template import engines

    return engines["django"].from_string(LETTER).render({})


def pdfsig(data: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(["/usr/bin/pdfsig", str(path)], capture_output=True, text=True,
                          check=False).stdout


def test_render_pdf_is_pdfa_with_embedded_cjk_font_and_selectable_text():
    data = services.render_pdf(_letter_html())
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert "政府信息公开申请答复书" in reader.pages[0].extract_text()
    fonts = set()
    for obj in reader.pages[0]["/Resources"]["/Font"].values():
        font = obj.get_object()
        descendants = font.get("/DescendantFonts")
        descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"]
        if any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            fonts.add(str(font["/BaseFont"]))
    assert any("Noto-Serif-CJK" in f or "Noto-Sans-CJK" in f for f in fonts), fonts
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data()
    assert b"pdfaid" in xmp and b"3" in xmp.split(b"pdfaid:part")[1][:5]
    assert "/OutputIntents" in root


def test_sign_pdf_creates_key_when_missing_and_registers_the_document(agency, tmp_path):
    assert not SigningCertificate.objects.filter(agency=agency).exists()
    signed = services.sign_pdf(agency=agency, pdf=services.render_pdf(_letter_html()),
                               reason="答复书")
    cert = SigningCertificate.objects.get(agency=agency, is_current=True)
    key_path = services.keys.signing_dir() / cert.key_file
    assert stat.S_IMODE(os.stat(key_path).st_mode) == 0o600
    assert "BEGIN PRIVATE KEY" not in cert.certificate_pem
    document = SignedDocument.objects.get(sha256=hashlib.sha256(signed).hexdigest())
    assert document.certificate == cert and document.sm3 == services.sm3_hex(signed)
    assert AuditEvent.objects.filter(verb="signing.certificate_auto").exists()
    assert AuditEvent.objects.filter(verb="signing.sign", object_id=str(document.pk)).exists()
    report = inspect_pdf(signed, trust_roots=services.trust_roots()).signatures
    assert len(report) == 1 and report[0].intact and report[0].valid and report[0].trusted
    assert report[0].signer_fingerprint == cert.fingerprint
    assert report[0].signature_sha256 == document.signature_sha256
    assert "Signature is Valid." in pdfsig(signed, tmp_path)


def test_rotation_retires_the_old_certificate_and_signs_with_the_new(agency, agency_admin):
    first = services.certificate_generate(agency=agency, actor=agency_admin)
    second = services.certificate_generate(agency=agency, actor=agency_admin)
    first.refresh_from_db()
    assert not first.is_current and first.retired_at is not None and second.is_current
    signed = services.sign_pdf(agency=agency, pdf=services.render_pdf(_letter_html()),
                               reason="年报")
    assert inspect_pdf(signed).signatures[0].signer_fingerprint == second.fingerprint


def test_only_administrators_manage_certificates(agency, editor):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.certificate_generate(agency=agency, actor=editor)


def test_import_p12_installs_a_real_ca_certificate(agency, agency_admin, tmp_path):
    from tests.signing.pki import make_p12

    data, ca = make_p12("测试CA", "上海市司法局", b"secret")
    cert = services.certificate_import_p12(agency=agency, actor=agency_admin, data=data,
                                           password=b"secret")
    assert cert.source == "pkcs12" and cert.is_current and "测试CA" in cert.issuer
    signed = services.sign_pdf(agency=agency, pdf=services.render_pdf(_letter_html()),
                               reason="测试")
    report = inspect_pdf(signed, trust_roots=services.trust_roots()).signatures[0]
    assert report.intact and report.valid and report.trusted
    with pytest.raises(services.keys.KeyStoreError):
        services.certificate_import_p12(agency=agency, actor=agency_admin, data=data,
                                        password=b"wrong")
    with pytest.raises(services.keys.KeyStoreError):
        services.certificate_import_p12(agency=agency, actor=agency_admin, data=b"junk",
                                        password=None)


def test_document_base_template_renders():
    html = render_to_string("signing/document_base.html", {})
    assert "A4" in html and "Noto Serif CJK SC" in html
