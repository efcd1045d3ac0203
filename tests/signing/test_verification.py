"""Anyone checks a file or digest: authentic, altered or unknown, with clear 4xx for bad
input and never a 500."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.catalogue import services as catalogue
from gongkai.signing import services
from gongkai.signing.models import AttachmentDigest
from gongkai.signing.verification import verify_digest, verify_file
from tests.signing.test_record_pdf import flip

pytestmark = pytest.mark.django_db

ATTACHMENT = "附件一:2024年政务公开工作要点任务分解表\n".encode() * 20


@pytest.fixture
def published(agency, publish, editor):
    """A public record with one attachment and its signed PDF."""
    record = catalogue.record_create(actor=editor, agency=agency, **__import__(
        "tests.factories", fromlist=["record_fields"]).record_fields(title="关于印发政务公开要点的通知"))
    catalogue.record_attach(actor=editor, record=record, filename="任务分解表.txt", data=ATTACHMENT)
    record = publish(agency, record=record)
    row = services.record_pdf_build(version_id=record.current_version_id)
    with row.file.open("rb") as handle:
        return record, handle.read()


def upload(client, data: bytes, name: str = "file.pdf"):
    return client.post("/verify/", {"file": SimpleUploadedFile(name, data)})


def test_genuine_pdf_is_authentic_and_names_record_and_version(published, client):
    record, pdf = published
    verdict = verify_file(pdf)
    assert verdict.verdict == "authentic" and verdict.kind == "record_pdf"
    assert verdict.record_id == record.pk and verdict.version == 1
    assert verdict.agency == record.agency.slug and not verdict.newer_version_exists
    assert verdict.log_index == 0
    page = upload(client, pdf)
    assert page.status_code == 200
    text = page.content.decode()
    assert "核验结果：真实有效" in text and "关于印发政务公开要点的通知" in text
    api = client.post("/api/v1/verify/file", {"file": SimpleUploadedFile("a.pdf", pdf)})
    assert api.status_code == 200 and api.json()["verdict"] == "authentic"


def test_altered_pdf_is_reported_altered_with_the_document_it_came_from(published, client):
    record, pdf = published
    verdict = verify_file(flip(pdf))
    assert verdict.verdict == "altered" and verdict.record_id == record.pk
    text = upload(client, flip(pdf)).content.decode()
    assert "文件已被改动" in text
    api = client.post("/api/v1/verify/file", {"file": SimpleUploadedFile("a.pdf", flip(pdf))})
    assert api.json()["verdict"] == "altered"


def test_content_appended_after_signing_is_altered(published):
    _, pdf = published
    verdict = verify_file(pdf + b"\n% appended\n")
    assert verdict.verdict == "altered"


def test_unknown_files(agency, client):
    assert verify_file(b"just some text").verdict == "unknown"
    plain = services.render_pdf("<p>一份没有签名的文件</p>")
    assert verify_file(plain).verdict == "unknown"
    text = upload(client, plain).content.decode()
    assert "核验结果：无法确认" in text


def test_pdf_signed_by_a_foreign_certificate_is_unknown(agency, other_agency):
    signed = services.sign_pdf(agency=other_agency, pdf=services.render_pdf("<p>外单位</p>"),
                               reason="测试")
    from gongkai.signing.models import SignedDocument, SigningCertificate

    assert verify_file(signed).verdict == "authentic"  # registered while it is ours
    # Simulate a stranger's PDF: same bytes, but no certificate or register row here.
    SignedDocument.objects.all().delete()
    SigningCertificate.objects.all().delete()
    assert verify_file(signed).verdict == "unknown"


def test_second_signature_added_later_is_altered(published, other_agency):
    _, pdf = published
    twice = services.sign_pdf(agency=other_agency, pdf=pdf, reason="加签")
    from gongkai.signing.models import SignedDocument

    SignedDocument.objects.filter(reason="加签").delete()  # a third party's re-signing
    verdict = verify_file(twice)
    assert verdict.verdict == "altered" and len(verdict.signatures) == 2
    assert "多个签名" in verdict.message


def test_new_version_makes_old_pdf_say_newer_exists(published, publish, agency):
    record, pdf = published
    publish(agency, record=record, title="关于印发政务公开要点的通知(更正)")
    verdict = verify_file(pdf)
    assert verdict.verdict == "authentic" and verdict.newer_version_exists
    assert verdict.version == 1 and verdict.current_version == 2


def test_withdrawn_record_is_authentic_but_withdrawn(published, reviewer):
    record, pdf = published
    catalogue.record_withdraw(actor=reviewer, record=record, reason="已失效")
    verdict = verify_file(pdf)
    assert verdict.verdict == "authentic" and verdict.withdrawn and verdict.record_url == ""


def test_attachment_by_upload_sha256_and_sm3(published, client):
    record, _ = published
    verdict = verify_file(ATTACHMENT)
    assert verdict.verdict == "authentic" and verdict.kind == "attachment"
    assert verdict.record_id == record.pk
    sm3 = hashlib.new("sm3", ATTACHMENT).hexdigest()
    assert AttachmentDigest.objects.get().sm3 == sm3
    for digest in (hashlib.sha256(ATTACHMENT).hexdigest(), sm3, sm3.upper(), f"  {sm3}\n"):
        assert verify_digest(digest).verdict == "authentic"
        response = client.post("/api/v1/verify/digest", {"digest": digest},
                               content_type="application/json")
        assert response.json()["verdict"] == "authentic"
    page = client.post("/verify/", {"digest": sm3})
    assert "真实有效" in page.content.decode()


def test_pdf_digest_lookup(published):
    _, pdf = published
    assert verify_digest(hashlib.sha256(pdf).hexdigest()).kind == "record_pdf"
    assert verify_digest(hashlib.new("sm3", pdf).hexdigest()).verdict == "authentic"
    assert verify_digest("0" * 64).verdict == "unknown"


def test_attachments_of_never_public_records_are_not_revealed(agency, editor, reviewer):
    from tests.factories import record_fields

    record = catalogue.record_create(actor=editor, agency=agency, **record_fields(
        disclosure_attribute="on_request", withholding_reason="涉及第三方", withholding_basis="第十五条"))
    catalogue.record_attach(actor=editor, record=record, filename="内部.txt", data=b"internal " * 50)
    verdict = verify_file(b"internal " * 50)
    assert verdict.verdict == "unknown" and verdict.record_id is None


@pytest.mark.parametrize(("digest", "fragment"), [
    ("abc", "64 位"), ("g" * 64, "十六进制"), ("0" * 63, "63 位"), ("0" * 128, "128 位"), ("", "请输入"),
])
def test_bad_digests_are_422_with_a_message(client, digest, fragment):
    response = client.post("/api/v1/verify/digest", {"digest": digest}, content_type="application/json")
    assert response.status_code == 422 and fragment in response.json()["error"]["message"]
    if digest:
        page = client.post("/verify/", {"digest": digest})
        assert page.status_code == 422 and fragment in page.content.decode()
    assert client.get(f"/api/v1/verify/digest/{digest or 'x'}").status_code == 422


def test_bad_uploads(published, client, settings):
    _, pdf = published
    truncated = pdf[: len(pdf) // 2]
    response = client.post("/api/v1/verify/file", {"file": SimpleUploadedFile("t.pdf", truncated)})
    assert response.status_code == 422 and "不完整" in response.json()["error"]["message"]
    assert upload(client, truncated).status_code == 422
    assert upload(client, b"%PDF-1.7\n garbage").status_code == 422
    empty = client.post("/api/v1/verify/file", {"file": SimpleUploadedFile("e.pdf", b"")})
    assert empty.status_code in (400, 422)
    assert client.post("/verify/", {}).status_code == 400
    assert client.post("/api/v1/verify/file", {}).status_code == 422
    settings.GONGKAI_VERIFY_MAX_UPLOAD_MB = 0
    assert client.post("/api/v1/verify/file",
                       {"file": SimpleUploadedFile("b.pdf", pdf)}).status_code == 413
    big = upload(client, pdf)
    assert big.status_code == 413 and "MB" in big.content.decode()


def test_verify_command_exit_status(published, tmp_path, capsys):
    record, pdf = published
    good = tmp_path / "good.pdf"
    good.write_bytes(pdf)
    call_command("verify", str(good))
    out = capsys.readouterr().out
    assert "AUTHENTIC" in out and str(record.index_number) in out
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(flip(pdf))
    with pytest.raises(CommandError, match="altered"):
        call_command("verify", str(bad))
    other = tmp_path / "other.txt"
    other.write_bytes(b"hello")
    with pytest.raises(CommandError, match="unknown"):
        call_command("verify", str(other))
    with pytest.raises(CommandError, match="cannot read"):
        call_command("verify", str(tmp_path / "missing.pdf"))


def test_verify_page_renders(client):
    response = client.get("/verify/")
    assert response.status_code == 200 and "文件核验" in response.content.decode()


def test_endpoints_are_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/records/{record_id}/pdf", "/api/v1/verify/file", "/api/v1/verify/digest",
                 "/api/v1/transparency/head", "/api/v1/transparency/proof/inclusion",
                 "/api/v1/transparency/proof/consistency"):
        assert path in paths, path
