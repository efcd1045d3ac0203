"""A published record's PDF: produced in the background, downloaded, verified by pyHanko
and by poppler's pdfsig, and a flipped byte makes both fail."""

import io
import subprocess

import pypdf
import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from gongkai.catalogue import services as catalogue
from gongkai.jobs.models import JobRun
from gongkai.jobs.registry import JOBS
from gongkai.signing import services
from gongkai.signing.models import PdfStatus, RecordPdf
from gongkai.signing.pdf import _asn1_cert
from tests.factories import record_fields

pytestmark = pytest.mark.django_db


def run_pdf_jobs():
    for run in JobRun.objects.filter(name="signing.record_pdf", status="enqueued"):
        JOBS["signing.record_pdf"].call(run_id=run.pk)


def pdfsig(data: bytes, tmp_path) -> str:
    path = tmp_path / "record.pdf"
    path.write_bytes(data)
    return subprocess.run(["/usr/bin/pdfsig", str(path)], capture_output=True, text=True,
                          check=False).stdout


def pyhanko_ok(data: bytes) -> bool:
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    roots = [_asn1_cert(c) for c in services.trust_roots()]
    status = validate_pdf_signature(reader.embedded_signatures[0],
                                    ValidationContext(trust_roots=roots, allow_fetching=False))
    return bool(status.intact and status.valid and status.trusted)


def flip(data: bytes) -> bytes:
    """Change one byte of the page content (inside the signed range, outside the signature)."""
    changed = bytearray(data)
    position = data.index(b"stream", len(data) // 3) + 40
    changed[position] ^= 0x01
    return bytes(changed)


def test_download_verify_and_tamper(agency, publish, client, tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record = publish(agency, title="关于做好2024年度政府信息公开工作的通知")
    run_pdf_jobs()
    row = RecordPdf.objects.get(version_id=record.current_version_id)
    assert row.status == PdfStatus.READY and row.document.certificate.agency == agency

    response = client.get(f"/api/v1/records/{record.pk}/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    assert response["X-Content-SHA256"] == row.document.sha256

    text = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "关于做好2024年度政府信息公开工作的通知" in text
    assert record.index_number in text and "沪司办〔2020〕6号" in text
    assert pyhanko_ok(data)
    assert "Signature is Valid." in pdfsig(data, tmp_path)

    tampered = flip(data)
    assert not pyhanko_ok(tampered)
    report = pdfsig(tampered, tmp_path)
    assert "Signature is Valid." not in report and "Digest Mismatch" in report

    page = client.get(f"/verify/records/{record.pk}.pdf")
    assert page.status_code == 200 and b"".join(page.streaming_content) == data


def test_pdf_is_made_once_per_version_and_new_version_gets_its_own(agency, publish, editor,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record = publish(agency)
    run_pdf_jobs()
    first = RecordPdf.objects.get(version_id=record.current_version_id)
    again = services.record_pdf_build(version_id=record.current_version_id)
    assert again.document_id == first.document_id
    with django_capture_on_commit_callbacks(execute=True):
        record = publish(agency, record=record, title="关于印发工作要点的通知(更正)")
    run_pdf_jobs()
    assert RecordPdf.objects.filter(record_id=record.pk, status=PdfStatus.READY).count() == 2


def test_non_public_records_have_no_pdf(agency, publish, editor, reviewer, client):
    record = catalogue.record_create(actor=editor, agency=agency, **record_fields(
        disclosure_attribute="on_request", withholding_reason="涉及第三方", withholding_basis="条例第十五条"))
    record = catalogue.record_approve(actor=reviewer,
                                      record=catalogue.record_submit(actor=editor, record=record))
    assert not record.is_public and not RecordPdf.objects.filter(record_id=record.pk).exists()
    assert client.get(f"/api/v1/records/{record.pk}/pdf").status_code == 404
    assert client.get(f"/verify/records/{record.pk}.pdf").status_code == 404
    assert client.get("/api/v1/records/999999/pdf").status_code == 404
    public = publish(agency)
    catalogue.record_withdraw(actor=reviewer, record=public, reason="内容有误")
    assert client.get(f"/api/v1/records/{public.pk}/pdf").status_code == 404


def test_pdf_asked_for_before_its_job_ran_is_rendered_on_demand(agency, publish, client,
                                                                django_capture_on_commit_callbacks):
    """The pre-rendering job is bulk work at the back of the queue; a person asking must
    not wait for it: the request renders, signs and serves the PDF at once."""
    with django_capture_on_commit_callbacks(execute=True):
        record = publish(agency, title="关于做好2024年度政府信息公开工作的通知")
    assert RecordPdf.objects.get(version_id=record.current_version_id).status == PdfStatus.PENDING
    response = client.get(f"/verify/records/{record.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    row = RecordPdf.objects.get(version_id=record.current_version_id)
    assert row.status == PdfStatus.READY
    assert b"".join(response.streaming_content) == row.file.open("rb").read()
    api = client.get(f"/api/v1/records/{record.pk}/pdf")
    assert api.status_code == 200 and api["X-Content-SHA256"] == row.document.sha256
    run_pdf_jobs()  # the queued job finds the PDF made and does nothing more
    assert RecordPdf.objects.get(pk=row.pk).document_id == row.document_id


def test_while_another_render_runs_the_answer_is_202_and_the_job_moves_up(
        agency, publish, client, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    from gongkai.jobs.registry import PRIORITY_BULK, PRIORITY_WAITING
    from gongkai.signing import downloads

    with django_capture_on_commit_callbacks(execute=True):
        record = publish(agency)
    run = JobRun.objects.get(name="signing.record_pdf")
    assert run.priority == PRIORITY_BULK
    assert DBTaskResult.objects.get(pk=run.task_result_id).priority == PRIORITY_BULK
    assert downloads._rendering.acquire(blocking=False)  # another request is rendering
    try:
        page = client.get(f"/verify/records/{record.pk}.pdf")
        api = client.get(f"/api/v1/records/{record.pk}/pdf")
    finally:
        downloads._rendering.release()
    assert page.status_code == 202 and page["Retry-After"] == "5"
    assert "正在生成" in page.content.decode()
    assert api.status_code == 202 and api.json()["status"] == "pending"
    run.refresh_from_db()
    assert run.priority == PRIORITY_WAITING
    assert DBTaskResult.objects.get(pk=run.task_result_id).priority == PRIORITY_WAITING
